"""web.fastforms: the Python form renderer writes exactly what Django's templates write, for
every field of every desk form, empty, filled and with errors, in Spanish and English."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe

from atiende.tickets.priority import scheme_for
from atiende.web import forms_desk_list, forms_ticket
from atiende.web.fastforms import FastRenderer, attrs_html
from tests import factories


def _forms(renderer, data=None):
    scheme = scheme_for()
    kwargs = {"renderer": renderer}
    bound = data is not None
    return [
        forms_desk_list.DeskFilterForm(data, scheme=scheme, subtypes=[("a", "A")], **kwargs),
        forms_desk_list.BulkForm(data, language="en", **kwargs),
        forms_desk_list.SavedViewForm(data, **kwargs),
        forms_desk_list.RenameViewForm(data, **kwargs),
        forms_ticket.ComposeForm(data, **kwargs),
        forms_ticket.TransitionForm(data, **kwargs),
        forms_ticket.AssignForm(data, **kwargs),
        forms_ticket.EscalateForm(data, **kwargs),
        forms_ticket.PriorityForm(data, scheme=scheme, **kwargs),
        forms_ticket.NumberForm(data, prefix="merge", label="Merge into", **kwargs),
        forms_ticket.ResolutionForm(data, prefix="solution", **kwargs),
        forms_ticket.PhoneCallForm(data, **kwargs),
        forms_ticket.TimeEntryForm(data, **kwargs),
    ] + ([] if bound else [forms_ticket.CannedPickForm(responses=[], **kwargs)])


def _html(form) -> list[str]:
    form.is_bound and form.is_valid()
    out = [str(form.non_field_errors())]
    for field in form:
        out += [field.as_field_group(), str(field), str(field.errors), field.label_tag()]
    return out


DATA = {
    "text": 'Caída <b>"total"</b> & más',
    "created_after": "not a date",
    "ordering": "bogus",
    "bulk-operation": "assign",
    "bulk-reason": "x" * 600,
    "view-name": "Mi vista",
    "compose-text": "Hola\nmundo <script>",
    "version": "abc",
    "minutes": "-3",
    "billable": "on",
    "merge-number": "",
}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("data", [None, {}, DATA])
def test_it_writes_what_django_writes(personas, language, data):
    factories.group()
    factories.service()
    with translation.override(language):
        fast = [_html(form) for form in _forms(FastRenderer(), data)]
        django = [_html(form) for form in _forms(DjangoTemplates(), data)]
    assert fast == django
    if data:
        assert any("errorlist" in html for form in fast for html in form)


def test_attributes_are_escaped_and_booleans_bare():
    attrs = {"title": 'a "b" <c>', "required": True, "disabled": False, "data-x": 3}
    assert attrs_html(attrs) == ' title="a &quot;b&quot; &lt;c&gt;" required data-x="3"'
    assert attrs_html({"title": mark_safe("<i>")}) == ' title="<i>"'
