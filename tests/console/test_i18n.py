"""Interface language: ?lang=, the cookie, Accept-Language, and a complete Russian catalogue."""

from __future__ import annotations

from console.i18n import chosen_language, translator
from console.messages import EN, RU
from starlette.requests import Request


def _request(query: str = "", cookie: str = "", accept: str = "") -> Request:
    headers = []
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    if accept:
        headers.append((b"accept-language", accept.encode()))
    scope = {"type": "http", "query_string": query.encode(), "headers": headers}
    return Request(scope)


class TestChosenLanguage:
    def test_query_wins(self) -> None:
        request = _request("lang=ru", cookie="pdp_console_lang=en", accept="en")
        assert chosen_language(request) == "ru"

    def test_cookie_before_browser(self) -> None:
        assert chosen_language(_request(cookie="pdp_console_lang=ru", accept="en")) == "ru"

    def test_accept_language_by_weight(self) -> None:
        assert chosen_language(_request(accept="de;q=0.9, ru-RU;q=0.8, en;q=0.5")) == "ru"

    def test_unknown_falls_back_to_english(self) -> None:
        assert chosen_language(_request("lang=fr", accept="fr, de")) == "en"


class TestCatalogue:
    def test_russian_has_every_label(self) -> None:
        assert set(RU) == set(EN)

    def test_missing_label_falls_back(self) -> None:
        translate = translator("ru", {"en": {"a": "A", "b": "B"}, "ru": {"a": "А"}})
        assert (translate("a"), translate("b"), translate("c")) == ("А", "B", "c")
