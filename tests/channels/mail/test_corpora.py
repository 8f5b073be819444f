"""The mail parser against public corpora with expected values (design rule 9).

Every message of every corpus in ``shared/corpora`` must parse without an exception; each
field class (subject, from, attachments, reply text, bounce class, …) must reach 95 %,
counting the investigated misses in ``ALLOWLIST`` as accepted. Each allowlist entry is
explained in ``docs/mail-conformance.md``; an entry that no longer misses fails the test,
so the list only shrinks. ``pytest -s`` prints the score table; so does
``python bench/mail_parse.py``.
"""

import pytest

from tests.channels.mail import corpus

THRESHOLD = 95.0

# (corpus, field class, item) → why our answer differs from the expected value.
ALLOWLIST: dict[tuple[str, str, str], str] = {
    ("zammad", "from", "mail065"): (
        "From is =?iso-8859-1?Q?B=FCrling,=20Andreas?= — one encoded-word with a raw comma "
        "inside. We decode 'Bürling, Andreas'; Zammad splits at the comma and expects the "
        "fragment '=20Andreas?=' (a Zammad quirk named in SOURCE.md)."
    ),
    ("zammad", "from", "mail076"): (
        "From is '\"Millions Lottery Spain transfer\"@example.com>' (spam, stray '>'). We "
        "return the quoted local part without the stray bracket; Zammad keeps the '>'."
    ),
    ("zammad", "from", "mail087"): (
        "From is 'Test test@example.com' (no brackets). We read name 'Test' and address "
        "test@example.com; Zammad uses the whole string, space included, as the address."
    ),
    ("zammad", "from", "mail117"): (
        "The address is '=?utf-8?Q?attacker?Q?agent?=@victim.example'. RFC 2047 forbids "
        "encoded-words in an address and decoding them enables spoofing, so we keep the "
        "literal address; Zammad strips the encoded-word wrapper."
    ),
    ("zammad", "from", "mail118"): (
        "Same as mail117: '=?utf-8?Q?agent?=@example.com' is kept literally (no decoding of "
        "encoded-words inside an address)."
    ),
    ("zammad", "body", "mail025"): (
        "The body is a uuencoded file ('begin 644 rulesets-report.csv'). We cut it out of the "
        "text and attach rulesets-report.csv decoded; Zammad shows the raw uuencoded text."
    ),
    ("zammad", "body", "mail060"): (
        "Declared charset 'iso-gb2312' (unknown) over UTF-8 bytes with a stray Latin-1 byte. "
        "We decode UTF-8 (the stray byte as Windows-1252): 'Here it goes - äöü - 差出人…'; "
        "Zammad's expected body is mojibake from decoding as GB2312."
    ),
    ("zammad", "body", "mail105"): (
        "multipart/mixed whose boundary never occurs, quoted-printable Latin-1 text. We read "
        "the content as text ('äöüß ad asd …'); Zammad fails and expects no visible content."
    ),
    ("zbateson-mail-mime-parser", "html", "m0020"): (
        "The message has a second inline HTML part (a signature) after the alternative. We "
        "show inline parts one after the other (like Zammad, see mail110); zbateson's first "
        "HTML part alone is compared with the reference file."
    ),
    ("sisimai-set-of-emails", "class", "not/rb-issue-368-bug"): (
        "Kept in sisimai's not-a-bounce folder because its engines do not recognise the "
        "format, but it is a postmaster's 'automatic bounce notification' (Return-Path <>, "
        "Auto-Submitted, 'reject reason: Mailbox full', the returned message quoted). For a "
        "help desk it is a bounce: no ticket, the address flagged, not hard (mailbox full)."
    ),
    ("spamscope-mail-parser", "attachments", "mail_malformed_2"): (
        "A bounce: we keep the delivery report and the returned headers as files (Zammad "
        "does the same, see mail033); spamscope counts no attachments."
    ),
}


@pytest.fixture(scope="module")
def report() -> corpus.Report:
    root = corpus.corpora_root()
    if root is None:
        pytest.skip(
            "corpora not found: expected ../shared/corpora beside the repository "
            "or ATIENDE_CORPORA pointing at it"
        )
    result = corpus.run_all(root)
    print("\n" + corpus.table(result, ALLOWLIST))
    slowest = result.slowest(3)
    print("slowest: " + ", ".join(f"{item} {seconds:.3f} s" for seconds, item in slowest))
    return result


def test_it_parses_every_message_of_every_corpus_without_an_exception(report):
    problems = [
        (name, item, detail)
        for (name, field_class), score in report.scores.items()
        if field_class == "parse"
        for item, detail in score.misses
    ]
    assert problems == []
    assert sum(s.total for (_, f), s in report.scores.items() if f == "parse") > 1000


def test_it_reaches_the_threshold_on_every_field_class(report):
    failing = {}
    for (name, field_class), score in report.scores.items():
        unexplained = [m for m in score.misses if (name, field_class, m[0]) not in ALLOWLIST]
        accepted = score.total - len(unexplained)
        if score.total and 100.0 * accepted / score.total < THRESHOLD:
            failing[(name, field_class)] = unexplained
    assert failing == {}


def test_it_keeps_the_allowlist_to_real_misses(report):
    missed = {
        (name, field_class, item)
        for (name, field_class), score in report.scores.items()
        for item, _ in score.misses
    }
    stale = [key for key in ALLOWLIST if key not in missed]
    assert stale == []


def test_it_checks_the_expected_values_of_every_corpus_with_them(report):
    checked = {name for (name, field_class) in report.scores if field_class != "parse"}
    assert checked >= {
        "zammad",
        "mailur-files-parser",
        "zbateson-mail-mime-parser",
        "sisimai-set-of-emails",
        "talon",
        "github-email_reply_parser",
        "zapier-email-reply-parser",
        "crisp-email-reply-parser",
        "tnefparse",
        "django-helpdesk",
        "flanker",
        "mikel-mail",
        "spamscope-mail-parser",
    }
