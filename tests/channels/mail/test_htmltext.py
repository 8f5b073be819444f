"""HTML to text: blocks, line breaks, lists, quotes; no script or style text."""

from atiende.channels.mail.parse.htmltext import html_to_text


def test_it_turns_blocks_and_breaks_into_lines():
    html = "<div>Hi.<br>I am fine.</div><p>Thanks,<br/>Alex</p><ul><li>one</li><li>two</li></ul>"
    assert html_to_text(html) == "Hi.\nI am fine.\n\nThanks,\nAlex\n\n- one\n- two"


def test_it_prefixes_blockquotes_so_the_quote_trimmer_sees_them():
    html = "<p>Yes</p><blockquote>Question?<blockquote>Older</blockquote></blockquote>"
    assert html_to_text(html) == "Yes\n\n> Question?\n> > Older"


def test_it_drops_scripts_styles_and_the_head_and_decodes_entities():
    html = (
        "<html><head><title>t</title><style>p{color:red}</style></head>"
        "<body><script>alert(1)</script><p>5 &gt; 3 &amp; caf&eacute;&nbsp;ok</p></body></html>"
    )
    assert html_to_text(html) == "5 > 3 & café ok"


def test_it_survives_an_unclosed_head_and_broken_markup():
    assert html_to_text("<html><head><body><p>Body text") == "Body text"
    assert html_to_text("<<<>>> <p <b>bold</i></table>").endswith("bold")


def test_it_keeps_preformatted_text_as_is():
    assert html_to_text("<pre>a  b\n  c</pre>") == "a  b\n  c"
