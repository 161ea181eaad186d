"""Nothing unsafe reaches a page: no script, no event handler, no link other than http(s) or mailto.

The source check refuses unsafe links it can see in refs.bib and in pages; this is the last
line, run on each page as it is written (generated content included). Every raw HTML
fragment of a page (Markdown's inline and block HTML, ``{raw} html``) is judged by nh3, the
HTML sanitizer: a fragment that nh3 would change in anything but closing its open tags
(a script, an ``on*`` handler, ``srcdoc``, a ``javascript:`` link however it is spelled) is
reported with its file and line and left out of the page. Iframes are allowed only over
https from the hosts named in ``portfolio_embed_hosts`` (video players a researcher wants).
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

SAFE_SCHEMES = {"", "http", "https", "mailto"}
#: what browsers ignore inside a URL (WHATWG URL: tabs and newlines) or before it (controls, spaces)
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")

#: attributes allowed on every element, beside nh3's own per-tag allowlist
COMMON_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
EMBED_ATTRIBUTES = {"src", "width", "height", "title", "allow", "allowfullscreen", "loading", "referrerpolicy"}


def unsafe_scheme(uri: str) -> str | None:
    """The scheme of *uri* as a browser reads it, when it is not one a page may link with."""
    scheme = urlsplit(URL_NOISE.sub("", uri)).scheme.lower()
    return None if scheme in SAFE_SCHEMES else scheme


class _StartTags(HTMLParser):
    """The start tags of a fragment with their attributes, entities decoded (as a browser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag


def start_tags(html: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.found


class Sanitizer:
    def __init__(self, embed_hosts: list[str]) -> None:
        self.embed_hosts = {host.lower() for host in embed_hosts}
        tags = set(nh3.ALLOWED_TAGS) | {"iframe"} if self.embed_hosts else set(nh3.ALLOWED_TAGS)
        attributes = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
        attributes["*"] = COMMON_ATTRIBUTES
        if self.embed_hosts:
            attributes["iframe"] = EMBED_ATTRIBUTES
        self.tags, self.attributes = tags, attributes

    def attribute_filter(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            parts = urlsplit(URL_NOISE.sub("", value))
            return value if parts.scheme == "https" and (parts.hostname or "") in self.embed_hosts else None
        return value

    def problem(self, html: str) -> str | None:
        """What nh3 would take out of *html*, or None when it is safe as written."""
        cleaned = nh3.clean(
            html,
            tags=self.tags,
            attributes=self.attributes,
            url_schemes=SAFE_SCHEMES - {""},
            link_rel=None,  # keep links as written
            strip_comments=False,
            attribute_filter=self.attribute_filter,
        )
        before, after = start_tags(html), start_tags(cleaned)
        if before == after:
            return None
        kept = set(after)
        for tag, attributes in before:
            if (tag, attributes) in kept:
                continue
            same_tag = [found for name, found in after if name == tag]
            if not same_tag:
                return f"<{tag}> is not allowed" + (" (set portfolio_embed_hosts)" if tag == "iframe" else "")
            dropped = sorted(set(attributes) - set(same_tag[0]))
            if dropped:
                name, value = dropped[0]
                return f"attribute {name}={value[:40]!r} on <{tag}> is not allowed"
        return "markup that is not allowed"


def refuse_unsafe_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: report and unlink any reference with an unsafe scheme (generated ones too)."""
    for node in list(doctree.findall(nodes.reference)):
        uri = node.get("refuri", "")
        scheme = unsafe_scheme(uri)
        if scheme:
            logger.warning(
                f"link with unsafe scheme '{scheme}:' removed: {uri[:60]}",
                location=node,
                type="portfolio",
                subtype="unsafe_url",
            )
            node.replace_self(nodes.inline(node.astext(), node.astext()))


@functools.lru_cache(maxsize=8)
def sanitizer_for(embed_hosts: tuple[str, ...]) -> Sanitizer:
    """One sanitizer per setting, not one per page."""
    return Sanitizer(list(embed_hosts))


def refuse_unsafe_html(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before Sphinx copies titles for navigation and search: judge raw HTML."""
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        problem = sanitizer_for(tuple(app.config.portfolio_embed_hosts)).problem(node.astext())
        if problem:
            logger.warning(
                f"raw HTML removed: {problem}",
                location=node,
                type="portfolio",
                subtype="unsafe_html",
            )
            node.parent.remove(node)


def setup(app: Sphinx) -> None:
    # Sphinx's title and toctree collectors run at the default priority, 500
    app.connect("doctree-read", refuse_unsafe_html, priority=100)
    app.connect("doctree-resolved", refuse_unsafe_links, priority=900)
