"""core.statements: a queryset compiled once per connection gives, with other values, what the
queryset itself gives (tuples, model instances with their joined objects), in one query."""

import pytest
from django.db.models import Q

from atiende.core.statements import Statement
from atiende.tickets.models import Message, Ticket
from tests import factories
from tests.web.helpers import customer_ticket

RELATED = ("state", "organisation", "requester", "assignee", "group", "service", "site")


def _by_pk(pk):
    return Ticket.objects.select_related(*RELATED).filter(pk=pk)


def _fields(ticket: Ticket) -> dict:
    return {field.attname: getattr(ticket, field.attname) for field in Ticket._meta.fields}


def test_it_gives_the_querysets_model_instances_and_their_joined_objects(personas):
    group = factories.group(name="Voice")
    first = customer_ticket(personas, group=group)
    second = customer_ticket(personas)
    statement = Statement(_by_pk)
    for ticket in (first, second, first):
        (expected,) = _by_pk(ticket.pk)
        (got,) = statement.rows(ticket.pk)
        assert type(got) is Ticket
        assert _fields(got) == _fields(expected)
        assert got._state.adding is False
        assert got._state.db == "default"
        for name in RELATED:
            assert Ticket._meta.get_field(name).is_cached(got)
            assert getattr(got, name) == getattr(expected, name)
    assert statement.rows(second.pk)[0].group is None
    assert statement.rows(-1) == []


def test_it_gives_the_querysets_tuples_with_their_values_converted(personas):
    ticket = customer_ticket(personas)
    columns = ("id", "kind", "created_at", "author_contact__name")
    statement = Statement(
        lambda pk, limit: (
            Message.objects.filter(ticket_id=pk).values_list(*columns).order_by("-id")[:limit]
        )
    )
    expected = list(Message.objects.filter(ticket=ticket).values_list(*columns).order_by("-id"))
    assert statement.rows(ticket.pk, shape=(10,)) == expected
    assert statement.rows(ticket.pk, shape=(0,)) == []  # each shape compiled apart
    assert statement.rows(ticket.pk, shape=(10,)) == expected


def test_it_reads_in_one_query_each_time(personas, django_assert_num_queries):
    ticket = customer_ticket(personas)
    statement = Statement(_by_pk)
    with django_assert_num_queries(1):
        statement.rows(ticket.pk)
    with django_assert_num_queries(1):
        statement.rows(ticket.pk)


def test_it_refuses_a_value_that_is_not_a_plain_parameter_of_its_own(personas):
    # The SQL would hold another value than the one given: refused, not run wrongly.
    statement = Statement(lambda pk: Ticket.objects.filter(Q(pk=pk) | Q(pk=pk * 2)))
    with pytest.raises(RuntimeError, match="plain parameters"):
        statement.rows(1)


def test_it_gives_model_instances_or_tuples_only(personas):
    statement = Statement(lambda pk: Ticket.objects.filter(pk=pk).values("id"))
    with pytest.raises(RuntimeError, match="values_list tuples"):
        statement.rows(1)


def test_a_list_value_fills_an_in_filter_of_its_length(personas):
    tickets = [customer_ticket(personas) for _ in range(3)]
    ids = [ticket.pk for ticket in tickets]
    statement = Statement(lambda pks: Ticket.objects.filter(pk__in=pks).order_by("id"))
    assert [t.pk for t in statement.rows(ids)] == ids
    assert [t.pk for t in statement.rows(ids[:1])] == ids[:1]
    assert [t.pk for t in statement.rows(ids[1:])] == ids[1:]
    assert statement.rows([]) == []  # matches nothing: no query, as the ORM does


def test_a_string_value_and_an_annotation(personas):
    """Keys are strings; annotations land on the instance as the ORM puts them."""
    from django.db.models import Value
    from rest_framework.authtoken.models import Token

    from atiende.accounts.actions import create_token

    key = create_token(personas.agent)
    other = create_token(personas.customer)
    statement = Statement(
        lambda key: Token.objects.select_related("user").filter(key=key).annotate(extra=Value("x"))
    )

    (got,) = statement.rows(key)
    (again,) = statement.rows(other)

    assert (got.key, got.user, got.extra) == (key, personas.agent, "x")
    assert (again.key, again.user) == (other, personas.customer)
    assert statement.rows("no such key") == []


def test_insert_row_writes_what_save_writes(personas):
    from atiende.core.statements import insert_row
    from atiende.tickets.codes import Channel, MessageKind

    ticket = customer_ticket(personas)
    fields = {
        "ticket": ticket,
        "kind": MessageKind.PUBLIC,
        "author_contact": personas.customer.contact,
        "channel": Channel.API,
        "text": "Sigue sin servicio.",
    }
    saved = Message(**fields)
    saved.save(force_insert=True)
    inserted = Message(**fields, created_at=saved.created_at)

    insert_row(inserted)

    assert inserted.pk and inserted.pk != saved.pk and inserted._state.adding is False
    columns = [f.attname for f in Message._meta.concrete_fields if f.attname != "id"]
    assert Message.objects.filter(pk=inserted.pk).values(*columns).get() == (
        Message.objects.filter(pk=saved.pk).values(*columns).get()
    )
