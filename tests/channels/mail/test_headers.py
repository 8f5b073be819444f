"""Header decoding: encoded-words in any charset, raw 8-bit, addresses, ids and dates."""

from datetime import UTC, datetime, timedelta, timezone

from atiende.channels.mail.parse import headers


def test_it_decodes_encoded_words_in_several_charsets():
    value = "=?utf-8?Q?Caf=C3=A9?= / =?iso-8859-1?Q?Priorit=E4t?= / =?windows-1251?B?0eXw4+Xp?="
    assert headers.decode_header(value) == "Café / Priorität / Сергей"


def test_it_drops_whitespace_between_adjacent_encoded_words_as_rfc2047_says():
    assert headers.decode_header("=?utf-8?Q?Hans_B=C3=84KO?= =?utf-8?Q?Sch=C3=B6nland?=") == (
        "Hans BÄKOSchönland"
    )


def test_it_joins_a_multibyte_character_split_across_two_encoded_words():
    # "日本" in UTF-8 is e6 97 a5 e6 9c ac; the split falls inside the first character.
    value = "=?utf-8?B?5pc=?= =?utf-8?B?peacrA==?="
    assert headers.decode_header(value) == "日本"


def test_it_survives_bad_base64_padding_and_unknown_charsets():
    assert headers.decode_header("=?utf-8?B?SG9sYQ?=") == "Hola"
    defects: list[str] = []
    decoded = headers.decode_header("=?x-unknown?Q?Ol=E1?=", defects=defects)
    assert decoded == "Olá"  # not UTF-8: read as Windows-1252
    assert any("unknown charset" in d for d in defects)


def test_it_maps_charset_aliases_seen_in_real_mail():
    assert headers.decode_header("=?ks_c_5601-1987?B?vsiz58fPvLy/5A==?=") == "안녕하세요"
    assert headers.decode_header("=?gb2312?B?xOO6ww==?=") == "你好"


def test_it_decodes_raw_8bit_headers_with_the_body_charset_as_hint():
    raw = "Caf\udce9 con leche"  # raw Latin-1 byte e9 as the bytes parser keeps it
    assert headers.decode_header(raw, hint="iso-8859-1") == "Café con leche"
    assert headers.decode_header("Ni\udcc3\udcb1o") == "Niño"  # raw UTF-8


def test_it_unfolds_and_normalises_whitespace_and_drops_control_characters():
    assert headers.decode_header("Printer\r\n\tis   down\x00\x07 again") == "Printer is down again"


def test_it_parses_address_lists_with_quoted_commas_and_encoded_names():
    found = headers.parse_addresses(
        '"Doe, Jane" <jane@example.com>, =?utf-8?Q?Jos=C3=A9?= <jose@example.com>, '
        "agent@example.com"
    )
    assert found == [
        ("Doe, Jane", "jane@example.com"),
        ("José", "jose@example.com"),
        ("", "agent@example.com"),
    ]


def test_it_keeps_an_encoded_word_whole_even_with_a_raw_comma_inside():
    found = headers.parse_addresses("=?iso-8859-1?Q?B=FCrling,=20Andreas?= <smith@example.com>")
    assert found == [("Bürling, Andreas", "smith@example.com")]


def test_it_reads_comment_style_names_and_drops_comments_after_a_name():
    assert headers.parse_addresses("support@example.com (Help Desk)") == [
        ("Help Desk", "support@example.com")
    ]
    assert headers.parse_addresses("MAILER-DAEMON (Mail Delivery System) <pm@example.com>") == [
        ("MAILER-DAEMON", "pm@example.com")
    ]


def test_it_skips_entries_without_an_address_and_groups():
    assert headers.parse_addresses("xxx") == []
    assert headers.parse_addresses("undisclosed-recipients:;") == []
    assert headers.parse_addresses("Team: a@example.com, b@example.com;") == [
        ("", "a@example.com"),
        ("", "b@example.com"),
    ]


def test_it_never_decodes_encoded_words_inside_an_address():
    # RFC 2047 forbids them there; decoding would let "ceo@bank" be displayed.
    found = headers.parse_addresses("=?utf-8?Q?ceo=40bank.example?=@attacker.example")
    assert found == [("", "=?utf-8?Q?ceo=40bank.example?=@attacker.example")]


def test_it_extracts_addresses_from_hopeless_address_headers():
    defects: list[str] = []
    found = headers.parse_addresses('<<<"junk>> user@example.com ;;; ((', defects=defects)
    assert ("", "user@example.com") in found


def test_it_caps_huge_address_lists():
    value = ", ".join(f"user{i}@example.com" for i in range(5000))
    defects: list[str] = []
    found = headers.parse_addresses(value, defects=defects)
    assert len(found) == 1000
    assert "header: too many addresses, list truncated" in defects


def test_it_normalises_message_ids_and_reference_chains():
    assert headers.parse_message_id(" <abc@example.com> ") == "abc@example.com"
    assert headers.parse_message_id("abc@example.com") == "abc@example.com"
    assert headers.parse_message_id("") == ""
    refs = headers.parse_message_ids("<a@x>\r\n <b@x><c@x> <a@x>")
    assert refs == ["a@x", "b@x", "c@x"]


def test_it_takes_the_last_id_of_an_old_style_in_reply_to():
    value = 'Message from Jane <jane@example.com>\r\n of "Fri, 07 Aug 2015 06:48" <m1@example.org>'
    assert headers.parse_in_reply_to(value) == "m1@example.org"
    assert headers.parse_in_reply_to("<p1@x> <p2@x>") == "p1@x"


def test_it_parses_dates_into_aware_datetimes():
    parsed = headers.parse_date("Mon, 3 Mar 2025 10:00:00 -0500")
    assert parsed == datetime(2025, 3, 3, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert headers.parse_date("Mon, 3 Mar 2025 10:00:00 -0000").tzinfo == UTC
    assert headers.parse_date("Mon, 3 Mar 2025 10:00:00 (CET)").tzinfo is not None


def test_it_returns_none_for_unparseable_dates_and_records_a_defect():
    defects: list[str] = []
    assert headers.parse_date("the day after tomorrow", defects) is None
    assert headers.parse_date("Mon, 3 Mar 99999 10:00:00 +0000", defects) is None
    assert "header: unparseable Date" in defects
