"""The outbox in the Django admin: listed for administrators, never editable there."""

from django.urls import reverse

from atiende.notify.models import OutboxMessage
from tests import factories

CHANGELIST = "admin:notify_outboxmessage_changelist"


def test_it_lists_the_outbox_read_only_for_administrators(client, personas, mail_settings):
    factories.ticket(personas.org, subject="Calls drop after 30 seconds")
    row = OutboxMessage.objects.get()
    client.force_login(personas.admin)

    listing = client.get(reverse(CHANGELIST))
    detail = client.get(reverse("admin:notify_outboxmessage_change", args=[row.pk]))
    edit = client.post(reverse("admin:notify_outboxmessage_change", args=[row.pk]), {})

    assert listing.status_code == 200
    assert "Calls drop after 30 seconds" in listing.content.decode()
    assert detail.status_code == 200
    assert edit.status_code == 403
    assert client.get(reverse("admin:notify_outboxmessage_add")).status_code == 403
    assert OutboxMessage.objects.get() == row


def test_it_keeps_other_roles_out(client, personas):
    client.force_login(personas.supervisor)

    assert client.get(reverse(CHANGELIST)).status_code == 302  # to the admin's log-in
