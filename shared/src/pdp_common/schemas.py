"""The base of strict API schemas: request bodies (and stored documents) that refuse unknown fields.

A field the schema does not name is an error (422 ``extra_forbidden``), never silently dropped, so
that a misspelt field is noticed by the client. A subclass may add its own ``model_config`` (for
examples, say); pydantic merges it with this one, so ``extra="forbid"`` stays.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base of request schemas: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")
