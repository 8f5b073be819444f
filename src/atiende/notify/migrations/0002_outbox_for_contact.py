"""Acknowledgements carry their requester (``for_contact``), indexed with the time: the mail
intake's hourly count of automatic replies per contact no longer walks every ticket of the
contact (C3). Rows written before get it from their ticket."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_for_contact(apps, schema_editor):
    OutboxMessage = apps.get_model("notify", "OutboxMessage")
    Ticket = apps.get_model("tickets", "Ticket")
    requester = Ticket.objects.filter(pk=OuterRef("ticket_id")).values("requester_id")[:1]
    OutboxMessage.objects.using(schema_editor.connection.alias).filter(
        cause="ticket.acknowledgement", ticket__isnull=False
    ).update(for_contact=Subquery(requester))


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
        ("tickets", "0003_ticket_sla"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="for_contact",
            field=models.BigIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("for_contact__isnull", False)),
                fields=["for_contact", "created_at"],
                name="outbox_contact_recent_idx",
            ),
        ),
        migrations.RunPython(fill_for_contact, migrations.RunPython.noop, elidable=True),
    ]
