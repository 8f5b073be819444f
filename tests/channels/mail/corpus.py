"""Scoring the mail parser against public corpora with expected values.

Shared by ``test_corpora.py`` (which asserts thresholds) and ``bench/mail_parse.py`` (which
prints the table and writes ``docs/mail-conformance.md``). Each corpus folder under
``shared/corpora`` has a SOURCE.md that explains its origin and expected-value format;
expectations that live in upstream test code were transcribed into ``expected/*.json``
(see ``expected/README.md``).

A *field class* is one kind of expectation (subject, from, attachments, reply text, …).
Every check adds one item to a :class:`Score`; a miss keeps the item name and a short
detail so a failing run says exactly what differs.
"""

import difflib
import email.utils
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from atiende.channels.mail.parse import ParsedMessage, parse_message
from atiende.channels.mail.parse.htmltext import html_to_text

REPO = Path(__file__).resolve().parents[3]
EXPECTED = Path(__file__).resolve().parent / "expected"
SLOW_SECONDS = 2.0


def corpora_root() -> Path | None:
    """``$ATIENDE_CORPORA`` or ``<repo>/../shared/corpora``; None when absent."""
    configured = os.environ.get("ATIENDE_CORPORA")
    root = Path(configured) if configured else REPO.parent / "shared" / "corpora"
    return root if root.is_dir() else None


@dataclass
class Score:
    passed: int = 0
    total: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)

    def check(self, item: str, ok: bool, detail: str = "") -> None:
        self.total += 1
        if ok:
            self.passed += 1
        else:
            self.misses.append((item, detail[:300]))

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 100.0


@dataclass
class Report:
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    timings: list[tuple[float, str]] = field(default_factory=list)  # (seconds, item)
    parse_bytes: int = 0

    def score(self, corpus: str, field_class: str) -> Score:
        return self.scores.setdefault((corpus, field_class), Score())

    @property
    def parse_seconds(self) -> float:
        return sum(seconds for seconds, _ in self.timings)

    def slowest(self, count: int = 5) -> list[tuple[float, str]]:
        return sorted(self.timings, reverse=True)[:count]


class Runner:
    """Parses each message once (timed) and hands the result to the corpus checkers."""

    def __init__(self, root: Path):
        self.root = root
        self.report = Report()

    def parse(self, corpus: str, item: str, raw: bytes) -> ParsedMessage | None:
        score = self.report.score(corpus, "parse")
        started = time.perf_counter()
        try:
            parsed = parse_message(raw)
        except Exception as exc:
            score.check(item, False, f"raised {type(exc).__name__}: {exc}")
            return None
        elapsed = time.perf_counter() - started
        self.report.timings.append((elapsed, f"{corpus}/{item}"))
        self.report.parse_bytes += len(raw)
        score.check(item, elapsed < SLOW_SECONDS, f"took {elapsed:.2f} s")
        return parsed

    def parse_file(self, corpus: str, path: Path) -> ParsedMessage | None:
        return self.parse(corpus, str(path.relative_to(self.root / corpus)), path.read_bytes())


