"""atiende.core.configcache: configuration cached per process, invalidated by any change in any
process through the generation token (T9)."""

import threading

import pytest
from django.db import connection, transaction

from atiende.core import configcache
from atiende.core.models import ConfigGeneration
from atiende.sla.models import PriorityMatrix
from atiende.tickets import workflow
from atiende.tickets.models import State
from atiende.tickets.priority import scheme_for
from tests.concurrency import run_in_threads
from tests.sla import configs


@pytest.fixture(autouse=True)
def _cold_cache():
    configcache.clear()
    yield
    configcache.clear()


def _default_matrix() -> PriorityMatrix:
    return PriorityMatrix.objects.get(is_default=True)


@pytest.mark.django_db
def test_it_reads_configuration_once_then_only_the_generation(django_assert_num_queries):
    with django_assert_num_queries(2):  # generation + matrix
        first = scheme_for()
    with django_assert_num_queries(1):  # generation
        assert scheme_for() is first


@pytest.mark.django_db
def test_it_reads_the_generation_once_in_a_snapshot(django_assert_num_queries):
    scheme_for()
    flow = workflow.default_workflow()
    workflow.initial_state(flow)
    with django_assert_num_queries(1), configcache.snapshot():
        scheme_for()
        workflow.initial_state(workflow.default_workflow())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    ["save", "queryset_update", "raw_sql", "delete_and_create"],
)
def test_it_sees_every_kind_of_write_to_a_configuration_table(change):
    """Triggers replace the token on any write, whoever makes it (admin and packs save
    models, other code may update querysets or run SQL)."""
    assert scheme_for().priorities == ("urgent", "high", "normal", "low")
    matrix = _default_matrix()
    if change == "save":
        matrix.priorities = ["urgent", "high", "normal", "low", "planning"]
        matrix.save()
    elif change == "queryset_update":
        PriorityMatrix.objects.filter(pk=matrix.pk).update(
            priorities=["urgent", "high", "normal", "low", "planning"]
        )
    elif change == "raw_sql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {PriorityMatrix._meta.db_table} SET priorities = %s WHERE id = %s",  # noqa: S608
                ['["urgent", "high", "normal", "low", "planning"]', matrix.pk],
            )
    else:
        configs.use_priorities("high", "medium", "low", "planning")
    assert scheme_for().priorities[-1] == "planning"


@pytest.mark.django_db
def test_it_sees_a_workflow_change():
    flow = workflow.default_workflow()
    before = workflow.initial_state(flow)
    State.objects.filter(pk=before.pk).update(is_initial=False)
    other = State.objects.filter(workflow=flow).exclude(pk=before.pk).first()
    other.is_initial = True
    other.save()
    assert workflow.initial_state(workflow.default_workflow()).pk == other.pk


@pytest.mark.django_db
def test_it_forgets_a_change_rolled_back():
    """Tokens are random: a rolled-back change brings the previous token back, and what was
    cached inside the rolled-back transaction is not taken for it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        configs.use_priorities("high", "medium", "low")
        assert scheme_for().priorities == ("high", "medium", "low")
        raise RuntimeError("the change is abandoned")
    assert scheme_for().priorities == ("urgent", "high", "normal", "low")


@pytest.mark.django_db
def test_bump_makes_every_process_read_again(django_assert_num_queries):
    first = scheme_for()
    before = configcache.read_token()
    token = configcache.bump()
    assert token != before
    assert configcache.read_token() == token
    with django_assert_num_queries(2):  # generation + matrix again
        assert scheme_for() == first


@pytest.mark.django_db
def test_it_caches_nothing_without_the_generation_row(django_assert_num_queries):
    ConfigGeneration.objects.all().delete()
    with django_assert_num_queries(2):
        scheme_for()
    with django_assert_num_queries(2):
        scheme_for()
    configcache.bump()  # writes the row again
    assert ConfigGeneration.objects.count() == 1


@pytest.mark.django_db
def test_installing_the_triggers_again_is_harmless():
    configcache.install_triggers()
    configcache.install_triggers()
    assert ConfigGeneration.objects.count() == 1
    scheme_for()
    PriorityMatrix.objects.filter(is_default=True).update(priorities=["p1", "p2", "p3", "p4"])
    assert scheme_for().priorities == ("p1", "p2", "p3", "p4")


@pytest.mark.django_db(transaction=True)
def test_it_sees_a_change_committed_by_another_connection():
    """Another process (here another connection) changes the matrix and commits: this
    process's next read uses the new matrix."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections are exercised on PostgreSQL")
    assert scheme_for().priorities == ("urgent", "high", "normal", "low")
    changed = threading.Event()

    def other_process(_index, _barrier):
        PriorityMatrix.objects.filter(is_default=True).update(priorities=["p1", "p2", "p3", "p4"])
        changed.set()

    run_in_threads(other_process, 1)
    assert changed.is_set()
    assert scheme_for().priorities == ("p1", "p2", "p3", "p4")
