"""Markdown for texts written by staff or content authors, rendered and then sanitised."""

import markdown
import nh3

_ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
}


def render_markdown(text: str) -> str:
    """Safe HTML: no links, images, scripts or attributes survive, whatever the source says."""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={}, link_rel=None)
