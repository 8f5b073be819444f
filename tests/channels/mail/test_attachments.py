"""Attachments: encoded names, inline images, attached messages, TNEF, uuencode."""

import hashlib

import pytest

from atiende.channels.mail.parse import parse_message
from atiende.channels.mail.parse.attachments import clean_filename, extract_uuencoded
from tests.channels.mail.builders import b64, raw
from tests.channels.mail.corpus import corpora_root

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _mixed(*parts: str) -> bytes:
    body = "".join(f"--b\n{part}\n" for part in parts) + "--b--\n"
    head = "From: c@example.com\nTo: desk@example.com\nSubject: files\nMIME-Version: 1.0\n"
    return raw(head + 'Content-Type: multipart/mixed; boundary="b"', body)


@pytest.mark.parametrize(
    ("disposition", "name"),
    [
        ("attachment; filename*=utf-8''Informe%20t%C3%A9cnico.pdf", "Informe técnico.pdf"),
        (
            "attachment; filename*0*=utf-8''Informe%20;\n filename*1*=t%C3%A9cnico.pdf",
            "Informe técnico.pdf",
        ),
        ('attachment; filename="=?utf-8?B?SW5mb3JtZSB0w6ljbmljby5wZGY=?="', "Informe técnico.pdf"),
        ('attachment; filename="..\\..\\windows\\system32\\evil.exe"', "evil.exe"),
        ("attachment; filename=Informe tecnico.pdf", "Informe tecnico.pdf"),
    ],
)
def test_it_decodes_attachment_names(disposition, name):
    message = _mixed(
        "Content-Type: text/plain\n\nsee attached",
        f"Content-Type: application/pdf\nContent-Disposition: {disposition}\n"
        f"Content-Transfer-Encoding: base64\n\n{b64(b'%PDF-1.4')}",
    )
    (attachment,) = parse_message(message).attachments
    assert attachment.filename == name
    assert attachment.content == b"%PDF-1.4"
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4").hexdigest()


def test_it_keeps_inline_cid_images_as_inline_attachments():
    message = raw(
        "From: c@example.com\nSubject: logo\nMIME-Version: 1.0\n"
        'Content-Type: multipart/related; boundary="r"',
        '--r\nContent-Type: text/html; charset=utf-8\n\n<p>Logo <img src="cid:logo@x"></p>\n'
        "--r\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\n"
        f"{b64(PNG)}--r--\n",
    )
    parsed = parse_message(message)
    (image,) = parsed.attachments
    assert (image.content_id, image.inline, image.content, image.filename) == (
        "logo@x", True, PNG, "attachment-1.png",
    )  # fmt: skip
    assert 'src="cid:logo@x"' in parsed.html


def test_it_lists_an_image_with_a_content_id_that_nothing_shows():
    message = _mixed(
        "Content-Type: text/plain\n\nphoto attached",
        "Content-Type: image/png; name=photo.png\nContent-ID: <p1@x>\n"
        f"Content-Disposition: attachment\nContent-Transfer-Encoding: base64\n\n{b64(PNG)}",
    )
    (image,) = parse_message(message).attachments
    assert (image.filename, image.content_id, image.inline) == ("photo.png", "p1@x", False)


def test_it_keeps_an_attached_message_whole_and_names_it_by_its_subject():
    inner = "From: a@example.com\nSubject: Factura 12\nMessage-ID: <inner@x>\n\ninner body\n"
    message = _mixed(
        "Content-Type: text/plain\n\nforwarding",
        f"Content-Type: message/rfc822\n\n{inner}",
    )
    parsed = parse_message(message)
    (attached,) = parsed.attachments
    assert attached.filename == "Factura 12.eml"
    assert attached.content_type == "message/rfc822"
    assert b"Message-ID: <inner@x>" in attached.content
    assert parsed.text == "forwarding"


def test_it_unpacks_winmail_dat():
    root = corpora_root()
    if root is None:
        pytest.skip("corpora not found (../shared/corpora or ATIENDE_CORPORA)")
    examples = root / "tnefparse" / "tests" / "examples"
    data = (examples / "two-files.tnef").read_bytes()
    message = _mixed(
        "Content-Type: text/plain\n\nsee attached",
        "Content-Type: application/ms-tnef; name=winmail.dat\n"
        "Content-Disposition: attachment; filename=winmail.dat\n"
        f"Content-Transfer-Encoding: base64\n\n{b64(data)}",
    )
    names = [a.filename for a in parse_message(message).attachments]
    assert names == ["AUTHORS", "README"]


def test_it_keeps_a_broken_winmail_dat_as_it_is():
    message = _mixed(
        "Content-Type: text/plain\n\nsee attached",
        "Content-Type: application/ms-tnef; name=winmail.dat\n"
        f"Content-Transfer-Encoding: base64\n\n{b64(b'not tnef at all')}",
    )
    parsed = parse_message(message)
    assert [(a.filename, a.content) for a in parsed.attachments] == [
        ("winmail.dat", b"not tnef at all")
    ]
    assert "attachment: undecodable TNEF (winmail.dat kept as is)" in parsed.defects


def test_it_cuts_uuencoded_files_out_of_a_text_body():
    text, files = extract_uuencoded("See log:\nbegin 644 log.txt\n,2&5L;&\\@6F%M;6%D\n`\nend\nBye")
    assert text == "See log:\nBye"
    assert [(f.filename, f.content) for f in files] == [("log.txt", b"Hello Zammad")]


def test_it_cleans_names_of_control_characters_and_paths():
    assert clean_filename("a\x00b\x07c.txt") == "abc.txt"
    assert clean_filename("/etc/passwd") == "passwd"
    assert clean_filename("..") == ""
    assert len(clean_filename("x" * 1000 + ".txt")) == 255
