"""Settings of the console (environment prefix ``PDP_CONSOLE_``)."""

from __future__ import annotations

import secrets

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    """Where the console listens, which gateway it calls, and how it keeps a person signed in."""

    model_config = SettingsConfigDict(env_prefix="PDP_CONSOLE_", extra="ignore", frozen=True)

    host: str = "127.0.0.1"
    port: int = 8005
    gateway_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL of the gateway's public API."
    )
    secret_key: SecretStr = Field(
        default_factory=lambda: SecretStr(secrets.token_urlsafe(32)),
        description="Key of the forms' CSRF tokens; random per process unless set.",
    )
    dev_sign_in: bool = Field(
        default=True,
        description="Offer the development sign-in form (the gateway's development issuer).",
    )
    cookie_secure: bool = Field(
        default=False, description="Mark cookies Secure (set it when served over HTTPS)."
    )
    request_timeout_seconds: float = Field(default=15.0, gt=0)
    map_limit: int = Field(
        default=500, ge=1, le=500, description="Incidents plotted on the map (one API page)."
    )
    queue_limit: int = Field(default=200, ge=1, le=500)
    log_level: str = "INFO"
    log_json: bool = True
    log_access: bool = False
