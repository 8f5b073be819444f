"""Part contents: lenient transfer decoding, charsets, format=flowed."""

from email import message_from_bytes, policy

from atiende.channels.mail.parse.body import part_text, payload_bytes
from tests.channels.mail.builders import raw


def _part(headers: str, body: str = "", encoding: str = "utf-8"):
    return message_from_bytes(raw(headers, body, encoding=encoding), policy=policy.default)


def test_it_decodes_base64_without_padding_and_ignores_text_after_it():
    part = _part(
        "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64",
        "SGVsbG8gd29ybGQ\n\n-- \nmailing list footer\n",
    )
    defects: list[str] = []
    assert payload_bytes(part, defects) == b"Hello world"
    assert "body: text after base64 data ignored" in defects


def test_it_decodes_quoted_printable_and_keeps_raw_8bit_bytes():
    part = _part(
        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable",
        "Caf=E9 =\nlong line\n",
    )
    assert part_text(part, []) == "Café long line\n"
    raw8 = _part("Content-Type: text/plain; charset=iso-8859-1", "Caf\xe9", encoding="latin-1")
    assert part_text(raw8, []) == "Café"


def test_it_decodes_uuencode_with_or_without_the_begin_line():
    with_begin = _part(
        "Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode",
        "begin 644 hello.txt\n,2&5L;&\\@6F%M;6%D\n`\nend\n",
    )
    without = _part(
        "Content-Type: application/msword\nContent-Transfer-Encoding: x-uuencode",
        ",2&5L;&\\@6F%M;6%D\n`\n",
    )
    assert payload_bytes(with_begin, []) == b"Hello Zammad"
    assert payload_bytes(without, []) == b"Hello Zammad"


def test_it_passes_through_unknown_transfer_encodings_with_a_defect():
    part = _part("Content-Type: text/plain\nContent-Transfer-Encoding: text-html", "plain text")
    defects: list[str] = []
    assert part_text(part, defects) == "plain text"
    assert defects == ["body: unknown transfer encoding 'text-html'"]


def test_it_joins_format_flowed_lines_but_not_across_quote_levels():
    part = _part(
        "Content-Type: text/plain; charset=utf-8; format=flowed",
        "On Monday Megan wrote:\n> Hi \nHello this is \na flowed line\n-- \nsig\n",
    )
    assert part_text(part, []) == (
        "On Monday Megan wrote:\n> Hi \nHello this is a flowed line\n-- \nsig\n"
    )


def test_it_normalises_newlines_and_removes_nul_bytes():
    part = _part("Content-Type: text/plain; charset=utf-8", "one\x00\rtwo\nthree")
    assert part_text(part, []) == "one\ntwo\nthree"
