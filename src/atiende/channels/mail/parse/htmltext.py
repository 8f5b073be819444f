"""HTML to readable plain text (for HTML-only mail and for quote trimming).

Blocks become lines, ``<br>`` a line break, list items "- " lines, table cells are
separated by a tab, ``<blockquote>`` content is prefixed with "> " per level (so the quote
trimmer treats it like a plain-text quote), and scripts, styles and the head are dropped.
"""

import re
from html.parser import HTMLParser

_BLOCK = {
    "address", "article", "aside", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "tfoot",
    "thead", "tr", "ul", "caption",
}  # fmt: skip
_SKIP = {"script", "style", "head", "title", "noscript", "template", "xml", "svg", "object"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []  # (quote depth, text)
        self.current = ""
        self.depth = 0  # blockquote level of the current line
        self.skip = 0
        self.pre = 0
        self.pending_blank = False

    # Line handling ------------------------------------------------------------------------
    def _end_line(self) -> None:
        text = self.current.rstrip()
        if text or not self.lines or self.lines[-1][1] or self.pre:
            self.lines.append((self.depth, text))
        self.current = ""

    def _block_boundary(self, blank: bool = False) -> None:
        if self.current.strip():
            self._end_line()
        else:
            self.current = ""
        if blank and self.lines and self.lines[-1][1]:
            self.lines.append((self.depth, ""))

    # Parser callbacks -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skip = 0  # an unclosed <head> must not swallow the body
            return
        if tag in _SKIP:
            self.skip += tag not in _VOID
            return
        if self.skip:
            return
        if tag == "br":
            self._end_line()
        elif tag == "blockquote":
            self._block_boundary()
            self.depth += 1
        elif tag == "p":
            classes = dict(attrs).get("class") or ""
            self._block_boundary(blank="mso" not in classes.lower())
        elif tag == "li":
            self._block_boundary()
            self.current = "- "
        elif tag in {"td", "th"}:
            if self.current.strip():
                self.current += "\t"
        elif tag == "pre":
            self._block_boundary()
            self.pre += 1
        elif tag in _BLOCK:
            self._block_boundary()
            if tag == "hr":
                self.lines.append((self.depth, "-" * 20))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "blockquote":
            self._block_boundary()
            self.depth = max(0, self.depth - 1)
        elif tag == "pre":
            self._block_boundary()
            self.pre = max(0, self.pre - 1)
        elif tag == "p":
            self._block_boundary(blank=True)
        elif tag in _BLOCK:
            self._block_boundary()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            parts = data.replace("\r\n", "\n").split("\n")
            for index, part in enumerate(parts):
                if index:
                    self._end_line()
                self.current += part.replace("\u00a0", " ")
            return
        text = _SPACES.sub(" ", data)
        if not self.current.strip() or self.current.endswith((" ", "\t")):
            text = text.lstrip()
        self.current += text

    def result(self) -> str:
        self._end_line()
        rendered = []
        for depth, text in self.lines:
            prefix = "> " * depth
            rendered.append((prefix + text).rstrip() if text or depth else "")
        out = "\n".join(rendered).strip("\n")
        return _BLANK_RUNS.sub("\n\n", out)


def html_to_text(html: str) -> str:
    """Readable text of an HTML document; never raises (broken markup gives partial text)."""
    builder = _TextBuilder()
    try:
        builder.feed(html)
        builder.close()
    except Exception:  # noqa: S110 - html.parser is lenient; keep what was read
        pass
    return builder.result()
