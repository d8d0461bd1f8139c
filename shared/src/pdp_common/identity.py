"""Who is calling: the principal, its roles and clearance, and the gateway-signed identity token.

The gateway authenticates callers (API keys, bearer JWTs) and forwards the result to services as a
short-lived EdDSA-signed JWT in the ``X-PDP-Identity`` header. Services never trust bare headers:
they verify that token with the gateway's public key and read the principal from it.
"""

from __future__ import annotations

import enum
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

IDENTITY_HEADER = "X-PDP-Identity"
IDENTITY_ISSUER = "pdp-gateway"
IDENTITY_AUDIENCE = "pdp-services"
IDENTITY_ALGORITHM = "EdDSA"
IDENTITY_TTL_SECONDS = 60
CENTRE_ORG = "UNRCCA"


class Clearance(enum.StrEnum):
    """Sensitivity of a record, and the highest sensitivity a caller may read."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    STRICTLY_CONFIDENTIAL = "strictly_confidential"

    @property
    def rank(self) -> int:
        """Return the position of this level, public being 0."""
        return _CLEARANCE_ORDER.index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Clearance):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Clearance):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Clearance):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Clearance):
            return NotImplemented
        return self.rank >= other.rank

    def __hash__(self) -> int:
        return str.__hash__(self)

    def allows(self, sensitivity: Clearance) -> bool:
        """Tell whether a caller with this clearance may read material of ``sensitivity``."""
        return sensitivity.rank <= self.rank

    @classmethod
    def up_to(cls, level: Clearance) -> list[Clearance]:
        """Return every level at or below ``level``."""
        return [c for c in _CLEARANCE_ORDER if c.rank <= level.rank]


_CLEARANCE_ORDER = list(Clearance)

Sensitivity = Clearance


class Role(enum.StrEnum):
    """Coarse roles; services enforce fine rules on top of them."""

    ANALYST = "analyst"
    OFFICER = "officer"
    HEAD_OF_CENTRE = "head_of_centre"
    PARTNER = "partner"
    SYSTEM = "system"
    VIEWER = "viewer"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller as seen by a service."""

    subject: str
    org: str
    roles: frozenset[Role]
    clearance: Clearance
    credential: str
    name: str | None = None
    request_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_centre_staff(self) -> bool:
        """Tell whether the caller belongs to the Centre itself."""
        return self.org == CENTRE_ORG and Role.PARTNER not in self.roles

    def has_any(self, *roles: Role) -> bool:
        """Tell whether the caller holds at least one of ``roles``."""
        return bool(self.roles.intersection(roles))

    def to_claims(self) -> dict[str, Any]:
        """Return the JWT claims that carry this principal."""
        claims: dict[str, Any] = {
            "sub": self.subject,
            "org": self.org,
            "roles": sorted(r.value for r in self.roles),
            "clearance": self.clearance.value,
            "cred": self.credential,
        }
        if self.name:
            claims["name"] = self.name
        if self.request_id:
            claims["rid"] = self.request_id
        return claims

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Self:
        """Build a principal from verified JWT claims."""
        return cls(
            subject=str(claims["sub"]),
            org=str(claims["org"]),
            roles=frozenset(Role(r) for r in claims.get("roles", [])),
            clearance=Clearance(claims["clearance"]),
            credential=str(claims.get("cred", "")),
            name=claims.get("name"),
            request_id=claims.get("rid"),
        )


class IdentityError(Exception):
    """The identity token is missing, malformed, expired or not signed by the gateway."""


def generate_keypair() -> tuple[bytes, bytes]:
    """Return a new Ed25519 key pair as (private PEM, public PEM)."""
    private = Ed25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


def ensure_keypair(private_path: Path, public_path: Path) -> None:
    """Create the key pair files when they do not exist yet (local runs)."""
    if private_path.exists() and public_path.exists():
        return
    private_path.parent.mkdir(parents=True, exist_ok=True)
    private_pem, public_pem = generate_keypair()
    private_path.write_bytes(private_pem)
    private_path.chmod(0o600)
    public_path.write_bytes(public_pem)


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """Load the gateway's signing key from PEM."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise IdentityError("the identity signing key must be Ed25519")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """Load the gateway's verification key from PEM."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise IdentityError("the identity verification key must be Ed25519")
    return key


class IdentitySigner:
    """Sign identity tokens for principals (used by the gateway and by tests)."""

    def __init__(self, private_key: Ed25519PrivateKey, *, ttl_seconds: int = IDENTITY_TTL_SECONDS):
        self._key = private_key
        self._ttl = ttl_seconds

    def sign(self, principal: Principal, *, now: float | None = None) -> str:
        """Return a signed token carrying ``principal`` for the next ``ttl_seconds``."""
        issued = int(now if now is not None else time.time())
        claims = principal.to_claims() | {
            "iss": IDENTITY_ISSUER,
            "aud": IDENTITY_AUDIENCE,
            "iat": issued,
            "nbf": issued - 5,
            "exp": issued + self._ttl,
        }
        return jwt.encode(claims, self._key, algorithm=IDENTITY_ALGORITHM)


class IdentityVerifier:
    """Verify gateway-signed identity tokens, caching recent verifications by token."""

    def __init__(self, public_key: Ed25519PublicKey, *, cache_size: int = 4096, leeway: int = 5):
        self._key = public_key
        self._leeway = leeway
        self._cache: OrderedDict[str, tuple[float, Principal]] = OrderedDict()
        self._cache_size = cache_size

    def verify(self, token: str | None) -> Principal:
        """Return the principal in ``token`` or raise IdentityError."""
        if not token:
            raise IdentityError("missing identity token")
        cached = self._cache.get(token)
        if cached is not None and cached[0] + self._leeway > time.time():
            self._cache.move_to_end(token)
            return cached[1]
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[IDENTITY_ALGORITHM],
                audience=IDENTITY_AUDIENCE,
                issuer=IDENTITY_ISSUER,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
            principal = Principal.from_claims(claims)
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise IdentityError("invalid identity token") from exc
        self._remember(token, float(claims["exp"]), principal)
        return principal

    def _remember(self, token: str, expires_at: float, principal: Principal) -> None:
        self._cache[token] = (expires_at, principal)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
