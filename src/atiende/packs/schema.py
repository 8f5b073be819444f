"""The JSON Schema of the pack format, generated from :mod:`.spec`.

``docs/pack.schema.json`` holds a copy (a test fails when it is stale); regenerate it with::

    atiende pack schema > docs/pack.schema.json

The schema describes the shape of a file (keys, types, allowed values) for editors; the
checks across keys (unknown names, unreachable states …) are only made by ``atiende pack check``.
"""

import json
from typing import Any

from .spec import json_schema


def schema() -> dict[str, Any]:
    return json_schema()


def schema_text() -> str:
    """The schema as the text of ``docs/pack.schema.json``."""
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
