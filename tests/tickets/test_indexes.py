"""The ticket tables carry the indexes their reads and foreign keys need, and no more: every
index is written on each insert and on each update that moves the row (T1 case numbers are
written by an update), so a redundant one costs on every ticket opened."""

import pytest
from django.db import connection

from atiende.tickets.models import HistoryEvent, Message, Ticket

pytestmark = pytest.mark.django_db

MODELS = [Ticket, Message, HistoryEvent]


def _indexes(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if (info["index"] or info["unique"]) and info["columns"]
    }


def _partial(model) -> set[str]:
    return {index.name for index in model._meta.indexes if index.condition is not None}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_foreign_key_leads_an_index(model):
    """Deleting a referenced row (PROTECT, CASCADE) finds its tickets through an index."""
    leading = {columns[0] for columns in _indexes(model).values()}
    foreign_keys = [field.column for field in model._meta.concrete_fields if field.is_relation]

    assert [column for column in foreign_keys if column not in leading] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_no_full_index_is_the_leading_part_of_another(model):
    indexes = _indexes(model)
    partial = _partial(model)
    unique = {name for name, columns in indexes.items() if _is_unique(model, name)}
    redundant = [
        (name, other)
        for name, columns in indexes.items()
        if name not in partial and name not in unique
        for other, longer in indexes.items()
        if other != name and longer[: len(columns)] == columns and len(longer) >= len(columns)
        and (len(longer) > len(columns) or other < name)
    ]  # fmt: skip

    assert redundant == []


def _is_unique(model, name: str) -> bool:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return bool(constraints[name]["unique"] or constraints[name]["primary_key"])


def test_the_case_number_has_one_unique_index():
    number_indexes = [name for name, cols in _indexes(Ticket).items() if cols == ["number"]]

    assert len(number_indexes) == 1 and _is_unique(Ticket, number_indexes[0])
