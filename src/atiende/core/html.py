"""Sanitising HTML that comes from outside (mail, rich-text replies)."""

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"dir", "lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "cid"}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Images may only point at inline parts (cid:): a remote source would leak a read receipt.
    if tag == "img" and attribute == "src" and not value.startswith("cid:"):
        return None
    return value


def sanitise(html: str) -> str:
    """Keep structure and text; drop scripts, event handlers, styles and unsafe URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


def text_to_html(text: str) -> str:
    """Plain text as safe HTML paragraphs (for display beside sanitised mail HTML)."""
    from django.utils.html import linebreaks

    return linebreaks(text, autoescape=True)
