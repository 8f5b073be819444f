"""A form renderer that writes Django's commonest form templates in Python.

The desk pages render dozens of fields per request (the list's filters, bulk and save-view
forms; the ticket page's dozen forms). Through Django's own templates each field costs four
to six template renders (field group, label, widget, attributes, errors): about a third of a
page's server time. :class:`FastRenderer` produces the same markup, byte for byte, for the
templates below from the context Django builds (Django still decides attributes, values,
ids, ``aria-*``, labels and errors); any other template, and any case it does not cover, is
rendered by Django's templates as before. ``tests/web/test_fastforms.py`` compares both
renderers on every desk form.

Forms opt in with ``default_renderer = FastRenderer`` (see :class:`FastFormMixin`).
"""

from html import escape as html_escape

from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# Widgets whose template is ``django/forms/widgets/input.html`` (directly or by include).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "search",
        "tel",
        "date",
        "datetime",
        "time",
        "color",
        "hidden",
        "file",
        "checkbox",
    )
)
FIELD = "django/forms/field.html"
LABEL = "django/forms/label.html"
TEXTAREA = "django/forms/widgets/textarea.html"
ERRORS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")


def escape(value) -> str:
    """``{{ value }}``: escaped unless safe (or rendering itself, like a bound field)."""
    if type(value) is str:  # the commonest case, without the lazy-text wrapper's cost
        return html_escape(value)
    return conditional_escape(value)


def attrs_html(attrs) -> str:
    """``django/forms/attrs.html`` and ``widgets/attrs.html``: `` name="value"`` pairs, a
    True value as a bare name, a False one left out (``stringformat:'s'``, then escaped)."""
    if not attrs:
        return ""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(str(value))}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(str(value))}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{attrs_html(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{escape(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{escape(value) if value else ''}</textarea>"
    )


def _label(context: dict) -> str:
    label = escape(context["label"])
    if not context["use_tag"]:
        return label.strip()
    tag = escape(context["tag"])
    return f"<{tag}{attrs_html(context['attrs'])}>{label}</{tag}>"


def _field(context: dict) -> str | None:
    field = context["field"]
    if field.use_fieldset:
        return None
    label = str(field.label_tag()) if field.label else ""
    help_text = ""
    if field.help_text:
        auto_id = field.auto_id
        ident = f' id="{escape(auto_id)}_helptext"' if auto_id else ""
        help_text = f'<div class="helptext"{ident}>{field.help_text}</div>'
    html = f"\n  {label}\n\n{help_text}\n{escape(field.errors)}\n{escape(field)}"
    return html.strip()


def display(value) -> str:
    """``{{ value }}`` of any value: localised (numbers), then escaped unless safe. Plain
    text and whole numbers (without thousands separators) take a shortcut to the same
    result: a page writes thousands of values."""
    kind = type(value)
    if kind is str:
        return html_escape(value)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return conditional_escape(formats.localize(value))


def _format_s(value) -> str:
    """The ``stringformat:"s"`` filter."""
    try:
        return "%s" % value  # noqa: UP031 (the filter's own formatting)
    except (ValueError, TypeError):
        return ""


def _choices(field) -> list:
    """A field's choices; a model field's read with one plain query (``ModelChoiceIterator``
    reads through a server-side cursor on PostgreSQL: three round trips)."""
    choices = field.field.choices
    if isinstance(choices, ModelChoiceIterator):
        head = [] if field.field.empty_label is None else [("", field.field.empty_label)]
        return head + [choices.choice(obj) for obj in list(field.field.queryset)]
    return choices


def select_options(field) -> str:
    """The ``<option>`` elements of a select of :func:`form_fields`."""
    current = _format_s(field.value())
    return mark_safe(  # noqa: S308 (values and labels escaped)
        "".join(
            f'<option value="{display(value)}"'
            f"{' selected' if _format_s(value) == current else ''}>{display(label)}</option>"
            for value, label in _choices(field)
        )
    )


def radio_options(field) -> str:
    """The radio buttons of :func:`form_fields`, one per choice."""
    current = _format_s(field.value())
    name, auto_id = display(field.html_name), display(field.auto_id)
    required = " required" if field.field.required else ""
    return mark_safe(  # noqa: S308 (values and labels escaped)
        "".join(
            f'\n        <label><input type="radio" name="{name}" value="{display(value)}"'
            f' id="{auto_id}_{n}"{" checked" if _format_s(value) == current else ""}'
            f"{required}> {display(label)}</label>\n      "
            for n, (value, label) in enumerate(_choices(field))
        )
    )


def form_fields(form) -> str:
    """A ticket-page form's fields (tag ``desk_form_fields``): label, help, errors and
    control of each, as the former template ``_partials/desk_form_fields.html`` wrote them,
    in Python (the page renders a dozen forms; ``tests/web/test_fastforms.py`` renders that
    template beside it)."""
    out = ["\n"]
    errors = form.non_field_errors()
    if errors:
        out.append(escape(errors))
    out.append("\n")
    out.extend(escape(field) for field in form.hidden_fields())
    out.append("\n")
    for field in form.visible_fields():
        out.append("\n  ")
        errors = field.errors
        shown = escape(errors) if errors else ""
        auto_id = display(field.auto_id)
        if field.widget_type == "radioselect":
            described = f' aria-describedby="{auto_id}_error"' if errors else ""
            out.append(
                f"\n    <fieldset{described}>\n      <legend>{display(field.label)}</legend>"
                f"\n      {shown}\n      {radio_options(field)}\n    </fieldset>\n  "
            )
        else:
            help_text = ""
            if field.help_text:
                help_text = (
                    f'<div class="helptext" id="{auto_id}_helptext">'
                    f"{display(field.help_text)}</div>"
                )
            out.append(
                f"\n    <div>\n      {field.label_tag()}\n      {help_text}\n      {shown}\n      "
            )
            if field.widget_type == "select":
                attrs = "".join(
                    f' {display(name)}="{display(value)}"'
                    for name, value in field.field.widget.attrs.items()
                )
                if errors:
                    attrs += f' aria-invalid="true" aria-describedby="{auto_id}_error"'
                out.append(
                    f'\n        <select name="{display(field.html_name)}" id="{auto_id}"{attrs}>'
                    f"\n          {select_options(field)}\n        </select>\n      "
                )
            else:
                out.append(f"\n        {escape(field)}\n      ")
            out.append("\n    </div>\n  ")
        out.append("\n")
    out.append("\n")
    return mark_safe("".join(out))  # noqa: S308 (values and labels escaped)


class FastRenderer(DjangoTemplates):
    """Django's template form renderer with the templates above written in Python."""

    def render(self, template_name, context, request=None):
        html = None
        if template_name in INPUT_TEMPLATES and "widget" in context:
            html = _input(context["widget"])
        elif template_name == LABEL:
            html = _label(context)
        elif template_name == FIELD:
            html = _field(context)
        elif template_name == TEXTAREA and "widget" in context:
            html = _textarea(context["widget"]).strip()
        elif template_name in ERRORS and not context.get("errors"):
            html = ""
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html)  # noqa: S308 (every value above is escaped or already safe)


class FastFormMixin:
    """Render the form's fields with :class:`FastRenderer`."""

    default_renderer = FastRenderer
