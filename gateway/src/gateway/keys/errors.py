"""Errors of API key administration."""

from __future__ import annotations

from pdp_common.errors import NotFoundError, ValidationFailedError


class ApiKeyNotFound(NotFoundError):  # noqa: N818
    code = "api-key-not-found"
    title = "API key not found"


class ApiKeyScopeInvalid(ValidationFailedError):  # noqa: N818
    code = "api-key-scope-invalid"
    title = "API key scope invalid"


class ApiKeyExpiryInvalid(ValidationFailedError):  # noqa: N818
    code = "api-key-expiry-invalid"
    title = "API key expiry invalid"
