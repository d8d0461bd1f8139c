"""Render a page: the template, the interface language, the viewer and the form token."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from console import csrf
from console.i18n import LANG_COOKIE, LANGUAGES, chosen_language, translator
from console.session import current_viewer
from console.settings import ConsoleSettings

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _switch_links(request: Request) -> dict[str, str]:
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return {
        language: request.url.path + "?" + urlencode([*query, ("lang", language)])
        for language in LANGUAGES
    }


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Render ``template`` for this request, setting the language and CSRF cookies it needs."""
    settings: ConsoleSettings = request.app.state.settings
    language = chosen_language(request)
    translate = translator(language)
    nonce = csrf.nonce_of(request)
    page = {
        "lang": language,
        "_": translate,
        "t": lambda key, **values: translate(key).format(**values),
        "viewer": current_viewer(request),
        "csrf_field": csrf.CSRF_FIELD,
        "csrf_token": csrf.form_token(settings.secret_key.get_secret_value(), nonce),
        "switch_links": _switch_links(request),
        "path": request.url.path,
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, template, page, status_code=status)
    csrf.remember_nonce(request, response, secure=settings.cookie_secure)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            language,
            max_age=365 * 86_400,
            samesite="strict",
            secure=settings.cookie_secure,
            path="/",
        )
    return response
