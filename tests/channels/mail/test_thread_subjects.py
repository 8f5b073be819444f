"""Normalised subjects and case numbers for threading (C3, T1)."""

import pytest

from atiende.channels.mail import subjects

PREFIXES = {"INC": 6, "REQ": 6, "PRB": 6}


@pytest.mark.parametrize(
    "subject",
    [
        "Printer does not print",
        "Re: Printer does not print",
        "RE: RE: Printer does not print",
        "RV: Printer does not print",
        "Fwd: Re: Printer does not print",
        "FW: AW: WG: Printer does not print",
        "Antw: SV: Vs: Printer does not print",
        "Re[2]: Printer does not print",
        "Re: [INC-000123] Printer does not print",
        "[INC-000123] RE: Printer   does NOT print",
        "[EXTERNAL] RE: Printer does not print",
        "RES: ENC: TR: Printer does not print",
    ],
)
def test_reply_and_forward_prefixes_and_case_tags_normalise_away(subject):
    assert subjects.subject_key(subject) == "printer does not print"


def test_a_subject_that_only_looks_like_a_prefix_is_kept():
    assert subjects.subject_key("Review: quarterly figures") == "review: quarterly figures"
    assert subjects.clean_subject("Re: [INC-000001] Fibre cut") == "Fibre cut"


@pytest.mark.parametrize(
    ("subject", "numbers"),
    [
        ("Re: [INC-000123] Printer", ["INC-000123"]),
        ("[inc-123] printer", ["INC-000123"]),
        ("About REQ-7 and INC-8", ["REQ-000007", "INC-000008"]),
        ("[INC-000001] also INC-000002", ["INC-000001"]),  # bracketed tags first
        ("[ABC-000001] unknown prefix", []),
        ("Model XYZ-200 is broken", []),
        ("No number here", []),
    ],
)
def test_case_numbers_are_read_in_the_numbering_format(subject, numbers):
    assert subjects.case_numbers(subject, PREFIXES) == numbers
