"""Find the examples of an OpenAPI document, check them against their schemas (JSON Schema
2020-12) and send them to the service that published the document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

JSON = "application/json"
BASE = "urn:pdp:openapi"
Document = dict[str, Any]


def resolve(document: Document, schema: dict[str, Any]) -> dict[str, Any]:
    """Return the component a ``$ref`` schema points at (or the schema itself)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    assert isinstance(node, dict)
    return node


def body_examples(document: Document, media: dict[str, Any]) -> list[Any]:
    """Return the examples a request body shows, wherever the document places them."""
    found = list(resolve(document, media.get("schema", {})).get("examples", []))
    if "example" in media:
        found.append(media["example"])
    found += [e["value"] for e in media.get("examples", {}).values() if "value" in e]
    return found


def json_bodies(document: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (operation, JSON media type object) of every operation with a JSON request body."""
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if JSON in content:
                yield f"{method.upper()} {path}", content[JSON]


def schema_examples(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (JSON pointer of the schema, example) of every schema example under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "examples" and isinstance(value, list):
                for example in value:
                    yield pointer, example
            elif key == "example" and "schema" in node:
                yield f"{pointer}/schema", value
            else:
                yield from schema_examples(value, f"{pointer}/{escape(key)}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from schema_examples(item, f"{pointer}/{index}")


def escape(key: str) -> str:
    """Escape one JSON pointer token."""
    return key.replace("~", "~0").replace("/", "~1")


def validator_for(document: Document, pointer: str) -> Draft202012Validator:
    """Return a validator of the schema at ``pointer``, with the document's references resolved."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(BASE, resource)
    return Draft202012Validator(
        {"$ref": f"{BASE}#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def closed(node: Any) -> Any:
    """Return a copy of ``node`` whose object schemas refuse properties they do not list, so that
    an example naming a field its schema lacks is caught (response schemas leave them open)."""
    if isinstance(node, list):
        return [closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {k: v if k in ("example", "examples") else closed(v) for k, v in node.items()}
    if isinstance(node.get("properties"), dict):
        copy.setdefault("additionalProperties", False)
    return copy


def example_errors(document: Document) -> list[str]:
    """Return a line for every example that does not validate against its own schema."""
    errors = []
    strict = closed(document)
    for pointer, example in schema_examples(document):
        for error in validator_for(strict, pointer).iter_errors(example):
            where = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"{pointer} at /{where}: {error.message[:300]}")
    return errors


class ExampleClient:
    """Call a running service with the request examples of its own OpenAPI document."""

    def __init__(self, client: httpx.AsyncClient, document: Document, headers: dict[str, str]):
        self.client = client
        self.document = document
        self.headers = headers

    def examples(self, method: str, path: str) -> list[dict[str, Any]]:
        """Return the examples of the JSON body of ``method path`` (a path template)."""
        operation = self.document["paths"][path][method.lower()]
        found = body_examples(self.document, operation["requestBody"]["content"][JSON])
        assert found, f"{method} {path} shows no example"
        return found

    async def send(
        self,
        method: str,
        path: str,
        body: Any,
        *,
        version: int | None = None,
        **params: str,
    ) -> dict[str, Any]:
        """Send ``body`` to ``path`` (filled with ``params``); assert a 2xx answer, return it."""
        headers = dict(self.headers)
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        url = path.format(**params)
        response = await self.client.request(method, url, json=body, headers=headers)
        assert response.is_success, f"{method} {url} refused {body}: {response.text}"
        answer: dict[str, Any] = response.json()
        return answer

    async def send_all(self, method: str, path: str, **params: str) -> list[dict[str, Any]]:
        """Send every example of ``method path`` in turn; return the answers."""
        bodies = self.examples(method, path)
        return [await self.send(method, path.format(**params), body) for body in bodies]
