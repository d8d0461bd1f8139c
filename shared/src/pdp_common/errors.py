"""Typed errors and their rendering as RFC 9457 problem details (``application/problem+json``).

Service code raises :class:`AppError` subclasses (``IncidentNotFound``); one set of handlers renders
them, request validation errors (422), unknown routes, and unexpected failures, which never leak a
stack trace.
"""

from __future__ import annotations

from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "/problems/"

log = structlog.get_logger(__name__)


class AppError(Exception):
    """Base of every error the platform renders; subclasses set status, code and title."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.headers = headers or {}
        self.extensions = extensions

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """Return the problem details object for this error."""
        return problem(
            status=self.status,
            code=self.code,
            title=self.title,
            detail=self.detail,
            instance=instance,
            **self.extensions,
        )


class BadRequestError(AppError):
    status = 400
    code = "bad-request"
    title = "Bad request"


class UnauthorizedError(AppError):
    status = 401
    code = "unauthorized"
    title = "Authentication required"


class ForbiddenError(AppError):
    status = 403
    code = "forbidden"
    title = "Forbidden"


class NotFoundError(AppError):
    status = 404
    code = "not-found"
    title = "Not found"


class ConflictError(AppError):
    status = 409
    code = "conflict"
    title = "Conflict"


class PreconditionFailedError(AppError):
    status = 412
    code = "precondition-failed"
    title = "Precondition failed"


class PayloadTooLargeError(AppError):
    status = 413
    code = "payload-too-large"
    title = "Payload too large"


class UnsupportedMediaTypeError(AppError):
    status = 415
    code = "unsupported-media-type"
    title = "Unsupported media type"


class ValidationFailedError(AppError):
    status = 422
    code = "validation-failed"
    title = "Validation failed"


class PreconditionRequiredError(AppError):
    status = 428
    code = "precondition-required"
    title = "Precondition required"


class TooManyRequestsError(AppError):
    status = 429
    code = "too-many-requests"
    title = "Too many requests"


class ServiceUnavailableError(AppError):
    status = 503
    code = "service-unavailable"
    title = "Service unavailable"


class TransientError(AppError):
    """A failure worth retrying later (a dependency briefly unavailable)."""

    status = 503
    code = "temporarily-unavailable"
    title = "Temporarily unavailable"


def problem(
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    instance: str | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """Build an RFC 9457 problem details object."""
    body: dict[str, Any] = {"type": PROBLEM_BASE + code, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extensions.items() if v is not None})
    return body


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    """Return ``body`` as an ``application/problem+json`` response."""
    return JSONResponse(
        body, status_code=int(body["status"]), media_type=PROBLEM_JSON, headers=headers
    )


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None) or request.headers.get("x-request-id")


def app_error_response(request: Request, exc: AppError) -> JSONResponse:
    """Render ``exc`` as the problem+json answer to ``request``."""
    if exc.status >= 500:
        log.warning("request failed", error=exc.code, detail=exc.detail)
    body = exc.to_problem(request.url.path) | {"request_id": _request_id(request)}
    return problem_response({k: v for k, v in body.items() if v is not None}, exc.headers)


async def _on_app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return app_error_response(request, exc)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [str(part) for part in err.get("loc", ())],
            "msg": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        }
        for err in exc.errors()
    ]
    count = len(errors)
    body = problem(
        status=422,
        code="validation-failed",
        title="Validation failed",
        detail=f"{count} field{'s' if count != 1 else ''} failed validation",
        instance=request.url.path,
        errors=errors,
        request_id=_request_id(request),
    )
    return problem_response(body)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
    code = title.lower().replace(" ", "-")
    detail = exc.detail if isinstance(exc.detail, str) else None
    body = problem(
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        instance=request.url.path,
        request_id=_request_id(request),
    )
    return problem_response(body, dict(exc.headers or {}))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", path=request.url.path)
    body = problem(
        status=500,
        code="internal-error",
        title="Internal error",
        detail="The request could not be completed; the failure has been logged.",
        instance=request.url.path,
        request_id=_request_id(request),
    )
    return problem_response(body)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error raised in ``app`` as problem+json."""
    app.add_exception_handler(AppError, _on_app_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
