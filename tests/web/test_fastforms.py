"""web.fastforms: the Python form renderer writes exactly what Django's templates write, for
every field of every desk form, empty, filled and with errors, in Spanish and English."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from atiende.tickets.priority import scheme_for
from atiende.web import forms_desk_list, forms_ticket
from atiende.web.fastforms import FastRenderer, attrs_html, form_fields
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


# _partials/desk_form_fields.html as it was before web.fastforms.form_fields replaced it.
FORM_FIELDS = """
{% if form.non_field_errors %}{{ form.non_field_errors }}{% endif %}
{% for field in form.hidden_fields %}{{ field }}{% endfor %}
{% for field in form.visible_fields %}
  {% if field.widget_type == "radioselect" %}
    <fieldset{% if field.errors %} aria-describedby="{{ field.auto_id }}_error"{% endif %}>
      <legend>{{ field.label }}</legend>
      {% if field.errors %}{{ field.errors }}{% endif %}
      {% for value, label in field.field.choices %}
        <label><input type="radio" name="{{ field.html_name }}" value="{{ value }}" id="{{ field.auto_id }}_{{ forloop.counter0 }}"{% if value|stringformat:"s" == field.value|stringformat:"s" %} checked{% endif %}{% if field.field.required %} required{% endif %}> {{ label }}</label>
      {% endfor %}
    </fieldset>
  {% else %}
    <div>
      {{ field.label_tag }}
      {% if field.help_text %}<div class="helptext" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</div>{% endif %}
      {% if field.errors %}{{ field.errors }}{% endif %}
      {% if field.widget_type == "select" %}
        <select name="{{ field.html_name }}" id="{{ field.auto_id }}"{% for name, value in field.field.widget.attrs.items %} {{ name }}="{{ value }}"{% endfor %}{% if field.errors %} aria-invalid="true" aria-describedby="{{ field.auto_id }}_error"{% endif %}>
          {% for value, label in field.field.choices %}<option value="{{ value }}"{% if value|stringformat:"s" == field.value|stringformat:"s" %} selected{% endif %}>{{ label }}</option>{% endfor %}
        </select>
      {% else %}
        {{ field }}
      {% endif %}
    </div>
  {% endif %}
{% endfor %}
"""  # noqa: E501


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("data", [None, DATA, {"direction": "bogus", "outcome": "answered"}])
def test_form_fields_write_what_the_template_wrote(personas, language, data):
    factories.group()
    template = engines["django"].from_string(FORM_FIELDS)
    with translation.override(language):
        for form in _forms(FastRenderer(), data):
            form.is_bound and form.is_valid()
            assert str(form_fields(form)) == template.render({"form": form}), form
