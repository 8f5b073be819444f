"""Read a pack file: YAML with line numbers, then the format (:mod:`.spec`) and the checks
across keys (:mod:`.validate`), every problem reported at once with its file, line and path.

    spec = read_pack("src/atiende/packs/shipped/wekall.yaml")     # PackSpec, or PackError

YAML is read as YAML 1.2 reads it: only ``true``/``false`` are booleans (``on``, ``no``, ``yes``
stay text, so ``on: customer_reply`` and ``country: NO`` mean what they say), ``07:30`` is text
and dates stay text. Duplicate keys and merge keys (``<<``) are errors.
"""

import copy
import difflib
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import spec as spec_module
from .errors import PackError, Problem, _, did_you_mean, format_path, one_of, show
from .spec import PackSpec

Loc = tuple[str | int, ...]
Lines = dict[Loc, int]

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 scalars (no yes/no/on/off booleans, no sexagesimal numbers,
    no timestamps)."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag
        not in (
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:timestamp",
        )
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


# ---------------------------------------------------------------------------------------------
# Public API


def read_pack(path: str | Path) -> PackSpec:
    """Read and validate the pack file at ``path``; raise :class:`PackError` with every
    problem (file named as given)."""
    filename = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PackError(
            [
                Problem(
                    filename,
                    0,
                    "",
                    _("cannot read the file: %(reason)s") % {"reason": exc.strerror},
                )
            ]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError(
            [Problem(filename, line, "", _("the file is not UTF-8 text; save it as UTF-8"))]
        ) from None
    return read_pack_text(text, filename)


def read_pack_text(text: str, filename: str) -> PackSpec:
    """Validate pack ``text`` (``filename`` names it in problems); raise :class:`PackError`."""
    spec, problems = check_pack_text(text, filename)
    if problems or spec is None:
        raise PackError(problems)
    return spec


def check_pack_text(text: str, filename: str) -> tuple[PackSpec | None, list[Problem]]:
    """Like :func:`read_pack_text` but returns ``(spec or None, problems)``."""
    from .validate import validate

    data, lines, yaml_problems = parse_yaml(text, filename)
    if yaml_problems and not isinstance(data, dict):
        return None, yaml_problems
    if not isinstance(data, dict):
        got = _("an empty file") if data is None else _show(data)
        return None, [
            Problem(
                filename,
                1,
                "",
                _("a pack is a mapping that starts with `pack: 1`; got %(value)s") % {"value": got},
            )
        ]
    try:
        spec = PackSpec.model_validate(data)
    except ValidationError as exc:
        # Report the format problems, and the cross-key problems of the sections that are
        # well-formed (references into a broken section are not checked).
        problems = yaml_problems + _pydantic_problems(exc, filename, lines)
        partial, broken, placeholders = _partial_spec(data, exc)
        problems += _located(validate(partial, broken, placeholders), filename, lines)
        return None, _sorted(problems)
    # A duplicate key is read as its first occurrence, so the rest can still be checked.
    problems = yaml_problems + _located(validate(spec), filename, lines)
    return (None if problems else spec), _sorted(problems)


def _located(issues: Iterable[tuple[Loc, str]], filename: str, lines: Lines) -> list[Problem]:
    return [Problem(filename, line_for(lines, loc), format_path(loc), msg) for loc, msg in issues]


_PLACEHOLDERS: dict[str, Any] = {
    "pack": 1,
    "name": "pack",
    "display_name": "pack",
    "languages": list(spec_module.LANGUAGES),
    "time_zone": "UTC",
    "kinds": {},
    "workflows": [],
}


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    field = PackSpec.model_fields[name]
    if not field.metadata:
        return TypeAdapter(field.annotation)
    return TypeAdapter(Annotated[field.annotation, *field.metadata])


# Sections salvaged item by item when some items are malformed: list sections by position,
# mapping sections by key; the malformed items become placeholders that are not checked.
_LIST_SECTIONS = {
    "plans": spec_module.Plan,
    "channels": spec_module.ChannelSpec,
    "workflows": spec_module.WorkflowSpec,
    "groups": spec_module.Group,
    "notifications": spec_module.Notification,
}
_MAPPING_SECTIONS = {
    "calendars": spec_module.CalendarValue,
    "kinds": spec_module.KindSpec,
    "templates": spec_module.Template,
    "numbering": spec_module.Numbering,
}
# What a placeholder leaves unknown: references to those names are not checked.
_UNKNOWN_WITH_PLACEHOLDER = {
    "kinds": "subtypes",
    "sla": "targets",
}


def _partial_spec(
    data: dict[Any, Any], exc: ValidationError
) -> tuple[PackSpec, set[str], set[int]]:
    """The well-formed parts of ``data`` as a spec; the names of the sections that could not
    be read at all (they get placeholders) and the ids of placeholder items."""
    broken = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
    placeholders: set[int] = set()
    values: dict[str, Any] = {}
    for name, field in PackSpec.model_fields.items():
        key = field.alias or name
        if key not in data:
            continue
        if key in broken:
            salvaged = _salvage(key, data[key], placeholders)
            if salvaged is not None:
                values[name] = salvaged
                broken.discard(key)
            continue
        try:
            values[name] = _adapter(name).validate_python(data[key])
        except ValidationError:  # pragma: no cover - the whole-model pass reported it
            broken.add(key)
    for name, placeholder in _PLACEHOLDERS.items():
        if name not in values:
            values[name] = copy.deepcopy(placeholder)
            broken.add(name)
    if "priorities" not in values:
        values["priorities"] = spec_module.Priorities(list=[])
        broken.add("priorities")
    partial = PackSpec.model_construct(**values)
    for key, names in _UNKNOWN_WITH_PLACEHOLDER.items():
        if key in broken:
            broken.add(names)
    if any(
        id(item) in placeholders or any(id(sub) in placeholders for sub in item.subtypes)
        for item in partial.kinds.values()
    ):
        broken.add("subtypes")
    if any(
        id(item) in placeholders or any(id(target) in placeholders for target in item.targets)
        for item in partial.sla.policies
    ):
        broken.add("targets")
    partial._fill_defaults()
    return partial, broken, placeholders


def _salvage(key: str, value: Any, placeholders: set[int]) -> Any:
    """The section ``key`` with its malformed items replaced by placeholders, or None."""
    if key in _LIST_SECTIONS and isinstance(value, list):
        return [_item(_LIST_SECTIONS[key], item, placeholders) for item in value]
    if key in _MAPPING_SECTIONS and isinstance(value, dict):
        out = {}
        name_adapter = _item_adapter(
            spec_module.KindName if key in ("kinds", "numbering") else spec_module.Name
        )
        for name, item in value.items():
            try:
                name_adapter.validate_python(name)
            except ValidationError:
                continue
            out[name] = _item(_MAPPING_SECTIONS[key], item, placeholders)
        return out or None
    if key == "sla" and isinstance(value, dict):
        policies = value.get("policies", [])
        if not isinstance(policies, list):
            return None
        try:
            percent = _item_adapter(spec_module.Percent).validate_python(
                value.get("warning_percent", 80)
            )
        except ValidationError:
            percent = 80
        sla = spec_module.Sla.model_construct(
            warning_percent=percent,
            policies=[_item(spec_module.PolicySpec, item, placeholders) for item in policies],
        )
        return sla
    return None


# Models whose lists are salvaged item by item when the model as a whole is malformed.
_PARTLY = {
    spec_module.PolicySpec: {"targets": spec_module.TargetSpec},
    spec_module.WorkflowSpec: {
        "states": spec_module.StateSpec,
        "transitions": spec_module.TransitionSpec,
    },
    spec_module.KindSpec: {"subtypes": spec_module.Subtype},
}


def _item(model: Any, value: Any, placeholders: set[int]) -> Any:
    try:
        return _item_adapter(model).validate_python(value)
    except ValidationError:
        pass
    partly = _partly(model, value, placeholders)
    if partly is not None:
        return partly
    if not (isinstance(model, type) and issubclass(model, spec_module.Strict)):
        placeholder: Any = {}
    else:
        fields: dict[str, Any] = {}
        for name, field in model.model_fields.items():
            if not field.is_required():
                continue
            origin = getattr(_unwrap(field.annotation), "__origin__", None)
            fields[name] = [] if origin is list else {} if origin is dict else None
        raw_name = value.get("name") if isinstance(value, dict) else None
        if "name" in fields and isinstance(raw_name, str):
            fields["name"] = raw_name
        placeholder = model.model_construct(**fields)
    placeholders.add(id(placeholder))
    return placeholder


def _partly(model: Any, value: Any, placeholders: set[int]) -> Any:
    """``model`` from ``value`` with its malformed list items as placeholders; None when a
    field other than those lists is malformed or missing."""
    lists = _PARTLY.get(model)
    if lists is None or not isinstance(value, dict):
        return None
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in value:
            if field.is_required():
                return None
            continue
        if name in lists and isinstance(value[key], list):
            values[name] = [_item(lists[name], item, placeholders) for item in value[key]]
            continue
        try:
            values[name] = _field_adapter(model, name).validate_python(value[key])
        except ValidationError:
            return None
    return model.model_construct(**values)


@functools.cache
def _field_adapter(model: Any, name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    if not field.metadata:
        return TypeAdapter(field.annotation)
    return TypeAdapter(Annotated[field.annotation, *field.metadata])


@functools.cache
def _item_adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def parse_yaml(text: str, filename: str) -> tuple[Any, Lines, list[Problem]]:
    """``(data, lines, problems)``: plain data, the 1-based line of every path, and YAML
    problems (syntax, duplicate keys, merge keys)."""
    lines: Lines = {}
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        return (
            None,
            lines,
            [
                Problem(
                    filename,
                    mark.line + 1 if mark else 0,
                    "",
                    _("not valid YAML: %(detail)s") % {"detail": detail},
                )
            ],
        )
    except yaml.YAMLError as exc:
        return (
            None,
            lines,
            [Problem(filename, 0, "", _("not valid YAML: %(detail)s") % {"detail": exc})],
        )
    finally:
        loader.dispose()
    if node is None:
        return None, lines, []
    builder = _Builder(loader, filename, lines, problems)
    data = builder.build(node, ())
    return data, lines, problems


def line_for(lines: Lines, loc: Iterable[str | int]) -> int:
    """The line of ``loc``, or of its nearest parent in the file (a missing key: its mapping)."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get((), 1)


# ---------------------------------------------------------------------------------------------
# YAML nodes → data with lines


class _Builder:
    def __init__(self, loader: _Loader, filename: str, lines: Lines, problems: list[Problem]):
        self.loader = loader
        self.filename = filename
        self.lines = lines
        self.problems = problems
        self.stack: set[int] = set()

    def build(self, node: Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if id(node) in self.stack:
            self._problem(node, loc, _("an alias refers to itself; remove the recursion"))
            return None
        if isinstance(node, ScalarNode):
            try:
                return self.loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                self._problem(node, loc, _("not valid YAML: %(detail)s") % {"detail": exc})
                return None
        self.stack.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
        finally:
            self.stack.discard(id(node))
        return None  # pragma: no cover - no other node kinds

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                self._problem(
                    key_node, loc, _("merge keys (<<) are not supported; write the keys out")
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, loc, _("a key must be a plain name, not a list or mapping"))
                continue
            key = self.loader.construct_object(key_node)
            if isinstance(key, float):
                key = str(key)
            if key in out:
                self.problems.append(
                    Problem(
                        self.filename,
                        line,
                        format_path((*loc, key)),
                        _('duplicate key "%(key)s" (first at line %(line)d); keep one of them')
                        % {"key": key, "line": first_line[key]},
                    )
                )
                continue
            first_line[key] = line
            child = (*loc, key)
            self.lines[child] = line
            out[key] = self.build(value_node, child)
        return out

    def _problem(self, node: Node, loc: Loc, message: str) -> None:
        self.problems.append(
            Problem(self.filename, node.start_mark.line + 1, format_path(loc), message)
        )


# ---------------------------------------------------------------------------------------------
# pydantic errors → problems


def _pydantic_problems(exc: ValidationError, filename: str, lines: Lines) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    # A misspelt key is reported once, as unknown (with "did you mean"), not also as missing.
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    misspelt = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc:
            names = [str(m[-1]) for m in missing if m[:-1] == loc[:-1]]
            close = difflib.get_close_matches(str(loc[-1]), names, n=1)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in misspelt:
            continue
        is_key = bool(loc) and loc[-1] == "[key]"
        if is_key:
            loc = loc[:-1]
        message = _message(error, loc, is_key)
        problems.append(Problem(filename, line_for(lines, loc), format_path(loc), message))
    return problems


def _message(error: dict[str, Any], loc: Loc, is_key: bool) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = _show(value)
    if kind == "missing":
        return _("required; add it")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        allowed = allowed_keys(loc[:-1])
        return _('unknown key "%(key)s"; use one of: %(keys)s') % {
            "key": key,
            "keys": one_of(allowed),
        } + did_you_mean(key, allowed)
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        if is_key:
            message = _('"%(value)s" is not allowed as a key here; use one of: %(choices)s')
        else:
            message = _('"%(value)s" is not allowed here; use one of: %(choices)s')
        return message % {"value": value, "choices": one_of(choices)} + did_you_mean(
            str(value), choices
        )
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("string_type", "string_sub_type"):
        return _("expected text, got %(value)s") % {"value": shown}
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("expected a whole number, got %(value)s") % {"value": shown}
    if kind in (
        "decimal_type",
        "decimal_parsing",
        "float_type",
        "float_parsing",
        "decimal_max_digits",
    ):
        return _("expected a number, got %(value)s") % {"value": shown}
    if kind in ("bool_type", "bool_parsing"):
        return _("expected true or false, got %(value)s") % {"value": shown}
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("expected a list, e.g. [a, b], got %(value)s") % {"value": shown}
    if kind == "dict_type" and is_text(loc):
        return _(
            "expected a text in each language of the pack, e.g. {es: Alta, en: High}; got %(value)s"
        ) % {"value": shown}
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return _("expected a mapping (key: value), got %(value)s") % {"value": shown}
    if kind == "too_short":
        if isinstance(value, (dict, list)) and not value:
            return _("must not be empty")
        return _("must have at least %(count)s entries") % {"count": ctx.get("min_length")}
    if kind == "string_too_short":
        return _("must not be empty")
    if kind in ("string_too_long", "too_long"):
        return _("is too long: at most %(count)s") % {"count": ctx.get("max_length")}
    if kind == "greater_than":
        return _("must be more than %(limit)s, got %(value)s") % {
            "limit": ctx.get("gt"),
            "value": shown,
        }
    if kind == "greater_than_equal":
        return _("must be at least %(limit)s, got %(value)s") % {
            "limit": ctx.get("ge"),
            "value": shown,
        }
    if kind == "less_than":
        return _("must be less than %(limit)s, got %(value)s") % {
            "limit": ctx.get("lt"),
            "value": shown,
        }
    if kind == "less_than_equal":
        return _("must be at most %(limit)s, got %(value)s") % {
            "limit": ctx.get("le"),
            "value": shown,
        }
    if kind == "string_pattern_mismatch":
        return _pattern_message(loc, shown, str(ctx.get("pattern", "")))
    return str(error["msg"])


def _pattern_message(loc: Loc, shown: str, pattern: str) -> str:
    field = loc[-1] if loc else ""
    if field == "prefix":
        return _(
            "%(value)s is not a case-number prefix; use capital letters and digits, starting "
            "with a letter (at most 16), e.g. WEK"
        ) % {"value": shown}
    if field == "currency":
        return _("%(value)s is not a currency code; use three capital letters, e.g. USD") % {
            "value": shown
        }
    return _("%(value)s does not have the expected form %(pattern)s") % {
        "value": shown,
        "pattern": pattern,
    }


def allowed_keys(loc: Loc) -> list[str]:
    """The keys the model at ``loc`` accepts (by their YAML names)."""
    model = _model_at(loc)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]


def is_text(loc: Loc) -> bool:
    """Whether the value at ``loc`` is a translated text."""
    from .spec import TEXT

    if not loc:
        return False
    model = _model_at(loc[:-1])
    if model is None:
        return False
    field = next((f for n, f in model.model_fields.items() if (f.alias or n) == loc[-1]), None)
    if field is None:
        return False
    if TEXT in field.metadata:
        return True
    import typing

    return any(
        typing.get_origin(arg) is typing.Annotated and TEXT in getattr(arg, "__metadata__", ())
        for arg in typing.get_args(field.annotation)
    )


def _model_at(loc: Loc) -> Any:
    from pydantic import BaseModel

    annotation: Any = PackSpec
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next(
                (f for n, f in annotation.model_fields.items() if (f.alias or n) == part), None
            )
            if field is None:
                return None
            annotation = field.annotation
        else:
            args = getattr(annotation, "__args__", ())
            origin = getattr(annotation, "__origin__", None)
            if origin is list and args:
                annotation = args[0]
            elif origin is dict and len(args) == 2:
                annotation = args[1]
            else:
                return None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the model / container type."""
    import types
    import typing

    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _show(value: Any) -> str:
    return show(value)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line, p.path))


__all__ = [
    "Lines",
    "Loc",
    "allowed_keys",
    "check_pack_text",
    "line_for",
    "parse_yaml",
    "read_pack",
    "read_pack_text",
]
