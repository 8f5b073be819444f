"""Size limits: only the total size raises; other limits truncate and record a defect."""

import pytest

from atiende.channels.mail.parse import MessageTooLarge, parse_message
from atiende.channels.mail.parse.limits import MAX_ATTACHMENTS, MAX_PARTS
from tests.channels.mail.builders import raw, simple


def test_it_refuses_a_message_over_the_size_limit():
    message = simple("x" * 2000)
    with pytest.raises(MessageTooLarge) as caught:
        parse_message(message, max_bytes=1000)
    assert caught.value.size == len(message)
    assert caught.value.limit == 1000
    assert parse_message(message, max_bytes=len(message)).text == "x" * 2000


def test_it_stops_walking_a_message_with_too_many_parts():
    parts = "".join(f"--b\nContent-Type: application/octet-stream\n\n{i}\n" for i in range(1500))
    message = raw(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"',
        parts + "--b--\n",
    )
    parsed = parse_message(message)
    assert "mime: too many parts" in parsed.defects
    assert len(parsed.attachments) <= min(MAX_PARTS, MAX_ATTACHMENTS)


def test_it_stops_at_deeply_nested_multiparts():
    depth = 60
    head = "".join(
        f'--b{i}\nContent-Type: multipart/mixed; boundary="b{i + 1}"\n\n' for i in range(depth)
    )
    tail = "".join(f"--b{i}--\n" for i in reversed(range(depth + 1)))
    message = raw(
        'From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b0"',
        head + f"--b{depth}\nContent-Type: text/plain\n\ndeep\n" + tail,
    )
    parsed = parse_message(message)
    assert "mime: nested too deeply" in parsed.defects
