"""The gateway-signed identity token and the clearance order."""

from __future__ import annotations

import jwt
import pytest
from pdp_common.identity import (
    IDENTITY_AUDIENCE,
    IDENTITY_ISSUER,
    Clearance,
    IdentityError,
    IdentitySigner,
    IdentityVerifier,
    Principal,
    Role,
    generate_keypair,
    load_private_key,
    load_public_key,
)


@pytest.fixture
def keys() -> tuple[IdentitySigner, IdentityVerifier]:
    private_pem, public_pem = generate_keypair()
    return IdentitySigner(load_private_key(private_pem)), IdentityVerifier(
        load_public_key(public_pem)
    )


def principal(**kwargs: object) -> Principal:
    values: dict[str, object] = {
        "subject": "key-1",
        "org": "UNAMA",
        "roles": frozenset({Role.PARTNER}),
        "clearance": Clearance.INTERNAL,
        "credential": "api_key:1",
    }
    values.update(kwargs)
    return Principal(**values)  # type: ignore[arg-type]


class TestClearance:
    def test_levels_are_ordered(self) -> None:
        assert Clearance.PUBLIC < Clearance.INTERNAL < Clearance.CONFIDENTIAL
        assert Clearance.STRICTLY_CONFIDENTIAL > Clearance.CONFIDENTIAL
        assert max(Clearance) is Clearance.STRICTLY_CONFIDENTIAL
        assert Clearance.INTERNAL.allows(Clearance.PUBLIC)
        assert not Clearance.INTERNAL.allows(Clearance.CONFIDENTIAL)
        assert Clearance.up_to(Clearance.INTERNAL) == [Clearance.PUBLIC, Clearance.INTERNAL]


class TestIdentityToken:
    def test_round_trip(self, keys: tuple[IdentitySigner, IdentityVerifier]) -> None:
        signer, verifier = keys
        original = principal(name="Liaison desk", request_id="r-1")
        assert verifier.verify(signer.sign(original)) == original

    def test_centre_staff(self) -> None:
        assert principal(org="UNRCCA", roles=frozenset({Role.ANALYST})).is_centre_staff
        assert not principal(org="UNRCCA", roles=frozenset({Role.PARTNER})).is_centre_staff
        assert not principal().is_centre_staff

    def test_expired_token_is_refused(self, keys: tuple[IdentitySigner, IdentityVerifier]) -> None:
        signer, verifier = keys
        with pytest.raises(IdentityError):
            verifier.verify(signer.sign(principal(), now=1_000_000))

    def test_other_key_or_algorithm_is_refused(
        self, keys: tuple[IdentitySigner, IdentityVerifier]
    ) -> None:
        _, verifier = keys
        other, _ = generate_keypair()
        forged = IdentitySigner(load_private_key(other)).sign(principal())
        claims = principal().to_claims() | {
            "iss": IDENTITY_ISSUER,
            "aud": IDENTITY_AUDIENCE,
            "exp": 4_000_000_000,
        }
        unsigned = jwt.encode(claims, key="", algorithm="none")
        hmac = jwt.encode(claims, key="x" * 32, algorithm="HS256")
        for token in (forged, unsigned, hmac, "", None, "a.b.c"):
            with pytest.raises(IdentityError):
                verifier.verify(token)

    def test_unknown_role_is_refused(self, keys: tuple[IdentitySigner, IdentityVerifier]) -> None:
        signer, verifier = keys
        token = jwt.encode(
            principal().to_claims()
            | {
                "roles": ["emperor"],
                "iss": IDENTITY_ISSUER,
                "aud": IDENTITY_AUDIENCE,
                "iat": 1,
                "exp": 4_000_000_000,
            },
            signer._key,
            algorithm="EdDSA",
        )
        with pytest.raises(IdentityError):
            verifier.verify(token)
