"""web.fastforms: the Python form renderer writes exactly what Django's templates write, for
every field of every desk form, empty, filled and with errors, in Spanish and English."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.template import engines
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

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


def _reference_select(widget, name, value, attrs=None) -> str:
    """FastSelect.render as it was written with format_html (the reference)."""
    chosen = set(widget.format_value(value))
    rows = (
        (key, " selected" if str(key) in chosen else "", label) for key, label in widget._options()
    )
    options = format_html_join("", '<option value="{}"{}>{}</option>', rows)
    final = flatatt(widget.build_attrs(widget.attrs, attrs))
    return format_html('<select name="{}"{}>{}</select>', name, final, options)


@pytest.mark.parametrize("value", [None, "", "2", 2, ["a&b", "3"]])
def test_the_list_selects_write_what_they_wrote_with_format_html(value):
    widget = forms_desk_list.FastSelect(attrs={"data-x": 'q"<'})
    widget.choices = [
        ("", gettext_lazy("Any priority")),
        (2, "Two <b>"),
        ("3", mark_safe("<i>three</i>")),
        ("a&b", "A & B"),
    ]
    for language in ("es", "en"):
        with translation.override(language):
            expected = _reference_select(widget, "pick&", value, {"id": "id_pick"})
            assert widget.render("pick&", value, {"id": "id_pick"}) == expected
