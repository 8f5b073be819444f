"""Charset handling: the declared charset when it works, UTF-8, then detection."""

import pytest

from atiende.channels.mail.parse.charsets import codec_for, decode_bytes


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ('"utf8"', "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("ks_c_5601-1987", "cp949"),
        ("GB2312", "gb18030"),
        ("shift_jis", "cp932"),
        ("iso-8859-8-i", "iso8859-8"),
        ("utf-8*en", "utf-8"),
        ("unknown-8bit", None),
        ("x-no-such-charset", None),
        ("base64", None),  # a bytes-to-bytes codec is not a charset
        ("", None),
        (None, None),
    ],
)
def test_it_maps_mime_labels_to_codecs(label, codec):
    assert codec_for(label) == codec


def test_it_uses_the_declared_charset_when_it_decodes():
    assert decode_bytes("Привет".encode("koi8-r"), "koi8-r") == "Привет"


def test_it_prefers_utf8_when_a_legacy_label_covers_utf8_bytes():
    # Webmail often labels UTF-8 as windows-1251 or iso-8859-1.
    assert decode_bytes("Здравствуйте".encode(), "windows-1251") == "Здравствуйте"
    assert decode_bytes("Niño".encode(), "iso-8859-1") == "Niño"


def test_it_guesses_undeclared_8bit_text():
    text = "Уважаемый клиент, оплатите, пожалуйста, счет до конца месяца." * 3
    assert decode_bytes(text.encode("cp1251"), None) == text


def test_it_reads_a_few_stray_undeclared_bytes_as_western_european():
    assert decode_bytes("äöüß ad asd".encode("latin-1"), None) == "äöüß ad asd"


def test_it_repairs_utf8_with_stray_latin1_bytes():
    data = "Here it goes - äöü - 差出人 - ".encode() + "äöü".encode("latin-1")
    assert decode_bytes(data, "iso-gb2312") == "Here it goes - äöü - 差出人 - äöü"


def test_it_records_defects_and_never_raises_on_garbage():
    defects: list[str] = []
    result = decode_bytes(bytes(range(256)) * 4, "utf-8", defects=defects)
    assert isinstance(result, str)
    assert defects


def test_it_keeps_ascii_declared_8bit_text_readable():
    defects: list[str] = []
    assert decode_bytes("Café".encode(), "us-ascii", defects=defects) == "Café"
