"""Keep ``null`` in the examples of an OpenAPI document.

FastAPI encodes its document with ``exclude_none=True``, which also drops every ``null`` value
inside the examples the schemas carry (fastapi/fastapi#5559): an example of a required nullable
field (``merged_into: null``, ``revoked_at: null``) then lacks the field and no longer matches its
own schema. The document builder puts each model's examples back as the model states them.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from fastapi._compat import get_flat_models_from_fields, get_model_name_map
from fastapi.openapi.utils import get_fields_from_routes
from pydantic import BaseModel
from starlette.routing import BaseRoute

REF_TEMPLATE = "#/components/schemas/{model}"


def restore_example_nulls(document: dict[str, Any], routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """Replace the examples of the document's component schemas by their models' own (in place).

    Component names are found as FastAPI finds them, from the models the routes use.
    """
    schemas = document.get("components", {}).get("schemas", {})
    models = get_flat_models_from_fields(get_fields_from_routes(routes), known_models=set())
    for model, name in get_model_name_map(models).items():
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or name not in schemas:
            continue
        if not model.model_config.get("json_schema_extra"):
            continue
        schema = model.model_json_schema(ref_template=REF_TEMPLATE)
        if schema.get("examples") and schema.get("title") == schemas[name].get("title"):
            schemas[name]["examples"] = copy.deepcopy(schema["examples"])
    return document
