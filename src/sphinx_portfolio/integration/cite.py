"""The Cite section of a paper page: sphinx-design tabs, one per format, each to copy or download.

Every paper page ends with the ``portfolio-cite`` directive (added to its source when it
is read), which writes the tabs with sphinx-design's own ``tab-set`` and ``tab-item``
directives; each tab holds a ``portfolio-citation`` block, highlighted so that
sphinx-copybutton gives it a copy button, and the link to the same text as a file.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from pybtex.backends.plaintext import Backend as PlainText
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..i18n import _
from ..writers.downloads import FORMATS, paper_files
from . import render
from .state import state
from .style import formatter

CITE_CLASS = "portfolio-cite"
_PLAIN_TEXT = PlainText()
#: format (a suffix of FORMATS, or "text") -> tab label, highlighting language, class of its block
TABS = {
    ".bib": ("BibTeX", "bibtex", "portfolio-bibtex"),
    ".json": ("CSL-JSON", "json", "portfolio-csl-json"),
    ".ris": ("RIS", "text", "portfolio-ris"),
    "text": ("Formatted", "text", "portfolio-formatted"),
}
# format names are names; the one word among them, for the message catalogs: _("Formatted")


def add_cite_section(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a paper page (Markdown, in the papers folder) ends with its Cite section."""
    path = PurePosixPath(docname)
    if str(path.parent) != app.config.portfolio_papers_dir or path.name == "index":
        return
    if app.env.doc2path(docname).suffix != ".md":
        return
    source[0] += "\n\n```{portfolio-cite}\n```\n"


def tabs_markdown() -> str:
    """The tab set in MyST: fences grow outwards, so nothing depends on colon fences."""
    items = []
    for fmt, (label, _language, _css) in TABS.items():
        shown = _(label) if fmt == "text" else label
        items.append(
            f"````{{tab-item}} {shown}\n:sync: {fmt.lstrip('.')}\n\n```{{portfolio-citation}} {fmt}\n```\n````\n"
        )
    return "`````{tab-set}\n:sync-group: portfolio-cite\n\n" + "\n".join(items) + "`````\n"


def literal(text: str, language: str, css_class: str) -> nodes.literal_block:
    """A block to copy: highlighted, so that sphinx-copybutton gives it a button."""
    return nodes.literal_block(text, text, language=language, classes=[css_class])


class CiteDirective(SphinxDirective):
    """The Cite section's content for the paper whose page this is."""

    def run(self) -> list[nodes.Node]:
        key = PurePosixPath(self.env.docname).name
        if key not in state(self.env).papers:
            return []  # the page names no known paper: reported by the check
        container = nodes.container(classes=[CITE_CLASS])
        content = StringList(tabs_markdown().splitlines(), source=self.env.docname)
        self.state.nested_parse(content, self.content_offset, container)
        return [container]


class CitationDirective(SphinxDirective):
    """One format of the paper's citation: the text to copy, and the file to download."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        key = PurePosixPath(self.env.docname).name
        paper = state(self.env).papers[key]
        fmt = self.arguments[0]
        if fmt == "text":
            return self.formatted(key)
        name = f"{key}{fmt}"
        text = paper_files(paper)[name]
        _label, language, css_class = TABS[fmt]
        block = literal(text, language, css_class)
        label = str(_("Download {format} ({file})")).format(format=FORMATS[fmt][0], file=name)
        download = nodes.paragraph("", "", render.link(label, name, ["portfolio-download"]))
        return [block, download]

    def formatted(self, key: str) -> list[nodes.Node]:
        """The citation as the Cite section formats it, and as one line of text to copy."""
        domain = self.env.get_domain("cite")
        entry = domain.bibdata.data.entries[key]  # type: ignore[attr-defined]
        style = formatter(self.config.portfolio_citation_style)
        formatted = style.format_entry(label="", entry=entry)
        paragraph = domain.backend.paragraph(formatted)  # type: ignore[attr-defined]
        paragraph["classes"].append("portfolio-citation")
        line = " ".join(formatted.text.render(_PLAIN_TEXT).split())
        _label, language, css_class = TABS["text"]
        return [paragraph, literal(line, language, css_class)]


class ValidTabLabels(SphinxPostTransform):
    """Opt-in (``portfolio_valid_tab_labels``): tab labels without ``aria-controls``.

    sphinx-design 0.8 (executablebooks/sphinx-design#283) gives each tab's ``<label for=...>``
    an ``aria-controls``, which the HTML standard forbids on a label of a form control (the
    Nu Html Checker reports it). The radio input already names its label, so nothing is
    lost. ``tests/site/test_citing.py`` fails once sphinx-design stops writing the attribute.
    """

    default_priority = 500  # after sphinx-design's TabSetHtmlTransform (200)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.portfolio_valid_tab_labels:
            return
        for node in self.document.findall(nodes.Element):
            if "sd-tab-label" in node.get("classes", ()) and "aria_controls" in node.attributes:
                del node["aria_controls"]


def setup(app: Sphinx) -> None:
    app.connect("source-read", add_cite_section)
    app.add_directive("portfolio-cite", CiteDirective)
    app.add_directive("portfolio-citation", CitationDirective)
    app.add_post_transform(ValidTabLabels)
