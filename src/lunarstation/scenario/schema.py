"""The JSON Schema of scenario files: what the loader accepts, for editors and other tools.

Draft 2020-12. Unknown keys are refused everywhere the loader refuses them
(``additionalProperties: false``); instants accept a bare date as the loader does
(``anyOf`` date-time / date). An *overlay* file (``scenario_schema(overlay=True)``) may
leave out any top-level key, ``name`` and ``stages`` included: it adds to the files
before it.
"""

from __future__ import annotations

import json
from typing import Any

from lunarstation.scenario.models import Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema(*, overlay: bool = False) -> dict[str, Any]:
    """JSON Schema of a scenario file (for editors: completion and checking).

    ``overlay=True``: the schema of a file overlaid on others, every top-level key optional.
    """
    schema = Scenario.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    if overlay:
        schema.pop("required", None)
        schema["title"] = "Scenario overlay"
        schema["description"] = (
            "A scenario file overlaid on earlier ones (lunarstation run base.yaml this.yaml): "
            "every top-level key is optional; entities it gives are complete."
        )
        schema["$id"] = "https://lunarstation.invalid/schema/scenario-overlay.json"
    else:
        schema["$id"] = "https://lunarstation.invalid/schema/scenario.json"
    return schema


def scenario_schema_json(*, overlay: bool = False) -> str:
    """The JSON Schema as indented text."""
    return json.dumps(scenario_schema(overlay=overlay), indent=2, sort_keys=False)
