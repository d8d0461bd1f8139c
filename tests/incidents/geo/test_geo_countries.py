"""Tests of country lookup by code and name."""

from __future__ import annotations

import pytest
from incidents.geo import acled_name, country_by_alpha3, country_by_numeric, resolve_country


class TestCountryByCode:
    def test_alpha3(self) -> None:
        kyrgyzstan = country_by_alpha3("kgz")
        assert kyrgyzstan is not None
        assert (kyrgyzstan.alpha3, kyrgyzstan.alpha2, kyrgyzstan.numeric) == ("KGZ", "KG", 417)

    @pytest.mark.parametrize("code", [860, "860", "0860"[1:]])
    def test_numeric(self, code: int | str) -> None:
        uzbekistan = country_by_numeric(code)
        assert uzbekistan is not None
        assert uzbekistan.alpha3 == "UZB"

    def test_numeric_with_leading_zeros(self) -> None:
        afghanistan = country_by_numeric("004")
        assert afghanistan is not None
        assert afghanistan.alpha3 == "AFG"

    @pytest.mark.parametrize("code", ["0", "999", "-4", "4.0", "1234"])
    def test_unknown_numeric(self, code: str) -> None:
        assert country_by_numeric(code) is None

    @pytest.mark.parametrize("code", ["XYZ", "KG", "K1Z", ""])
    def test_unknown_alpha3(self, code: str) -> None:
        assert country_by_alpha3(code) is None

    def test_kosovo_has_a_user_assigned_code(self) -> None:
        kosovo = country_by_alpha3("XKX")
        assert kosovo is not None
        assert kosovo.numeric is None


class TestResolveCountry:
    @pytest.mark.parametrize(
        ("value", "alpha3"),
        [
            ("TJK", "TJK"),
            ("762", "TJK"),
            ("Tajikistan", "TJK"),
            ("  tajikistan ", "TJK"),
            ("Таджикистан", "TJK"),
            ("Kyrgyz Republic", "KGZ"),
            ("Кыргызстан", "KGZ"),
            ("Russia", "RUS"),
            ("Russian Federation", "RUS"),
            ("Iran", "IRN"),
            ("Democratic Republic of Congo", "COD"),
            ("Kosovo", "XKX"),
        ],
    )
    def test_resolves(self, value: str, alpha3: str) -> None:
        country = resolve_country(value)
        assert country is not None, value
        assert country.alpha3 == alpha3

    @pytest.mark.parametrize("value", ["", "Atlantis", "000", "ZZZ"])
    def test_unknown(self, value: str) -> None:
        assert resolve_country(value) is None


class TestAcledName:
    @pytest.mark.parametrize(
        ("alpha3", "name"), [("RUS", "Russia"), ("KGZ", "Kyrgyzstan"), ("IRN", "Iran")]
    )
    def test_names_as_acled_spells_them(self, alpha3: str, name: str) -> None:
        country = country_by_alpha3(alpha3)
        assert country is not None
        assert acled_name(country) == name
