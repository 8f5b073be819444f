"""Spanish and English everywhere a person reads (DESIGN principle 6).

The Spanish catalogue must be complete (no untranslated or fuzzy entry), compiled (the .mo
carries exactly the .po's messages), keep every placeholder, and be in step with the source
(``makemessages`` would add nothing).
"""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

from atiende import i18n

PACKAGE = Path(i18n.__file__).resolve().parent
PO = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")


def keys(catalogue) -> set[tuple]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue if not e.obsolete}


def test_the_spanish_catalogue_is_complete():
    po = polib.pofile(str(PO))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "es"


def test_the_compiled_catalogue_is_up_to_date():
    compiled = i18n.messages_of(polib.mofile(str(MO)))
    assert compiled == i18n.messages_of(polib.pofile(str(PO)))
    assert len(compiled) == len(polib.pofile(str(PO)).translated_entries())


def test_translations_keep_every_placeholder():
    wrong = []
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append((source, translation))
    assert wrong == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
    reason="GNU gettext (xgettext, msgmerge) is not installed: cannot extract the messages",
)
def test_makemessages_would_add_no_new_message(tmp_path, settings, monkeypatch):
    copy = tmp_path / "atiende"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["es"], no_obsolete=True, no_location=True, verbosity=0)
    fresh = polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    new = sorted(keys(fresh) - keys(polib.pofile(str(PO))), key=str)
    assert new == [], (
        "Strings marked for translation are missing from the Spanish catalogue: run "
        "`make messages`, translate the new entries and compile."
    )


def test_the_compile_command_writes_every_catalogue(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(PACKAGE / "locale", locale, ignore=shutil.ignore_patterns("*.mo"))
    assert i18n.main(["check", "--locale-dir", str(locale)]) == 1  # no .mo yet
    assert i18n.main(["compile", "--locale-dir", str(locale)]) == 0
    mo = locale / "es" / "LC_MESSAGES" / "django.mo"
    assert i18n.messages_of(polib.mofile(str(mo))) == i18n.messages_of(polib.mofile(str(MO)))
    assert i18n.main(["check", "--locale-dir", str(locale)]) == 0


def test_the_check_command_finds_untranslated_and_stale_entries(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(PACKAGE / "locale", locale)
    po_path = locale / "es" / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid="A string nobody translated", msgstr=""))
    po.find("Log out").msgstr = "Salir"
    po.save(str(po_path))
    problems = [str(p) for p in i18n.check(locale)]
    assert problems == [
        f"{po_path}: untranslated: 'A string nobody translated'",
        f"{po_path.with_suffix('.mo')}: stale: run `python -m atiende.i18n compile`",
    ]


@pytest.mark.parametrize(
    ("language", "expected", "unexpected"),
    [
        ("es", ["Saltar al contenido principal", "Casos", "Cualquier estado"], "Any state"),
        ("en", ["Skip to main content", "Tickets", "Any state"], "Cualquier estado"),
    ],
)
def test_the_desk_speaks_the_agents_language(client, personas, language, expected, unexpected):
    personas.agent.language = language
    personas.agent.save()
    client.force_login(personas.agent)
    body = client.get(reverse("desk:list")).content.decode()
    assert f'<html lang="{language}">' in body
    for text in expected:
        assert text in body
    assert unexpected not in body


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Descripción del impacto"), ("en", "Description of the impact")],
)
def test_the_portal_speaks_the_customers_language(client, personas, language, expected):
    personas.customer.language = language
    personas.customer.save()
    client.force_login(personas.customer)
    body = client.get(reverse("portal:new")).content.decode()
    assert f'<html lang="{language}">' in body
    assert expected in body
