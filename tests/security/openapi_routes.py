"""The operations the gateway publishes, read from its merged OpenAPI document, so the security
tests cover a route the day it is added."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
_PARAM = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Operation:
    """One method on one path template, with the JSON schemas of its body and answer."""

    method: str
    path: str
    operation: dict[str, Any]
    document: dict[str, Any]

    @property
    def params(self) -> tuple[str, ...]:
        """Return the names of the path's parameters, in order."""
        return tuple(_PARAM.findall(self.path))

    def fill(self, values: dict[str, str]) -> str:
        """Return the path with its parameters replaced by ``values``."""
        return _PARAM.sub(lambda m: values[m.group(1)], self.path)

    def body_schema(self) -> dict[str, Any] | None:
        """Return the (resolved) JSON schema of the request body, or None."""
        content = self.operation.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return None if schema is None else self.resolve(schema)

    def answer_schema(self) -> dict[str, Any] | None:
        """Return the (resolved) JSON schema of the success answer, or None."""
        for status in ("200", "201"):
            content = self.operation.get("responses", {}).get(status, {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is not None:
                return self.resolve(schema)
        return None

    def example_body(self) -> dict[str, Any] | None:
        """Return the first example of the request body, or None."""
        schema = self.body_schema()
        if schema is None:
            return None
        examples = schema.get("examples") or [{}]
        body: dict[str, Any] = dict(examples[0])
        return body

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow a ``$ref`` to the component it names."""
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return schema
        resolved: dict[str, Any] = self.document["components"]["schemas"][ref.rsplit("/", 1)[1]]
        return resolved


def operations(document: dict[str, Any], prefix: str = "/api/v1/") -> list[Operation]:
    """Return every operation of the document under ``prefix``."""
    return [
        Operation(method.upper(), path, item[method], document)
        for path, item in document["paths"].items()
        if path.startswith(prefix)
        for method in METHODS
        if method in item
    ]
