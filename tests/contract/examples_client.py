"""Send the examples of an OpenAPI document to the service that published it."""

from __future__ import annotations

from typing import Any

import httpx

JSON = "application/json"
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
