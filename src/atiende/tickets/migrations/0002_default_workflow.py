"""The default workflow (T4): new → open → pending ↔ open → resolved → closed."""

from django.db import migrations

STATES = [
    # code, category, labels, initial
    ("new", "new", {"es": "Nuevo", "en": "New"}, True),
    ("open", "open", {"es": "Abierto", "en": "Open"}, False),
    ("pending", "pending", {"es": "En espera del cliente", "en": "Waiting on customer"}, False),
    ("resolved", "resolved", {"es": "Resuelto", "en": "Resolved"}, False),
    ("closed", "closed", {"es": "Cerrado", "en": "Closed"}, False),
]
TRANSITIONS = [
    ("new", "open", "manual"),
    ("new", "pending", "manual"),
    ("new", "resolved", "manual"),
    ("new", "closed", "manual"),
    ("open", "pending", "manual"),
    ("open", "resolved", "manual"),
    ("pending", "open", "manual"),
    ("pending", "resolved", "manual"),
    ("resolved", "open", "manual"),
    ("resolved", "closed", "manual"),
    ("new", "open", "agent_reply"),
    ("pending", "open", "customer_reply"),
    ("resolved", "open", "customer_reply"),
]


def create(apps, schema_editor):
    Workflow = apps.get_model("tickets", "Workflow")
    State = apps.get_model("tickets", "State")
    Transition = apps.get_model("tickets", "Transition")
    workflow, _ = Workflow.objects.get_or_create(slug="default", defaults={"name": "Default"})
    states = {}
    for position, (code, category, labels, initial) in enumerate(STATES):
        states[code], _ = State.objects.get_or_create(
            workflow=workflow,
            code=code,
            defaults={
                "category": category,
                "labels": labels,
                "is_initial": initial,
                "position": position,
            },
        )
    for source, target, trigger in TRANSITIONS:
        Transition.objects.get_or_create(
            workflow=workflow, source=states[source], target=states[target], trigger=trigger
        )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
