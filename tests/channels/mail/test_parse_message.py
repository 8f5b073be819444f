"""``parse_message`` end to end: the fields, and hostile input that must never raise."""

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from atiende.channels.mail.parse import ParsedMessage, parse_message
from tests.channels.mail.builders import b64, raw, simple


def test_it_reads_the_fields_of_an_ordinary_reply():
    message = raw(
        "From: =?utf-8?Q?Mar=C3=ADa_P=C3=A9rez?= <maria@example.com>\n"
        "To: Mesa de ayuda <desk@example.com>, otro@example.com\n"
        "Cc: jefe@example.com\nReply-To: maria.p@example.com\n"
        "Subject: =?utf-8?Q?Re:_Impresora_sin_t=C3=B3ner?=\n"
        "Date: Tue, 4 Mar 2025 09:15:00 -0500\nMessage-ID: <r2@example.com>\n"
        "In-Reply-To: <t1@desk.example.com>\n"
        "References: <t0@desk.example.com> <t1@desk.example.com>\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "X-Mailer: Thunderbird",
        "Ya llegó el tóner.\n\nEl lun, 3 mar 2025, Mesa de ayuda <desk@example.com> escribió:\n"
        "> ¿Ya tiene tóner?\n",
    )
    parsed = parse_message(message)
    assert parsed.from_name == "María Pérez"
    assert parsed.from_address == "maria@example.com"
    assert parsed.to == [("Mesa de ayuda", "desk@example.com"), ("", "otro@example.com")]
    assert parsed.cc == [("", "jefe@example.com")]
    assert parsed.reply_to == [("", "maria.p@example.com")]
    assert parsed.subject == "Re: Impresora sin tóner"
    assert parsed.date == datetime(2025, 3, 4, 9, 15, tzinfo=timezone(timedelta(hours=-5)))
    assert parsed.message_id == "r2@example.com"
    assert parsed.in_reply_to == "t1@desk.example.com"
    assert parsed.references == ["t0@desk.example.com", "t1@desk.example.com"]
    assert parsed.visible_text == "Ya llegó el tóner."
    assert "¿Ya tiene tóner?" in parsed.text
    assert parsed.html == ""
    assert parsed.x_headers == {"x-mailer": "Thunderbird"}
    assert parsed.classification == "normal"
    assert parsed.size == len(message)


def test_it_prefers_the_plain_part_and_sanitises_the_html_part():
    message = raw(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="a"',
        "--a\nContent-Type: text/plain; charset=utf-8\n\nplain version\n"
        "--a\nContent-Type: text/html; charset=utf-8\n\n<p>html <b>version</b></p>\n--a--\n",
    )
    parsed = parse_message(message)
    assert parsed.text == "plain version"
    assert parsed.html == "<p>html <b>version</b></p>"


def test_it_converts_html_to_text_when_there_is_no_plain_part():
    message = raw(
        "From: a@example.com\nContent-Type: text/html; charset=utf-8",
        "<div>Hi.<br>It works.</div><blockquote>old question</blockquote>",
    )
    parsed = parse_message(message)
    assert parsed.text == "Hi.\nIt works.\n> old question"
    assert parsed.visible_text == "Hi.\nIt works."


def test_it_removes_everything_dangerous_from_html():
    hostile = (
        '<p onclick="steal()" style="background:url(javascript:x)">Hi</p>'
        "<script>alert(1)</script><style>p{x:expression(alert(2))}</style>"
        '<a href="javascript:alert(3)">click</a><a href="https://example.com/ok">ok</a>'
        '<img src="https://tracker.example.com/pixel.gif"><img src="cid:logo@x">'
        '<svg><script>alert(4)</script><circle onload="alert(5)"/></svg>'
        '<iframe src="https://evil.example.com"></iframe>'
        '<div style="width: expression(alert(6))">css</div>'
        '<form action="https://evil.example.com"><input name="pw"></form>'
    )
    parsed = parse_message(raw("From: a@example.com\nContent-Type: text/html", hostile))
    html = parsed.html.lower()
    for word in ("script", "onclick", "onload", "javascript:", "expression", "style", "svg",
                 "iframe", "tracker.example.com", "<form", "<input", "alert"):  # fmt: skip
        assert word not in html, word
    assert 'href="https://example.com/ok"' in parsed.html
    assert 'src="cid:logo@x"' in parsed.html
    assert "alert" not in parsed.text


def test_it_reads_a_multipart_without_a_usable_boundary_as_text():
    message = raw(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="nope"',
        "just some text\n",
    )
    parsed = parse_message(message)
    assert parsed.text == "just some text"
    assert any("without usable boundary" in d for d in parsed.defects)


