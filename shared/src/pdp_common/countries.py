"""Country codes the APIs take: ISO 3166-1 alpha-3, checked against the standard's list.

:data:`CountryCode` is for API inputs (request bodies and query filters). A code that is three
capital letters but names no country (``QQQ``) fails validation, so a filter answers 422 naming the
field instead of an empty page. The list is pycountry's ISO 3166-1, plus ``XKX``: Kosovo has no
ISO 3166-1 entry, and ``XKX`` is the user-assigned code the EU, the IMF, ACLED and the incidents
service's bundled boundaries use for it.

Event contracts (:mod:`pdp_common.contracts`) keep a pattern-only type on purpose: consumers must
accept any code a producer sends, including codes added to the standard later. Read models keep
plain strings for the same reason: a stored value is shown as stored.

The JSON schema keeps the ``pattern`` and carries a description, but no ``enum`` of the 250 codes.
The type is inlined at every use (dozens per service, again in the gateway's merged document), so
an enum would add kilobytes to each document for little help, and client code generated from it
would refuse codes the standard adds after the client was built.
"""

from __future__ import annotations

from typing import Annotated

import pycountry
from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

KOSOVO = "XKX"
COUNTRY_CODES: frozenset[str] = frozenset(
    {str(country.alpha_3) for country in pycountry.countries} | {KOSOVO}
)
"""Every code :data:`CountryCode` accepts."""

PATTERN = r"^[A-Z]{3}$"
DESCRIPTION = "ISO 3166-1 alpha-3 country code, upper case (`XKX` for Kosovo)."


def is_country_code(code: str) -> bool:
    """Tell whether ``code`` is an ISO 3166-1 alpha-3 code (or ``XKX``)."""
    return code in COUNTRY_CODES


def known_country(code: str) -> str:
    """Return ``code`` if it names a country; raise a ``country_code`` validation error if not."""
    if code not in COUNTRY_CODES:
        raise PydanticCustomError(
            "country_code",
            "{code} is not an ISO 3166-1 alpha-3 country code",
            {"code": code},
        )
    return code


CountryCode = Annotated[
    str,
    StringConstraints(pattern=PATTERN),
    AfterValidator(known_country),
    Field(description=DESCRIPTION, examples=["KGZ"]),
]
"""A country in an API input: three capital letters that ISO 3166-1 assigns (or ``XKX``)."""
