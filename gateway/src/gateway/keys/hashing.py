"""Generation and hashing of API key secrets."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "pdp_"
DISPLAY_PREFIX_LENGTH = 12
MIN_KEY_LENGTH = 32


def generate_key() -> str:
    """Return a new random API key (256 bits of entropy)."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """Return the stored form of ``key``: its SHA-256, hex-encoded.

    Keys are long random secrets, so a fast hash is enough: no dictionary attack applies.
    """
    return hashlib.sha256(key.encode()).hexdigest()


def display_prefix(key: str) -> str:
    """Return the leading characters of ``key`` that identify it in listings."""
    return key[:DISPLAY_PREFIX_LENGTH]


def is_well_formed(key: str) -> bool:
    """Tell whether ``key`` could be a key at all (length and printable ASCII)."""
    return MIN_KEY_LENGTH <= len(key) <= 256 and key.isascii() and key.isprintable()
