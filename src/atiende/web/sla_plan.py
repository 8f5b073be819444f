"""The SLA preview page of the desk: what a ticket of a pack would get (``packs.preview``).

Supervisors, managers and administrators (``Perm.PREVIEW_SLA``); others get a 403. A GET form
(pack, kind, sub-type, urgency and impact or priority, plan, channel, the site's city
class, instant) and the answer
below it: accepted or the pack's message, the priority, the policy and each target's due time.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from atiende import clock
from atiende.accounts.roles import Perm
from atiende.core.errors import ActionError
from atiende.customers.models import CityClass
from atiende.packs import preview
from atiende.packs.models import Pack
from atiende.tickets.codes import Channel, Kind
from atiende.web.decorators import staff_only
from atiende.web.forms import show_action_error


class SlaPlanForm(forms.Form):
    pack = forms.ModelChoiceField(
        label=_("Pack"), queryset=Pack.objects.order_by("name"), to_field_name="name"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    subtype = forms.CharField(label=_("Sub-type"), required=False)
    urgency = forms.CharField(label=_("Urgency"), required=False)
    impact = forms.CharField(label=_("Impact"), required=False)
    priority = forms.CharField(label=_("Priority"), required=False)
    plan = forms.CharField(label=_("Support plan"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False
    )
    city_class = forms.ChoiceField(
        label=_("City class of the site"),
        choices=[("", _("No site")), *CityClass.choices],
        required=False,
        help_text=_("Targets that depend on the site's city class use its time (S6)."),
    )
    at = forms.CharField(
        label=_("Opened at"),
        help_text=_("ISO 8601 with offset, e.g. 2026-11-17T17:00-05:00; empty: now."),
        required=False,
    )

    def clean_at(self):
        text = self.cleaned_data["at"].strip()
        if not text:
            return clock.now()
        value = parse_datetime(text)
        if value is None:
            raise forms.ValidationError(_("Write an instant such as 2026-11-17T17:00-05:00."))
        if timezone.is_naive(value):
            value = value.replace(tzinfo=ZoneInfo(timezone.get_current_timezone_name()))
        return value


@staff_only
@require_GET
def sla_plan_page(request):
    if not request.user.can(Perm.PREVIEW_SLA):
        raise PermissionDenied
    form = SlaPlanForm(request.GET or None)
    answer = None
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            answer = preview.plan(values.pop("pack"), **values)
        except ActionError as error:
            show_action_error(form, error)
    return render(request, "desk/sla_plan.html", {"form": form, "answer": answer})
