"""Tasks that tests enqueue (a task must live at module level to be found by its path)."""

from django_tasks import task

from atiende.customers.actions import create_organisation


@task()
def open_organisation(name: str, slug: str) -> int:
    return create_organisation(name=name, slug=slug).pk


@task()
def explode() -> None:
    raise RuntimeError("the task failed on purpose")