# --- helpers ----------------------------------------------------------------------------------


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def similarity(a: str, b: str) -> float:
    a, b = squash(a), squash(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def text_message(body: str, subject: str = "fixture") -> bytes:
    """A minimal UTF-8 message around a plain-text body (reply-parser fixtures)."""
    head = (
        "From: sender@example.com\r\nTo: desk@example.com\r\n"
        f"Subject: {subject}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return head.encode() + body.encode("utf-8")


def html_message(html: str, subject: str = "fixture") -> bytes:
    head = (
        "From: sender@example.com\r\nTo: desk@example.com\r\n"
        f"Subject: {subject}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    )
    return head.encode() + html.encode("utf-8")


def attachment_message(name: str, content_type: str, data: bytes) -> bytes:
    import base64

    encoded = base64.encodebytes(data).decode()
    return (
        "From: sender@example.com\r\nTo: desk@example.com\r\nSubject: attachment\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
        f'--b\r\nContent-Type: {content_type}; name="{name}"\r\n'
        f'Content-Disposition: attachment; filename="{name}"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}\r\n--b--\r\n"
    ).encode()


def load_json(name: str) -> dict:
    return json.loads((EXPECTED / name).read_text(encoding="utf-8"))


MESSAGE_SUFFIXES = {"", ".eml", ".txt", ".box", ".msg"}


def message_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in MESSAGE_SUFFIXES and path.name != "SOURCE.md":
            if path.name in {"README.md", "README", "LICENSE"}:
                continue
            yield path


# --- Zammad -----------------------------------------------------------------------------------


class _RubyLoader(yaml.SafeLoader):
    pass


def _ruby_mapping(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _binary(loader: yaml.SafeLoader, node: yaml.Node) -> bytes:
    import base64

    return base64.b64decode(loader.construct_scalar(node))


_RubyLoader.add_multi_constructor("!ruby/", _ruby_mapping)
_RubyLoader.add_constructor("!binary", _binary)
_ADDRESS = re.compile(r"[^\s<>,;:\"'()\[\]]+@[^\s<>,;:\"'()\[\]]+")
# Names Zammad invents for nameless parts: not part of the message, so only the content counts.
_ZAMMAD_INVENTED = re.compile(
    r"^(file|message\.html|document\.html|Delivery report\.txt|Mail\.eml|.*\.eml)$"
)


def _addresses(text: str) -> list[str]:
    return [a.strip(".").lower() for a in _ADDRESS.findall(text or "")]


def check_zammad(run: Runner) -> None:
    folder = run.root / "zammad" / "test" / "data" / "mail"
    for box in sorted(folder.glob("*.box")):
        parsed = run.parse_file("zammad", box)
        expected_file = box.with_suffix(".yml")
        if parsed is None or not expected_file.exists():
            continue
        expected = yaml.load(expected_file.read_text(encoding="utf-8"), Loader=_RubyLoader)  # noqa: S506 - SafeLoader subclass
        name = box.stem
        if "subject" in expected:
            want = expected["subject"] or ""
            run.report.score("zammad", "subject").check(
                name, squash(parsed.subject) == squash(want), f"{parsed.subject!r} != {want!r}"
            )
        if "from_email" in expected:
            want = (expected.get("from_display_name") or "", expected["from_email"] or "")
            got = (parsed.from_name, parsed.from_address)
            run.report.score("zammad", "from").check(
                name,
                got[1].lower() == want[1].lower() and squash(got[0]) == squash(want[0]),
                f"{got!r} != {want!r}",
            )
        for key, ours in (("to", parsed.to), ("cc", parsed.cc)):
            if key in expected:
                want_list = _addresses(str(expected[key]))
                got_list = [a.lower() for _, a in ours]
                run.report.score("zammad", key).check(
                    name, got_list == want_list, f"{got_list} != {want_list}"
                )
        if "attachments" in expected:
            ok, detail = _zammad_attachments(parsed, expected["attachments"] or [])
            run.report.score("zammad", "attachments").check(name, ok, detail)
        if "body" in expected:
            ok, detail = _zammad_body(parsed, expected)
            run.report.score("zammad", "body").check(name, ok, detail)


def _zammad_attachments(parsed: ParsedMessage, expected: list[dict]) -> tuple[bool, str]:
    ours = {(a.filename, a.sha256) for a in parsed.attachments}
    our_hashes = {a.sha256 for a in parsed.attachments}
    problems = []
    for item in expected:
        prefs = item.get("preferences") or {}
        if prefs.get("content-alternative"):
            continue  # Zammad's copy of the HTML body, not an attachment of the message
        data = item.get("data")
        data = data if isinstance(data, bytes) else str(data or "").encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        filename = str(item.get("filename") or "")
        fallback = bool(set(prefs) & {"From", "Message-ID", "Date", "Subject"})
        if fallback or _ZAMMAD_INVENTED.match(filename):
            # An invented name, or Zammad's fallback for a body it could not parse (the
            # raw body stored as a file, its preferences a copy of the headers): only the
            # content must be somewhere, as a file or as the body text.
            if digest not in our_hashes and not _near_text(parsed, data):
                problems.append(f"content of {filename} missing")
        elif (filename, digest) not in ours:
            names = [a.filename for a in parsed.attachments]
            problems.append(f"{filename} missing or different (ours: {names})")
    return not problems, "; ".join(problems)


def _near_text(parsed: ParsedMessage, data: bytes) -> bool:
    """Zammad stores some parts converted to UTF-8 text; accept the same text content."""
    text = data.decode("utf-8", "replace")
    for candidate in (text, html_to_text(text)):
        if similarity(parsed.text, candidate) >= 0.9 or squash(candidate) in squash(parsed.text):
            return True
    for item in parsed.attachments:
        if item.content_type.startswith(("text/", "message/")):
            ours = item.content.decode("utf-8", "replace")
            if similarity(ours, text) >= 0.9:
                return True
    return False


def _zammad_body(parsed: ParsedMessage, expected: dict) -> tuple[bool, str]:
    want = str(expected.get("body") or "")
    if want == "no visible content":
        return not parsed.text.strip(), f"expected no text, got {parsed.text[:60]!r}"
    if expected.get("content_type") == "text/html":
        want_text = html_to_text(want.replace('<span class="js-signatureMarker"></span>', ""))
        got = html_to_text(parsed.html) if parsed.html else parsed.text
    else:
        want_text = want
        got = parsed.text
    ratio = similarity(got, want_text)
    return (
        ratio >= 0.9,
        f"similarity {ratio:.2f}: {squash(got)[:80]!r} vs {squash(want_text)[:80]!r}",
    )


# --- mailur -----------------------------------------------------------------------------------


def check_mailur(run: Runner) -> None:
    folder = run.root / "mailur-files-parser" / "tests" / "files_parser"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    for path in sorted(folder.glob("*.txt")):
        parsed = run.parse_file("mailur-files-parser", path)
        want = expected.get(path.name)
        if parsed is None or not want:
            continue
        name = path.name.split("--")[-1]
        corpus = "mailur-files-parser"
        if "subject" in want:
            run.report.score(corpus, "subject").check(
                name,
                parsed.subject == want["subject"],
                f"{parsed.subject!r} != {want['subject']!r}",
            )
        if "html" in want:
            rendered = html_to_text(parsed.html) if parsed.html else parsed.text
            fragment = squash(html_to_text(want["html"]))
            run.report.score(corpus, "body").check(
                name,
                fragment in squash(rendered),
                f"{fragment!r} not in {squash(rendered)[:120]!r}",
            )
        if "text" in want:
            run.report.score(corpus, "body").check(
                name, squash(want["text"]) in squash(parsed.text), f"{want['text']!r} not in text"
            )
        if "from" in want:
            pairs = email.utils.getaddresses(want["from"])
            ok = [(parsed.from_name, parsed.from_address)] == [(n, a) for n, a in pairs]
            run.report.score(corpus, "from").check(
                name, ok, f"{(parsed.from_name, parsed.from_address)} != {pairs}"
            )
        if "refs" in want:
            wanted = {r.strip("<>") for r in want["refs"]}
            ours = set(parsed.references) | ({parsed.in_reply_to} if parsed.in_reply_to else set())
            run.report.score(corpus, "references").check(
                name, ours == wanted, f"{ours} != {wanted}"
            )
        if "attachments" in want:
            problems = []
            for item in want["attachments"]:
                if "." in item["name"]:
                    found = any(a.filename == item["name"] for a in parsed.attachments)
                else:
                    found = any(a.content_type == item["type"] for a in parsed.attachments)
                if not found:
                    problems.append(item["name"])
            run.report.score(corpus, "attachments").check(
                name,
                not problems,
                f"missing {problems}; ours {[a.filename for a in parsed.attachments]}",
            )


# --- zbateson ---------------------------------------------------------------------------------


def _latin1_file(path: Path) -> str:
    return path.read_bytes().decode("latin-1")


def _strip_tags(html: str) -> str:
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]*>", "", html.replace("&nbsp;", " ")))


def check_zbateson(run: Runner) -> None:
    corpus = "zbateson-mail-mime-parser"
    folder = run.root / corpus / "tests" / "_data" / "emails"
    expected = load_json("zbateson.json")
    for path in sorted(folder.glob("*.txt")):
        parsed = run.parse_file(corpus, path)
        want = expected.get(path.stem)
        if parsed is None or not want:
            continue
        name = path.stem
        name_mail = want["from"]
        run.report.score(corpus, "from").check(
            name,
            parsed.from_address == name_mail[1]
            and (not name_mail[0] or parsed.from_name == name_mail[0]),
            f"{(parsed.from_name, parsed.from_address)} != {name_mail}",
        )
        if "to" in want:
            got = parsed.to[0] if parsed.to else ("", "")
            run.report.score(corpus, "to").check(
                name, list(got) == want["to"], f"{got} != {want['to']}"
            )
        run.report.score(corpus, "subject").check(
            name, parsed.subject == want["subject"], f"{parsed.subject!r} != {want['subject']!r}"
        )
        if "message_id" in want:
            run.report.score(corpus, "message_id").check(
                name, parsed.message_id == want["message_id"], f"{parsed.message_id!r}"
            )
        if "date" in want:
            wanted = datetime.fromisoformat(want["date"])
            run.report.score(corpus, "date").check(name, parsed.date == wanted, f"{parsed.date}")
        if "text" in want:
            reference = _latin1_file(folder / "files" / want["text"])
            run.report.score(corpus, "text").check(
                name, squash(parsed.text) == squash(reference), f"{squash(parsed.text)[:80]!r}"
            )
        if "html" in want:
            reference = _latin1_file(folder / "files" / want["html"])
            got = _strip_tags(parsed.html)
            run.report.score(corpus, "html").check(
                name, squash(got) == squash(reference), f"{squash(got)[:80]!r}"
            )
        if "attachments" in want:
            ok, detail = _zbateson_attachments(parsed, want["attachments"], folder / "files")
            run.report.score(corpus, "attachments").check(name, ok, detail)


def _zbateson_attachments(parsed: ParsedMessage, count: int, files: Path) -> tuple[bool, str]:
    if len(parsed.attachments) != count:
        return False, f"{len(parsed.attachments)} attachments != {count}: " + ", ".join(
            f"{a.filename} ({a.content_type})" for a in parsed.attachments
        )
    for item in parsed.attachments:
        original = files / item.filename
        if item.filename and original.is_file():
            reference = original.read_bytes()
            if item.content_type.startswith("text/"):
                same = squash(item.content.decode("latin-1")) == squash(reference.decode("latin-1"))
            else:
                same = item.content == reference
            if not same:
                return False, f"content of {item.filename} differs from files/{item.filename}"
    return True, ""


# --- sisimai ----------------------------------------------------------------------------------

_INTERNAL_STATUS = re.compile(r"^\d\.\d\.9\d\d$")  # sisimai's own codes (x.0.9xx, x.9.xxx)


def _status_matches(wanted: str, ours: str) -> bool:
    if not wanted or _INTERNAL_STATUS.match(wanted) or wanted.split(".")[1] == "9":
        return True  # sisimai invented this code from its reason: nothing to compare
    if wanted == ours:
        return True
    # "x.0.0" means "unspecified": a more specific code of the same class is compatible.
    return wanted.endswith(".0.0") and ours[:1] == wanted[:1]


def expected_class(name: str) -> str | None:
    if name.startswith(("lhost-", "rhost-", "rfc3464-")):
        return "bounce"
    if name.startswith("arf-"):
        return "feedback_report"
    if name.startswith("rfc3834-"):
        return "auto_reply"
    return None


def check_sisimai(run: Runner) -> None:
    corpus = "sisimai-set-of-emails"
    folder = run.root / corpus / "maildir"
    expected = load_json("sisimai.json")
    for path in sorted((folder / "bsd").glob("*.eml")):
        parsed = run.parse_file(corpus, path)
        name = path.stem
        entries = expected.get(name)
        wanted_class = expected_class(name)
        reasons = {entry[2] for entry in entries or []}
        if reasons == {"feedback"}:
            wanted_class = "feedback_report"  # sisimai's own expectation: a complaint
        elif reasons == {"delivered"}:
            wanted_class = "auto_reply"  # sisimai's own expectation: a success notice
        if parsed is None or wanted_class is None:
            continue
        run.report.score(corpus, "class").check(
            name, parsed.classification == wanted_class, f"classified {parsed.classification}"
        )
        if entries is None or wanted_class != "bounce":
            continue
        recipients = parsed.bounce.recipients if parsed.bounce else []
        run.report.score(corpus, "recipients").check(
            name, len(recipients) == len(entries), f"{len(recipients)} recipients != {len(entries)}"
        )
        statuses = [r.status for r in recipients]
        unmatched = list(statuses)
        ok = True
        for status, _code, _reason, _hard in entries:
            hit = next((s for s in unmatched if _status_matches(status, s)), None)
            if hit is None:
                ok = False
                break
            unmatched.remove(hit)
        run.report.score(corpus, "status").check(
            name, ok, f"ours {statuses} vs {[e[0] for e in entries]}"
        )
        want_hard = any(entry[3] for entry in entries)
        got_hard = bool(parsed.bounce and parsed.bounce.hard)
        reasons = [r.reason for r in recipients]
        run.report.score(corpus, "hard").check(
            name,
            got_hard == want_hard,
            f"hard {got_hard}, ours {reasons} vs {[e[2] for e in entries]}",
        )
    for path in sorted((folder / "not").glob("*.eml")):
        parsed = run.parse_file(corpus, path)
        if parsed is not None:
            run.report.score(corpus, "class").check(
                f"not/{path.stem}", parsed.classification != "bounce", "classified bounce"
            )


# --- reply / quote extraction -----------------------------------------------------------------


def _lines(text: str) -> str:
    """Text compared line by line, ignoring trailing spaces and surrounding blank lines."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _reply_check(run: Runner, corpus: str, name: str, visible: str, full: str, spec: dict) -> None:
    score = run.report.score(corpus, "reply")
    problems = []
    if "equals" in spec:
        want = full if spec["equals"] == "$full" else spec["equals"]
        if _lines(visible) != _lines(want):
            problems.append(f"{visible.strip()[:120]!r} != {want.strip()[:120]!r}")
    if "startswith" in spec and not visible.startswith(spec["startswith"]):
        problems.append(f"does not start with {spec['startswith']!r}")
    if "endswith" in spec and not visible.rstrip().endswith(spec["endswith"]):
        problems.append(f"does not end with {spec['endswith']!r}: ...{visible.rstrip()[-60:]!r}")
    problems += [f"missing {t!r}" for t in spec.get("contains", []) if t not in visible]
    problems += [f"still has {t!r}" for t in spec.get("excludes", []) if t in visible]
    if "nospace_in" in spec and no_space(visible) not in spec["nospace_in"]:
        problems.append(f"{no_space(visible)[:80]!r} not in {spec['nospace_in']}")
    score.check(name, not problems, "; ".join(problems))


def check_reply_corpus(run: Runner, corpus: str, folder: Path) -> None:
    specs = load_json("replies.json").get(corpus, {})
    for path in sorted(folder.glob("*.txt")):
        body = path.read_bytes().decode("utf-8", "replace")
        parsed = run.parse(corpus, path.name, text_message(body))
        spec = specs.get(path.stem)
        if parsed is None or spec is None:
            continue
        _reply_check(run, corpus, path.stem, parsed.visible_text, parsed.text, spec)


def check_talon(run: Runner) -> None:
    corpus = "talon"
    folder = run.root / corpus / "tests" / "fixtures"
    for path in sorted((folder / "standard_replies").glob("*.eml")):
        parsed = run.parse_file(corpus, path)
        if parsed is None:
            continue
        reply_file = path.with_name(f"{path.stem}_reply_text")
        want = reply_file.read_text(encoding="utf-8").strip() if reply_file.exists() else "Hello"
        # talon's reply keeps the sender's signature; ours trims a delimited one by contract.
        want = re.split(r"\n(?:-- ?\n|Sent (?:from|with) )", want)[0]
        _reply_check(run, corpus, path.stem, parsed.visible_text, parsed.text, {"equals": want})
    html_reply = "Hi. I am fine.\n\nThanks,\nAlex"
    for path in sorted((folder / "html_replies").glob("*.html")):
        parsed = run.parse(corpus, path.name, html_message(path.read_text(encoding="utf-8")))
        if parsed is not None:
            _reply_check(
                run, corpus, path.stem, parsed.visible_text, parsed.text,
                {"nospace_in": [no_space(html_reply)]},
            )  # fmt: skip
    specials = {
        "OLK_SRC_BODY_SECTION.html": {"nospace_in": ["Reply"]},
        "reply-separated-by-hr.html": {"nospace_in": ["Hithere", "HithereBob"]},
    }
    for file_name, spec in specials.items():
        parsed = run.parse(corpus, file_name, html_message((folder / file_name).read_text()))
        if parsed is not None:
            _reply_check(run, corpus, file_name, parsed.visible_text, parsed.text, spec)
    parsed = run.parse_file(corpus, folder / "reply-quotations-share-block.eml")
    if parsed is not None:
        ok = bool(parsed.visible_text.strip()) and "From:" not in parsed.visible_text
        run.report.score(corpus, "reply").check(
            "reply-quotations-share-block", ok, parsed.visible_text[:120]
        )
    # Signatures without a delimiter (talon's classifier): we keep them, but must never cut
    # any of the message's own words.
    stripped = folder / "signature" / "emails" / "stripped"
    for body_file in sorted(stripped.glob("*_body")):
        stem = body_file.name[: -len("_body")]
        body = body_file.read_text(encoding="utf-8")
        signature = (stripped / f"{stem}_signature").read_text(encoding="utf-8")
        parsed = run.parse(corpus, body_file.name, text_message(body))
        if parsed is None:
            continue
        own = body[: len(body) - len(signature)] if signature and body.endswith(signature) else body
        own = body.replace(signature, "") if signature and signature in body else own
        run.report.score(corpus, "keeps own words").check(
            stem,
            squash(own) in squash(parsed.visible_text),
            f"{squash(parsed.visible_text)[:80]!r}",
        )
    for path in sorted((folder / "signature" / "emails" / "P").iterdir()):
        run.parse(
            corpus, f"signature/P/{path.name}", text_message(path.read_text(encoding="utf-8"))
        )


# --- tnefparse --------------------------------------------------------------------------------


def check_tnef(run: Runner) -> None:
    corpus = "tnefparse"
    folder = run.root / corpus / "tests" / "examples"
    expected = load_json("tnefparse.json")
    for path in sorted(folder.glob("*.tnef")):
        parsed = run.parse(
            corpus,
            path.name,
            attachment_message("winmail.dat", "application/ms-tnef", path.read_bytes()),
        )
        if parsed is None or path.name not in expected:
            continue
        names = [a.filename for a in parsed.attachments]
        run.report.score(corpus, "attachments").check(
            path.name, names == expected[path.name], f"{names} != {expected[path.name]}"
        )


# --- smaller corpora with a few expectations each ---------------------------------------------


def check_generic(run: Runner, corpus: str, folder: Path) -> dict[str, ParsedMessage]:
    parsed_by_name = {}
    for path in message_files(folder):
        parsed = run.parse_file(corpus, path)
        if parsed is not None:
            parsed_by_name[str(path.relative_to(folder))] = parsed
    return parsed_by_name


def check_expectations(run: Runner, corpus: str, parsed: dict[str, ParsedMessage]) -> None:
    """Expectations from ``expected/other.json``: per file, field → value (see README)."""
    specs = load_json("other.json").get(corpus, {})
    for name, spec in specs.items():
        message = parsed.get(name)
        if message is None:
            run.report.score(corpus, "parse").check(name, False, "file missing")
            continue
        for key, want in spec.items():
            field_class, ok, detail = _evaluate(message, key, want)
            run.report.score(corpus, field_class).check(name, ok, detail)


def _evaluate(message: ParsedMessage, key: str, want: object) -> tuple[str, bool, str]:
    names = [a.filename for a in message.attachments]
    bounce = message.bounce
    recipients = bounce.recipients if bounce else []
    checks: dict[str, Callable[[], tuple[str, bool, str]]] = {
        "subject": lambda: ("subject", message.subject == want, repr(message.subject)),
        "from": lambda: (
            "from",
            [message.from_name, message.from_address] == want,
            f"{[message.from_name, message.from_address]}",
        ),
        "to": lambda: ("to", [a for _, a in message.to] == want, f"{message.to}"),
        "text_contains": lambda: (
            "body",
            all(squash(t) in squash(message.text) for t in want),
            repr(squash(message.text)[:100]),
        ),
        "has_html": lambda: ("body", bool(message.html.strip()) == want, repr(message.html[:60])),
        "text_empty": lambda: ("body", not message.text.strip(), repr(message.text[:60])),
        "attachment_count": lambda: ("attachments", len(names) == want, f"{names}"),
        "attachment_names": lambda: ("attachments", sorted(names) == sorted(want), f"{names}"),
        "classification": lambda: (
            "class",
            message.classification == want,
            message.classification,
        ),
        "bounce_recipients": lambda: (
            "recipients",
            sorted(r.address.lower() for r in recipients) == sorted(want),
            f"{bounce}",
        ),
        "bounce_statuses": lambda: (
            "status",
            sorted(r.status for r in recipients) == sorted(want),
            f"{bounce}",
        ),
        "defect": lambda: (
            "defects",
            any(want in d for d in message.defects),
            f"{message.defects}",
        ),
    }
    return checks[key]()


OTHER_CORPORA = {
    "django-helpdesk": "django-helpdesk/tests/test_files",
    "flanker": "flanker/tests/fixtures/messages",
    "mikel-mail": "mikel-mail/spec/fixtures/emails",
    "nodemailer-mailparser": "nodemailer-mailparser/test/fixtures",
    "rt-request-tracker": "rt-request-tracker/t/data",
    "spamscope-mail-parser": "spamscope-mail-parser/tests/mails",
}


def run_all(root: Path) -> Report:
    run = Runner(root)
    check_zammad(run)
    check_mailur(run)
    check_zbateson(run)
    check_sisimai(run)
    check_talon(run)
    check_reply_corpus(
        run, "github-email_reply_parser", root / "github-email_reply_parser" / "test" / "emails"
    )
    check_reply_corpus(
        run, "zapier-email-reply-parser", root / "zapier-email-reply-parser" / "test" / "emails"
    )
    check_reply_corpus(
        run, "crisp-email-reply-parser", root / "crisp-email-reply-parser" / "test" / "fixtures"
    )
    check_tnef(run)
    for corpus, relative in OTHER_CORPORA.items():
        parsed = check_generic(run, corpus, root / relative)
        check_expectations(run, corpus, parsed)
    return run.report


# --- the table --------------------------------------------------------------------------------


def table(report: Report, allowlist: dict[tuple[str, str, str], str]) -> str:
    """Markdown table: corpus × field class, passed/total, score, accepted misses."""
    lines = [
        "| corpus | field class | passed | total | score | accepted misses |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for (corpus, field_class), score in sorted(report.scores.items()):
        accepted = sum(1 for item, _ in score.misses if (corpus, field_class, item) in allowlist)
        lines.append(
            f"| {corpus} | {field_class} | {score.passed} | {score.total} | "
            f"{score.percent:.1f} % | {accepted} |"
        )
    return "\n".join(lines)
