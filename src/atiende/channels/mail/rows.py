"""Model instances from plain SQL, for the few reads the intake makes on every message.

Building an ORM queryset with ``select_related`` costs more than the database takes to answer
it; the intake reads the same shapes on every message (the sender's contacts with their
organisations, the ticket it threads into with its state and organisation). :class:`Columns`
gives the select list of a model once per process and turns a row slice back into an
instance exactly as the ORM would (every concrete field, the database's values converted by
the same converters the ORM applies: booleans and dates on SQLite, JSON, …).
"""

from functools import cache

from django.db import connection


class Columns:
    """The concrete columns of ``model`` (as ``table.column``) and how to read them back."""

    def __init__(self, model) -> None:
        meta = model._meta
        qn = connection.ops.quote_name
        self.model = model
        self.table = qn(meta.db_table)
        self.fields = list(meta.concrete_fields)
        self.names = [field.attname for field in self.fields]
        self.sql = ", ".join(f"{self.table}.{qn(field.column)}" for field in self.fields)
        self.width = len(self.fields)
        self._converters = []
        for index, field in enumerate(self.fields):
            col = field.get_col(meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                self._converters.append((index, col, found))

    def column(self, name: str) -> str:
        """``table.column`` of field ``name``."""
        field = self.model._meta.get_field(name)
        return f"{self.table}.{connection.ops.quote_name(field.column)}"

    def build(self, row, start: int = 0):
        """The instance held in ``row[start : start + width]``."""
        values = list(row[start : start + self.width])
        for index, col, converters in self._converters:
            value = values[index]
            for converter in converters:
                value = converter(value, col, connection)
            values[index] = value
        return self.model.from_db(connection.alias, self.names, values)


@cache
def columns(model) -> Columns:
    """The :class:`Columns` of ``model`` (built once per process)."""
    return Columns(model)
