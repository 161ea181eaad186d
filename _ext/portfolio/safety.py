"""Nothing unsafe reaches a page: every link on every page is http, https, mailto or local.

The source check refuses unsafe links in refs.bib and in pages; this is the last line,
run on each page as it is written (generated content included), so that a link that
slips past the check is reported and never published as a live link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

SAFE_SCHEMES = {"", "http", "https", "mailto"}
RAW_LINK = re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*([^"'\s>]+)""", re.I)


def unsafe_scheme(uri: str) -> str | None:
    scheme = urlsplit(uri.strip()).scheme.lower()
    return None if scheme in SAFE_SCHEMES else scheme


def refuse_unsafe_links(app, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: report and unlink any reference with another scheme."""
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
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", ""):
            continue
        schemes = {unsafe_scheme(uri) for uri in RAW_LINK.findall(node.astext())} - {None}
        if schemes:
            logger.warning(
                f"raw HTML with unsafe link scheme '{sorted(schemes)[0]}:' removed",
                location=node,
                type="portfolio",
                subtype="unsafe_url",
            )
            node.parent.remove(node)


def setup(app) -> None:
    app.connect("doctree-resolved", refuse_unsafe_links, priority=900)
