"""The gateway's identity signing key, created on first local run when absent."""

from __future__ import annotations

from pathlib import Path

import structlog
from pdp_common.identity import IdentitySigner, ensure_keypair, load_private_key

from gateway.settings import GatewaySettings

log = structlog.get_logger(__name__)


def public_key_path(private_path: Path) -> Path:
    """Return where the public key of ``private_path`` lives (``x.pem`` -> ``x.pub.pem``)."""
    return private_path.with_name(private_path.name.removesuffix(".pem") + ".pub.pem")


def identity_signer(settings: GatewaySettings) -> IdentitySigner:
    """Return the signer of identity tokens; create a local key pair when none exists yet."""
    if settings.identity_private_key is None and not settings.identity_private_key_file.exists():
        path = settings.identity_private_key_file
        ensure_keypair(path, public_key_path(path))
        log.warning("created a new identity key pair", private_key=str(path))
    return IdentitySigner(load_private_key(settings.private_key_pem()))
