"""Errors of API key administration."""

from __future__ import annotations

from pdp_common.errors import NotFoundError, ValidationFailedError


class ApiKeyNotFound(NotFoundError):
    code = "api-key-not-found"
    title = "API key not found"


class ApiKeyScopeInvalid(ValidationFailedError):
    code = "api-key-scope-invalid"
    title = "API key scope invalid"


class ApiKeyExpiryInvalid(ValidationFailedError):
    code = "api-key-expiry-invalid"
    title = "API key expiry invalid"
