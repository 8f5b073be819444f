"""Reading the YAML: line numbers, YAML 1.2 scalars, and what YAML itself gets wrong."""

from atiende.packs.errors import PackError, Problem
from atiende.packs.source import parse_yaml, read_pack
from tests.packs.conftest import edited, full_text, lines_of, problems_of


def test_it_records_the_line_of_every_key_and_item():
    data, lines, problems = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert problems == []
    assert data == {"a": 1, "b": ["x", {"c": 2}]}
    assert lines[("a",)] == 1
    assert lines[("b",)] == 2
    assert lines[("b", 0)] == 3
    assert lines[("b", 1, "c")] == 4


def test_it_reads_on_no_and_times_as_text():
    data, _lines, _problems = parse_yaml(
        "on: customer_reply\ncountry: NO\nat: 07:30\nday: 2026-12-24\nyes: true\nn: 5\nf: 1.5\n",
        "f.yaml",
    )
    assert data == {
        "on": "customer_reply",
        "country": "NO",
        "at": "07:30",
        "day": "2026-12-24",
        "yes": True,
        "n": 5,
        "f": 1.5,
    }


def test_it_reports_a_syntax_error_with_its_line():
    text = edited("display_name: Full example", "display_name: [Full example")
    [problem] = problems_of(text)
    assert (problem.file, problem.line, problem.path) == ("pack.yaml", 5, "")
    assert problem.message.startswith("not valid YAML: ")


def test_it_refuses_merge_keys():
    text = edited(
        "    calendar: always\n", "    calendar: always\n    <<: {label: {es: V, en: V}}\n"
    )
    assert lines_of(text) == [
        "pack.yaml:22: plans[1]: merge keys (<<) are not supported; write the keys out"
    ]


def test_it_refuses_an_empty_file_and_a_file_that_is_not_a_mapping():
    assert lines_of("") == [
        "pack.yaml:1: a pack is a mapping that starts with `pack: 1`; got an empty file"
    ]
    assert lines_of("- a\n- b\n") == [
        'pack.yaml:1: a pack is a mapping that starts with `pack: 1`; got ["a", "b"]'
    ]


def test_it_reports_every_problem_at_once_in_file_order():
    text = edited("name: full", "name: Full")
    text = edited("{name: update, within: 30m}", "{name: update, within: 30x}", text)
    text = edited("    calendar: always\n", "    calendar: nowhere\n", text)
    assert lines_of(text) == [
        'pack.yaml:3: name: "Full" is not a valid pack name; use lower-case letters, digits and '
        '"-", starting with a letter, e.g. wekall',
        'pack.yaml:21: plans[1].calendar: unknown calendar "nowhere"; use one of: business, '
        "email_hours, always",
        'pack.yaml:84: sla.policies[0].targets[1].within: "30x" is not a duration; write e.g. '
        '"90m", "6h", "1h30m", "3d" or a number of minutes',
    ]


def test_it_names_a_file_it_cannot_read(tmp_path):
    missing = tmp_path / "missing.yaml"
    try:
        read_pack(missing)
    except PackError as exc:
        assert exc.problems == [
            Problem(str(missing), 0, "", "cannot read the file: No such file or directory")
        ]
        assert str(exc) == f"{missing}: cannot read the file: No such file or directory"
    else:
        raise AssertionError("a missing file was read")


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"pack: 1\nname: caf\xe9\n")
    try:
        read_pack(path)
    except PackError as exc:
        assert [str(p) for p in exc.problems] == [
            f"{path}:2: the file is not UTF-8 text; save it as UTF-8"
        ]
    else:
        raise AssertionError("a Latin-1 file was read")


def test_it_reads_a_file_from_disk(tmp_path):
    path = tmp_path / "full.yaml"
    path.write_text(full_text(), encoding="utf-8")
    assert read_pack(path).name == "full"


def test_a_duplicate_key_does_not_hide_the_other_problems():
    text = edited("pack: 1\n", "pack: 1\npack: 1\n")
    text = edited("{name: update, within: 30m}", "{name: update, within: 0}", text)
    assert lines_of(text) == [
        'pack.yaml:3: pack: duplicate key "pack" (first at line 2); keep one of them',
        "pack.yaml:85: sla.policies[0].targets[1].within: must be more than zero, got 0m",
    ]
