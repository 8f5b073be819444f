"""Loading the shipped Cirion pack again changes nothing: same version, same rows."""

from atiende.cli import main
from atiende.packs import loader
from atiende.packs.models import Pack, PackVersion
from atiende.sla.models import BusinessCalendar, Policy, Target
from atiende.tickets.models import State, Transition, Workflow
from tests.scenarios.cirion.test_plan_preview import SHIPPED


def counts():
    models = (Pack, PackVersion, BusinessCalendar, Policy, Target, Workflow, State, Transition)
    return [model.objects.count() for model in models]


def test_it_changes_nothing_on_a_second_load(load_pack):
    pack = load_pack("cirion")
    before = counts()
    result = loader.load_path(SHIPPED)
    assert not result.changed
    assert result.changes == []
    pack.refresh_from_db()
    assert pack.version == 1
    assert counts() == before
    assert PackVersion.objects.filter(pack=pack).count() == 1


def test_it_exports_what_loads_as_a_no_op(load_pack, capsys, tmp_path):
    pack = load_pack("cirion")
    assert main(["pack", "export", "cirion"]) == 0
    exported = tmp_path / "cirion.yaml"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["pack", "load", str(exported)]) == 0
    pack.refresh_from_db()
    assert pack.version == 1
