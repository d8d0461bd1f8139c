"""API inputs take ISO 3166-1 alpha-3 codes only; event contracts keep taking any three letters."""

from __future__ import annotations

import json
from typing import Any

import pycountry
import pytest
from pdp_common.contracts.country_teams import CountryCode as ContractCountryCode
from pdp_common.countries import COUNTRY_CODES, CountryCode, is_country_code
from pydantic import BaseModel, TypeAdapter, ValidationError

COUNTRY = TypeAdapter(CountryCode)


class Filters(BaseModel):
    country: CountryCode | None = None
    countries: list[CountryCode] = []


class TestCountryCode:
    @pytest.mark.parametrize("code", ["KGZ", "KAZ", "TJK", "TKM", "UZB", "AFG", "RUS", "XKX"])
    def test_codes_of_countries_are_taken(self, code: str) -> None:
        assert COUNTRY.validate_python(code) == code
        assert is_country_code(code)

    def test_every_iso_code_is_known(self) -> None:
        iso = {str(country.alpha_3) for country in pycountry.countries}
        assert iso <= COUNTRY_CODES
        assert COUNTRY_CODES - iso == {"XKX"}

    @pytest.mark.parametrize("code", ["XXX", "QQQ", "AAA", "ZZZ", "SUN"])
    def test_three_letters_naming_no_country_are_refused(self, code: str) -> None:
        with pytest.raises(ValidationError) as caught:
            COUNTRY.validate_python(code)
        (error,) = caught.value.errors()
        assert error["type"] == "country_code"
        assert error["msg"] == f"{code} is not an ISO 3166-1 alpha-3 country code"

    @pytest.mark.parametrize("code", ["kgz", "KG", "KGZZ", " KGZ", "417"])
    def test_malformed_codes_fail_the_pattern(self, code: str) -> None:
        with pytest.raises(ValidationError) as caught:
            COUNTRY.validate_python(code)
        assert caught.value.errors()[0]["type"] == "string_pattern_mismatch"

    def test_errors_name_the_item(self) -> None:
        with pytest.raises(ValidationError) as caught:
            Filters(countries=["KGZ", "XXX"])
        assert [e["loc"] for e in caught.value.errors()] == [("countries", 1)]

    def test_schema_keeps_the_pattern_and_lists_no_enum(self) -> None:
        schema: dict[str, Any] = Filters.model_json_schema()
        item = schema["properties"]["countries"]["items"]
        assert item["pattern"] == "^[A-Z]{3}$"
        assert "ISO 3166-1 alpha-3" in item["description"]
        assert "enum" not in json.dumps(schema)


class TestEventContractsStayTolerant:
    def test_contracts_take_codes_the_api_refuses(self) -> None:
        contract = TypeAdapter(ContractCountryCode)
        assert contract.validate_python("QQQ") == "QQQ"
        with pytest.raises(ValidationError):
            COUNTRY.validate_python("QQQ")
