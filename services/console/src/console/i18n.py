"""Interface labels in English and Russian, and which language a request gets.

The language is ``?lang=`` when given (and then remembered in a cookie), else the cookie, else
the browser's Accept-Language, else English. Records keep their own language: only the console's
labels are translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.requests import Request

from console.messages import MESSAGES

LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "pdp_console_lang"

Translate = Callable[[str], str]


def _from_accept_language(header: str) -> str | None:
    weighted: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            weighted.append((quality, primary))
    return max(weighted, key=lambda pair: pair[0])[1] if weighted else None


def chosen_language(request: Request) -> str:
    """Return the interface language of this request."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return _from_accept_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE


def translator(language: str, catalogue: Mapping[str, Mapping[str, str]] = MESSAGES) -> Translate:
    """Return the function templates call as ``_("key")``: the label, else English, else the key."""
    labels = catalogue.get(language, {})
    fallback = catalogue[DEFAULT_LANGUAGE]

    def translate(key: str) -> str:
        return labels.get(key) or fallback.get(key) or key

    return translate
