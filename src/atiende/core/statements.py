"""Frequent reads compiled once per database connection (the desk pages, API authentication).

Building and compiling an ORM query costs more of a request's server time than running it:
0.2–0.7 ms each (the desk ticket with its nine joins the most), for about ten small reads per
page, while their SQL never changes from one request to the next, only an id or a key. A
:class:`Statement` compiles its queryset once per connection (connections are per thread)
with marker values in place of the real ones, then runs the same SQL with the real values,
turning rows into what the queryset gives: tuples (``values_list``) or model instances with
their ``select_related`` objects and annotations, through the ORM's own value converters and
populators. Values are ids (integers) or strings (keys).

:func:`insert_row` is the write side: a new row as the ORM's ``save(force_insert=True)`` sends
it, without building the statement each time.

Only for querysets whose SQL does not depend on the values (plain ``=`` filters on them,
constant everything else): compiled with two sets of markers, a statement must differ in the
markers' parameters only, else :meth:`Statement.rows` refuses it.
"""

import weakref
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.query import (
    ModelIterable,
    QuerySet,
    ValuesListIterable,
    get_related_populators,
)

# Values no id or key of ours takes: where they are in the compiled parameters, the real
# values go. Two sets: a statement compiled with each must differ in those places only.
_BASE, _OTHER_BASE = -987_654_321_000, -876_543_210_000


def _marker(base: int, n: int, value) -> int | str:
    """The ``n``-th marker of set ``base``, of the type of ``value`` (an id or a string)."""
    return f"\x00marker{base - n}" if isinstance(value, str) else base - n


def _markers(base: int, values: list) -> list:
    return [_marker(base, n, value) for n, value in enumerate(values)]


def _compile(queryset: QuerySet, connection):
    compiler = queryset.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # can match nothing whatever the values (a limit of 0)
        return compiler, None, []
    return compiler, sql, list(params)


class _Compiled:
    def __init__(self, build: Callable[..., QuerySet], shape: tuple, connection, values: tuple):
        flat = _flat(values)
        count = len(flat)
        queryset = build(*_shaped(values, _markers(_BASE, flat)), *shape)
        compiler, self.sql, self.params = _compile(queryset, connection)
        other = _markers(_OTHER_BASE, flat)
        _compiler, other_sql, other_params = _compile(
            build(*_shaped(values, other), *shape), connection
        )
        markers = {marker: n for n, marker in enumerate(_markers(_BASE, flat))}
        self.slots = [
            (position, markers[value])
            for position, value in enumerate(self.params)
            if type(value) in (int, str) and value in markers
        ]
        expected = list(self.params)
        for position, n in self.slots:
            expected[position] = other[n]
        if (
            other_sql != self.sql
            or other_params != expected
            or (self.sql is not None and {n for _p, n in self.slots} != set(range(count)))
        ):
            raise RuntimeError(f"the statement's values are not plain parameters: {self.sql}")
        self.compiler = compiler
        if self.sql is None:
            return
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.models = queryset._iterable_class is ModelIterable
        if not self.models and queryset._iterable_class is not ValuesListIterable:
            raise RuntimeError("a statement gives model instances or values_list tuples")
        if self.models:
            info = compiler.klass_info
            positions = info["select_fields"]
            self.start, self.end = positions[0], positions[-1] + 1
            self.model = info["model"]
            self.names = [
                column[0].target.attname for column in compiler.select[self.start : self.end]
            ]
            self.related = get_related_populators(info, compiler.select, connection.alias)
            self.annotations = list(compiler.annotation_col_map.items())

    def run(self, connection, values: tuple) -> list:
        if self.sql is None:
            return []
        flat = _flat(values)
        params = self.params[:]
        for position, n in self.slots:
            params[position] = flat[n]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        if not self.models:
            return [tuple(row) for row in rows]
        objects = []
        for row in rows:
            obj = self.model.from_db(connection.alias, self.names, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _flat(values: tuple) -> list:
    """The values one by one, a list's or tuple's items in its place."""
    flat = []
    for value in values:
        if isinstance(value, list | tuple):
            flat.extend(value)
        else:
            flat.append(value)
    return flat


def _shaped(values: tuple, markers: list) -> list:
    """``values`` with markers in place of each (a list gets a list of as many)."""
    shaped, at = [], 0
    for value in values:
        if isinstance(value, list | tuple):
            shaped.append(markers[at : at + len(value)])
            at += len(value)
        else:
            shaped.append(markers[at])
            at += 1
    return shaped


class Statement:
    """``build(*values, *shape)`` (a queryset) compiled once per connection and ``shape``
    (constants that change the SQL, such as a limit), run with ``values``. A value may be a
    list (of ids for an ``__in`` filter): a statement is compiled for each length."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, *values, shape: tuple = (), using: str = DEFAULT_DB_ALIAS) -> list:
        """What ``list(build(*values, *shape))`` gives (tuples or model instances)."""
        connection = connections[using]
        shapes = self._compiled.get(connection)
        if shapes is None:
            shapes = self._compiled[connection] = {}
        key = (shape, tuple(len(v) if isinstance(v, list | tuple) else None for v in values))
        compiled = shapes.get(key)
        if compiled is None:
            compiled = shapes[key] = _Compiled(self.build, shape, connection, values)
        return compiled.run(connection, values)


def insert_row(obj: models.Model) -> None:
    """``obj.save(force_insert=True)`` for a new row of a plain model (an auto id, no
    ``db_default``, no save hooks) as one plain INSERT: what the ORM sends, with the values
    prepared by the fields themselves (``pre_save``, ``get_db_prep_save``), without building
    the statement each time. The actions write several rows per change this way (history,
    messages, outbox)."""
    meta = obj._meta
    qn = connection.ops.quote_name
    fields = [field for field in meta.local_concrete_fields if field is not meta.auto_field]
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    returning = connection.features.can_return_columns_from_insert
    if returning:
        sql += f" RETURNING {qn(meta.auto_field.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        obj.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    obj._state.adding = False
    obj._state.db = connection.alias
