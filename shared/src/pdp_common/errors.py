"""Typed errors and their rendering as RFC 9457 problem details (``application/problem+json``).

Service code raises :class:`AppError` subclasses (``IncidentNotFound``); one set of handlers renders
them, request validation errors (422), unknown routes, and unexpected failures, which never leak a
stack trace.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar
from urllib.parse import quote

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from pdp_common.problem_types import PROBLEM_BASE, register_problem_type
from pdp_common.unavailable import database_unavailable

PROBLEM_JSON = "application/problem+json"
# Characters a URI path keeps as they are (RFC 3986 pchar and "/"); the rest is percent-encoded,
# so that ``instance`` stays a URI reference whatever the request path held.
PATH_SAFE = "/:@!$&'()*+,;=-._~"

log = structlog.get_logger(__name__)


class AppError(Exception):
    """Base of every error the platform renders; subclasses set status, code and title.

    Each subclass that sets its own ``code`` is recorded as a :class:`ProblemType`; its docstring
    (or its title) describes the problem on the ``/problems/<code>`` page.
    """

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            register_problem_type(
                code=cls.code,
                title=cls.title,
                status=cls.status,
                description=_description(cls),
                owner=cls.__module__.split(".")[0],
            )

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


def _description(cls: type[AppError]) -> str:
    """Return the docstring of ``cls`` or of its nearest documented base below AppError."""
    for klass in cls.__mro__:
        if klass is AppError:
            break
        doc = klass.__dict__.get("__doc__")
        if doc:
            return inspect.cleandoc(doc)
    return cls.title


class MalformedBodyError(AppError):
    """The request body cannot be read as the `Content-Type` it claims: bytes that are not UTF-8
    where JSON is expected, JSON that does not parse, or JSON holding what no field of the
    platform stores: a NUL character (`\\u0000`), an unpaired surrogate (`\\ud800`), `NaN`,
    `Infinity`, or a number beyond the range of a double. Nothing was changed.
    """

    status = 400
    code = "malformed-body"
    title = "Malformed request body"


class BadRequestError(AppError):
    """The request cannot be understood as sent."""

    status = 400
    code = "bad-request"
    title = "Bad request"


class UnauthorizedError(AppError):
    """No valid credentials came with the request: send an API key (`X-API-Key`) or a bearer token
    (`Authorization: Bearer ...`) that is valid, unexpired and not revoked.
    """

    status = 401
    code = "unauthorized"
    title = "Authentication required"


class ForbiddenError(AppError):
    """The caller is known, but its role, clearance or organization does not allow this operation
    on this resource.
    """

    status = 403
    code = "forbidden"
    title = "Forbidden"


class NotFoundError(AppError):
    """No such resource exists, or the caller may not know that it exists: the platform answers
    the same way in both cases, so that ids reveal nothing.
    """

    status = 404
    code = "not-found"
    title = "Not found"


class ConflictError(AppError):
    """The request conflicts with the resource's current state (for example a step its workflow
    does not allow now, or an identifier already taken). Read the resource again and decide.
    """

    status = 409
    code = "conflict"
    title = "Conflict"


class PreconditionFailedError(AppError):
    """The resource changed since the caller read it: its `ETag` no longer matches the `If-Match`
    sent. Read it again, reapply the change and send the new ETag.
    """

    status = 412
    code = "precondition-failed"
    title = "Precondition failed"


class PayloadTooLargeError(AppError):
    """The request body is larger than this operation accepts."""

    status = 413
    code = "payload-too-large"
    title = "Payload too large"


class BodyTooComplexError(AppError):
    """The JSON request body is within the size limit but nests too deep, holds too many items
    (array items and object members, over the whole body), a string too long or a number with
    too many characters; `detail` names the limit. Split the request or shorten the values.
    Nothing was changed.
    """

    status = 413
    code = "body-too-complex"
    title = "Request body too complex"


class UnsupportedMediaTypeError(AppError):
    """The request body's `Content-Type` is not one this operation accepts (JSON operations take
    `application/json`).
    """

    status = 415
    code = "unsupported-media-type"
    title = "Unsupported media type"


class ValidationFailedError(AppError):
    """The request is well formed but its content is invalid. A problem of this type lists the
    fields that failed in `errors` (`loc`, `msg`, `type`) when the fields are known.
    """

    status = 422
    code = "validation-failed"
    title = "Validation failed"


class PreconditionRequiredError(AppError):
    """This operation changes a resource others may change too: send `If-Match` with the `ETag`
    from your last read.
    """

    status = 428
    code = "precondition-required"
    title = "Precondition required"


class TooManyRequestsError(AppError):
    """The caller sent too many requests; wait for the number of seconds in `Retry-After`."""

    status = 429
    code = "too-many-requests"
    title = "Too many requests"


class ServiceUnavailableError(AppError):
    """The service cannot answer right now; retry after the number of seconds in `Retry-After`, or
    shortly.
    """

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
        body["instance"] = quote(instance, safe=PATH_SAFE)
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


def _allowed_methods(request: Request) -> list[str]:
    """Return every method some route of the app serves at the request's path."""
    methods: set[str] = set()
    # Routes of included routers are reached through their contexts (FastAPI >= 0.140 keeps an
    # included router whole in ``app.routes``).
    for route in iter_route_contexts(request.app.router.routes):
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(route.methods or ())
    return sorted(methods)


HTTP_PROBLEMS = {
    400: ("malformed-body", "Malformed request body"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    408: ("body-timeout", "Request body timeout"),
    413: ("payload-too-large", "Payload too large"),
}


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title = HTTP_PROBLEMS.get(exc.status_code, ("http-error", "HTTP error"))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    detail = exc.detail if isinstance(exc.detail, str) else None
    body = problem(
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        instance=request.url.path,
        request_id=_request_id(request),
    )
    return problem_response(body, headers)


def internal_error(*, instance: str | None, request_id: str | None) -> dict[str, Any]:
    """Build the problem body of an unexpected failure: no detail of it leaves the service."""
    return problem(
        status=500,
        code="internal-error",
        title="Internal error",
        detail="The request could not be completed; the failure has been logged.",
        instance=instance,
        request_id=request_id,
    )


DATABASE_RETRY_AFTER_SECONDS = 1


def database_unavailable_error() -> TransientError:
    """Return the 503 answered when the database cannot be reached (the client retries)."""
    return TransientError(
        "The database cannot be reached right now; retry shortly.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    if database_unavailable(exc):
        log.warning("database unavailable", path=request.url.path, error=repr(exc)[:300])
        return app_error_response(request, database_unavailable_error())
    log.exception("unhandled error", path=request.url.path)
    body = internal_error(instance=request.url.path, request_id=_request_id(request))
    return problem_response(body)


def install_error_handlers(app: FastAPI) -> None:
    """Render every error raised in ``app`` as problem+json."""
    app.add_exception_handler(AppError, _on_app_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
