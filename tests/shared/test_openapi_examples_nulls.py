"""Schema examples survive into the OpenAPI document whole, nulls included; pages show one."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pdp_common.openapi import install_openapi
from pdp_common.openapi.examples import restore_example_nulls
from pdp_common.pagination import Page, decode_cursor
from pydantic import BaseModel, ConfigDict

KEY_ID = "01a23082-acc0-7f8c-86a8-f177b36edaa3"
EXAMPLE: dict[str, Any] = {"id": KEY_ID, "name": "UNAMA feed", "revoked_at": None}


class KeyRead(BaseModel):
    """A key, with a required nullable field."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    id: str
    name: str
    revoked_at: str | None


def _app() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/keys/{key_id}")
    async def read_key(key_id: str) -> KeyRead:
        """Read a key."""
        return KeyRead(id=key_id, name="x", revoked_at=None)

    @app.get("/keys")
    async def list_keys() -> Page[KeyRead]:
        """List keys."""
        return Page[KeyRead](items=[])

    return app


def _documented(app: FastAPI) -> FastAPI:
    install_openapi(app, owner="tests", servers=[{"url": "/"}])
    return app


def _examples(document: dict[str, Any], name: str) -> list[Any]:
    examples: list[Any] = document["components"]["schemas"][name]["examples"]
    return examples


class TestTheDocumentKeepsExampleNulls:
    def test_fastapi_alone_drops_the_null(self) -> None:
        app = _app()
        document = get_openapi(title="t", version="1", routes=app.routes)
        assert _examples(document, "KeyRead") == [{"id": KEY_ID, "name": "UNAMA feed"}]

    def test_the_null_is_kept(self) -> None:
        document = _documented(_app()).openapi()
        assert _examples(document, "KeyRead") == [EXAMPLE]

    def test_the_document_is_built_once(self) -> None:
        app = _documented(_app())
        assert app.openapi() is app.openapi()


class TestRestoreExampleNulls:
    def test_a_document_built_from_routes_gets_its_nulls_back(self) -> None:
        app = _app()
        document = get_openapi(title="t", version="1", routes=app.routes)
        restored = restore_example_nulls(document, app.routes)
        assert _examples(restored, "KeyRead") == [EXAMPLE]


class TestPageExample:
    def test_a_page_shows_its_item_example_and_a_cursor_after_it(self) -> None:
        document = _documented(_app()).openapi()
        (page,) = _examples(document, "Page_KeyRead_")
        assert page["items"] == [EXAMPLE]
        assert [str(v) for v in decode_cursor(page["next_cursor"], length=1)] == [KEY_ID]

    def test_a_page_of_items_without_examples_shows_none(self) -> None:
        assert "examples" not in Page[int].model_json_schema()
