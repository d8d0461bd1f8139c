"""The platform's OpenAPI documents: complete, valid, and browsable offline.

:func:`install_openapi` makes an app serve the completed document at ``/openapi.json``, with
operation ids taken from endpoint names, and the pages that go with it: Swagger UI at ``/docs``,
ReDoc at ``/redoc`` (assets served locally) and a page per problem type at ``/problems/<code>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from pdp_common.openapi.document import complete, operation_id
from pdp_common.openapi.examples import restore_example_nulls
from pdp_common.openapi.pages import docs_router, problems_router
from pdp_common.openapi.problem_schemas import problems
from pdp_common.problem_types import problem_types

__all__ = [
    "build_document",
    "complete",
    "install_openapi",
    "install_pages",
    "operation_id",
    "problems",
    "route_operation_id",
]


def route_operation_id(route: APIRoute) -> str:
    """Return the operation id of ``route``: its endpoint's name in camel case."""
    return operation_id(route.name)


def install_openapi(app: FastAPI, *, owner: str, servers: list[dict[str, str]]) -> None:
    """Serve ``app``'s completed document, its docs pages and its problem type pages.

    ``owner`` is the top-level package whose problem types (with the common library's) the
    document lists. Build ``app`` with ``openapi_url=None, docs_url=None, redoc_url=None`` and
    ``generate_unique_id_function=route_operation_id``.
    """
    cached: dict[str, Any] = {}

    def document() -> dict[str, Any]:
        if not cached:
            cached.update(build_document(app, owner=owner, servers=servers))
        return cached

    app.openapi = document  # type: ignore[method-assign]
    install_pages(app, title=app.title, document=document)


def build_document(app: FastAPI, *, owner: str, servers: list[dict[str, str]]) -> dict[str, Any]:
    """Return ``app``'s completed document: its routes, its models' examples whole (nulls
    included), and the problem types of ``owner`` and the common library."""
    raw = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        separate_input_output_schemas=app.separate_input_output_schemas,
    )
    raw = restore_example_nulls(raw, app.routes)
    return complete(raw, problem_types=problem_types("pdp_common", owner), servers=servers)


def install_pages(app: FastAPI, *, title: str, document: Callable[[], dict[str, Any]]) -> None:
    """Serve ``document`` at ``/openapi.json`` with Swagger UI, ReDoc and problem type pages."""
    app.include_router(docs_router(title=title, document=document))
    app.include_router(problems_router(document=document))
