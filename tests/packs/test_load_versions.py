"""Every load that changes something is a new version with its source text and changes."""

import pytest

from atiende.packs.models import PackVersion
from atiende.sla.models import Target
from tests import factories
from tests.packs.runtime_support import edited, load

pytestmark = pytest.mark.django_db


def test_it_records_a_new_version_with_the_source_and_the_changes():
    load()
    admin = factories.user("admin")
    text = edited(
        "- {name: first_response, within: 2h, calendar: business}",
        "- {name: first_response, within: 90m, calendar: business}",
    )

    result = load(text, actor=admin)

    assert result.version == 2
    assert result.changes == ["~ policy incident: target first_response: minutes"]
    version = PackVersion.objects.get(pack=result.pack, version=2)
    assert version.source == text
    assert version.loaded_by == admin
    assert version.changes == result.changes
    assert version.digest == result.pack.digest
    assert Target.objects.get(policy__slug="incident", name="first_response").minutes == 90


def test_it_lists_a_change_of_a_section_stored_without_runtime():
    load()

    result = load(edited("- {level: 1, role: supervisor, after: 100%}",
                         "- {level: 1, role: supervisor, after: 2h}"))  # fmt: skip

    assert result.changes == ["~ escalation"]
    assert result.pack.spec["escalation"]["hierarchical"][0]["after"] == "2h"


def test_it_removes_what_the_file_no_longer_has():
    load()

    text = edited("  - {name: level2, tier: level2}\n", "")
    result = load(edited("functional: [level1, level2]", "functional: [level1]", text))

    assert result.changes == ["~ escalation", "- group level2"]
    assert result.version == 2
