"""ISO 3166-1 countries by alpha-3 code, numeric code or name (English, ACLED and Russian)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pycountry

# Kosovo has no ISO 3166-1 entry; XKX is the user-assigned code the EU, ACLED and others use.
KOSOVO_CODE = "XKX"
# Country names in ACLED data where they differ from the ISO 3166-1 (common) name.
ACLED_NAMES: Mapping[str, str] = {
    "RUS": "Russia",
    "TUR": "Turkey",
    KOSOVO_CODE: "Kosovo",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "CIV": "Ivory Coast",
    "SWZ": "eSwatini",
    "CZE": "Czech Republic",
    "CPV": "Cape Verde",
    "VAT": "Vatican City",
    "PSE": "Palestine",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "FSM": "Micronesia",
    "MKD": "North Macedonia",
    "BRN": "Brunei",
    "MDA": "Moldova",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "TLS": "East Timor",
    "BES": "Caribbean Netherlands",
    "MAF": "Saint-Martin",
    "FLK": "Falkland Islands",
}
# Other spellings met in reports (lower case -> alpha-3), English and Russian.
ALIASES: Mapping[str, str] = {
    **{name.casefold(): code for code, name in ACLED_NAMES.items()},
    "macedonia": "MKD",
    "kazakstan": "KAZ",
    "kirghizia": "KGZ",
    "kyrgyz republic": "KGZ",
    "казахстан": "KAZ",
    "кыргызстан": "KGZ",
    "киргизия": "KGZ",
    "таджикистан": "TJK",
    "туркменистан": "TKM",
    "туркмения": "TKM",
    "узбекистан": "UZB",
    "афганистан": "AFG",
    "россия": "RUS",
    "китай": "CHN",
    "иран": "IRN",
    "пакистан": "PAK",
    "монголия": "MNG",
    "индия": "IND",
}


@dataclass(frozen=True)
class Country:
    """A country: ISO 3166-1 codes and a short English name."""

    alpha3: str
    alpha2: str
    numeric: int | None
    name: str


KOSOVO = Country(KOSOVO_CODE, "XK", None, "Kosovo")


def _from_pycountry(record: pycountry.db.Country) -> Country:
    name = getattr(record, "common_name", None) or record.name
    return Country(
        alpha3=str(record.alpha_3),
        alpha2=str(record.alpha_2),
        numeric=int(record.numeric),
        name=str(name),
    )


def acled_name(country: Country) -> str:
    """Return the name ACLED data uses for a country."""
    return ACLED_NAMES.get(country.alpha3, country.name)


@cache
def country_by_alpha3(code: str) -> Country | None:
    """Return the country with this alpha-3 code (case-insensitive), or None."""
    upper = code.strip().upper()
    if upper == KOSOVO_CODE:
        return KOSOVO
    if len(upper) != 3 or not upper.isalpha():
        return None
    record = pycountry.countries.get(alpha_3=upper)
    return None if record is None else _from_pycountry(record)


@cache
def country_by_numeric(code: int | str) -> Country | None:
    """Return the country with this ISO 3166-1 numeric code (``417``, ``"417"``), or None."""
    text = str(code).strip()
    if not text.isdigit() or len(text) > 3 or int(text) == 0:
        return None
    record = pycountry.countries.get(numeric=text.zfill(3))
    return None if record is None else _from_pycountry(record)


@cache
def resolve_country(value: str) -> Country | None:
    """Return the country an alpha-3 or numeric code or an English or Russian name denotes."""
    text = " ".join(value.split())
    if not text:
        return None
    if text.isdigit():
        return country_by_numeric(text)
    if len(text) == 3 and text.isascii() and text.isalpha():
        found = country_by_alpha3(text)
        if found is not None:
            return found
    alias = ALIASES.get(text.casefold())
    if alias is not None:
        return country_by_alpha3(alias)
    try:
        record = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return _from_pycountry(record)