def test_it_reads_a_multipart_without_a_boundary_parameter():
    message = raw(
        "From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed",
        "--x\nContent-Type: text/plain\n\nhello\n--x--\n",
    )
    parsed = parse_message(message)
    assert "hello" in parsed.text
    assert parsed.defects


def test_it_survives_broken_and_missing_headers():
    message = (
        b"From: <<<@@@>>>\r\nTo: ,,,;;;\r\nSubject: =?utf-8?B?broken\r\n"
        b"Date: yesterday\r\nContent-Type: text/plain; charset=\r\n"
        b"Message-ID: not an id\r\nReferences: <<<>>>\r\nBad Header Without Colon\r\n\r\nbody"
    )
    parsed = parse_message(message)
    assert parsed.date is None
    assert parsed.subject == "=?utf-8?B?broken"
    assert "body" in parsed.text
    assert parsed.defects


def test_it_reads_unknown_charsets_in_bodies():
    message = raw(
        "From: a@example.com\nContent-Type: text/plain; charset=x-bogus-42",
        "Ca\xf1\xf3n de red",
        encoding="latin-1",
    )
    parsed = parse_message(message)
    assert parsed.text == "Cañón de red"
    assert any("unknown charset" in d for d in parsed.defects)


def test_it_keeps_nested_attached_messages_and_reads_the_outer_body():
    innermost = "From: c@example.com\nSubject: level 2\n\ninnermost\n"
    inner = (
        "From: b@example.com\nSubject: level 1\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="i"\n\n'
        "--i\nContent-Type: text/plain\n\nmiddle\n"
        f"--i\nContent-Type: message/rfc822\n\n{innermost}--i--\n"
    )
    message = raw(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="o"',
        "--o\nContent-Type: text/plain\n\nouter\n"
        f"--o\nContent-Type: message/rfc822\n\n{inner}--o--\n",
    )
    parsed = parse_message(message)
    assert parsed.text == "outer"
    (attached,) = parsed.attachments
    assert attached.filename == "level 1.eml"
    assert b"innermost" in attached.content


def test_it_handles_huge_headers_and_nul_bytes():
    message = (
        b"From: a@example.com\r\nX-Huge: " + b"A" * 300_000 + b"\r\n"
        b"Subject: " + b"long " * 10_000 + b"\r\n\r\nbody\x00with\x00nuls"
    )
    parsed = parse_message(message)
    assert parsed.text == "bodywithnuls"
    assert len(parsed.subject) <= 16 * 1024
    assert len(parsed.x_headers["x-huge"]) <= 16 * 1024


def test_it_recovers_parts_hidden_behind_a_reused_boundary():
    message = raw(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="B"',
        '--B\nContent-Type: multipart/alternative; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nhello\n--B--\n\n"
        "--B\nContent-Type: application/zip; name=x.zip\nContent-Transfer-Encoding: base64\n\n"
        f"{b64(b'PK')}--B--\n",
    )
    parsed = parse_message(message)
    assert [a.filename for a in parsed.attachments] == ["x.zip"]
    assert "mime: nested multipart reuses its parent's boundary" in parsed.defects


def test_it_strips_an_mbox_separator_and_leading_blank_lines():
    parsed = parse_message(b"\r\nFrom MAILER-DAEMON Mon Jan  1 00:00:00 2024\n" + simple("hi"))
    assert parsed.from_address == "customer@example.com"
    assert parsed.text == "hi"


def test_it_returns_a_result_for_a_hopeless_message():
    for junk in (b"", b"\x00\x01\x02", b"\xff" * 1000, b"::::\r\n\r\n", b"--\r\n--\r\n"):
        parsed = parse_message(junk)
        assert isinstance(parsed, ParsedMessage)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_it_never_raises_on_random_bytes(data):
    assert isinstance(parse_message(data), ParsedMessage)


_PIECES = st.sampled_from(
    [
        "From: a@example.com\r\n",
        'Content-Type: multipart/mixed; boundary="b"\r\n',
        "Content-Type: message/rfc822\r\n",
        "Content-Type: text/html; charset=bogus\r\n",
        "Content-Transfer-Encoding: base64\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n",
        "Content-Disposition: attachment; filename*=utf-8''%E2%82%AC.txt\r\n",
        "Subject: =?utf-8?Q?=E2=82?=\r\n",
        "\r\n",
        "--b\r\n",
        "--b--\r\n",
        "=?\r\n",
        "<p onclick=x>hi</p>\r\n",
        "begin 644 x\r\n",
        "end\r\n",
        "> quoted\r\n",
        "On Mon, 3 Mar 2025 a@example.com wrote:\r\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_it_never_raises_on_mime_shaped_junk(pieces):
    assert isinstance(parse_message("".join(pieces).encode()), ParsedMessage)
