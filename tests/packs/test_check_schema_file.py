"""docs/pack.schema.json is the schema the code generates (run `atiende pack schema >
docs/pack.schema.json` after changing the format)."""

import json
import re
from pathlib import Path

from atiende.packs.schema import schema, schema_text

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_schema_in_docs_is_up_to_date():
    assert (DOCS / "pack.schema.json").read_text(encoding="utf-8") == schema_text(), (
        "docs/pack.schema.json is stale: run `atiende pack schema > docs/pack.schema.json`"
    )


def test_the_schema_forbids_unknown_keys_everywhere():
    data = schema()
    objects = [data, *data["$defs"].values()]
    models = [o for o in objects if o.get("type") == "object" and "properties" in o]
    assert len(models) > 30
    assert all(model.get("additionalProperties") is False for model in models)


def test_the_schema_is_json_with_every_top_level_key_documented():
    text = (DOCS / "packs.md").read_text(encoding="utf-8")
    for key in json.loads(schema_text())["properties"]:
        assert f"`{key}`" in text or f"## {key}" in text, key


def test_the_schema_accepts_the_valid_packs_and_refuses_unknown_keys():
    import jsonschema

    from atiende.packs.source import parse_yaml
    from tests.packs.conftest import FULL, SHIPPED, edited

    validator = jsonschema.Draft202012Validator(schema())
    for path in [FULL, *sorted(SHIPPED.glob("*.yaml"))]:
        data, _lines, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path))
        assert problems == []
        assert [e.message for e in validator.iter_errors(data)] == [], path
    data, _lines, _problems = parse_yaml(
        edited("  always: 24x7", "  always: 24x7\n  bogus: 1"), "x"
    )
    data["sla"]["policies"][0]["targets"][0]["whithin"] = "1h"
    messages = sorted(error.message for error in validator.iter_errors(data))
    assert any("whithin" in message for message in messages)


def test_every_key_of_the_format_is_documented():
    from pydantic import BaseModel

    from atiende.packs.source import _unwrap
    from atiende.packs.spec import PackSpec

    text = (DOCS / "packs.md").read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # the reference tables, not examples
    documented = set(re.findall(r"^## (\w+)$", text, flags=re.MULTILINE))
    for code in re.findall(r"`([^`]+)`", text):
        documented.update(re.findall(r"[a-z_]+", code))
    seen, todo, missing = set(), [PackSpec], []
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            key = field.alias or name
            if key not in documented:
                missing.append(f"{model.__name__}.{key}")
            for annotation in _annotations(_unwrap(field.annotation)):
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    todo.append(annotation)
    assert missing == []


def _annotations(annotation):
    import typing

    from atiende.packs.source import _unwrap

    yield annotation
    for arg in typing.get_args(annotation):
        yield from _annotations(_unwrap(arg))
