"""The default priority matrix (T3): WeKall's urgency × impact matrix from REQUIREMENTS.md."""

from django.db import migrations

URGENCIES = ["high", "medium", "low"]
IMPACTS = ["organisation", "department", "individual"]
PRIORITIES = ["urgent", "high", "normal", "low"]
MATRIX = {
    "high": {"organisation": "urgent", "department": "high", "individual": "normal"},
    "medium": {"organisation": "high", "department": "normal", "individual": "low"},
    "low": {"organisation": "normal", "department": "low", "individual": "low"},
}


def create(apps, schema_editor):
    PriorityMatrix = apps.get_model("sla", "PriorityMatrix")
    if PriorityMatrix.objects.filter(is_default=True).exists():
        return
    PriorityMatrix.objects.get_or_create(
        slug="default",
        defaults={
            "name": "Urgency × impact",
            "urgencies": URGENCIES,
            "impacts": IMPACTS,
            "priorities": PRIORITIES,
            "matrix": MATRIX,
            "is_default": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
