"""The Cite section of a paper page: sphinx-design tabs, one per format, each to copy or download.

The tabs are made as nodes, in the shape sphinx-design's ``tab-set`` and ``tab-item``
directives give them (a ``tab-set`` component of ``tab-item`` components, each a rubric
label and a ``tab-content`` component; ``sphinx_design.shared.create_component``), so the
page is built in one step, with no Markdown written and parsed again. Each tab holds a
block highlighted so that sphinx-copybutton gives it a copy button, and the link to the
same text as a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import pygments
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlainText
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import create_component

from ..core.records import Paper
from ..i18n import _
from ..writers.downloads import FORMATS, paper_files
from . import fragments, render
from .state import state
from .style import formatter

CITE_CLASS = "portfolio-cite"
#: the sphinx-design sync group of the tabs: choosing a format on one page chooses it on every page
SYNC_GROUP = "portfolio-cite"
_PLAIN_TEXT = PlainText()
#: format (a suffix of FORMATS, or "text") -> tab label, highlighting language, class of its block
TABS = {
    ".bib": ("BibTeX", "bibtex", "portfolio-bibtex"),
    ".json": ("CSL-JSON", "json", "portfolio-csl-json"),
    ".ris": ("RIS", "text", "portfolio-ris"),
    "text": ("Formatted", "text", "portfolio-formatted"),
}
# format names are names; the one word among them, for the message catalogs: _("Formatted")


def literal(text: str, language: str, css_class: str) -> nodes.literal_block:
    """A block to copy: highlighted, so that sphinx-copybutton gives it a button."""
    return nodes.literal_block(text, text, language=language, classes=[css_class])


def cite_tabs(env: BuildEnvironment, paper: Paper, on_page: Sequence[nodes.Node] = ()) -> nodes.container:
    """The tab set of the paper's Cite section, one tab per format; *on_page* is the rest of the page."""
    tab_set = create_component("tab-set", classes=["sd-tab-set"])
    for fmt, (label, _language, _css) in TABS.items():
        shown = str(_(label)) if fmt == "text" else label
        item = create_component("tab-item", classes=["sd-tab-item"], selected=False)
        title = nodes.rubric(shown, "", nodes.Text(shown), classes=["sd-tab-label"])
        title["sync_id"], title["sync_group"] = fmt.lstrip("."), SYNC_GROUP
        content = create_component("tab-content", classes=["sd-tab-content"])
        content.extend(formatted(env, paper, on_page) if fmt == "text" else download(paper, fmt))
        item.extend([title, content])
        tab_set += item
    return nodes.container("", tab_set, classes=[CITE_CLASS])


def download(paper: Paper, fmt: str) -> list[nodes.Node]:
    """One format of the paper's citation: the text to copy, and the file to download."""
    name = f"{paper.slug}{fmt}"
    _label, language, css_class = TABS[fmt]
    block = literal(paper_files(paper)[name], language, css_class)
    label = str(_("Download {format} ({file})")).format(format=FORMATS[fmt][0], file=name)
    return [block, nodes.paragraph("", "", render.link(label, name, ["portfolio-download"]))]


def formatted(env: BuildEnvironment, paper: Paper, on_page: Sequence[nodes.Node] = ()) -> list[nodes.Node]:
    """The citation as one line of text to copy, and formatted, unless the page shows it already.

    A paper page cites its own entry with ``{footcite}`` (pages written before that do not), and
    sphinxcontrib-bibtex's footnote is then the formatted citation the page shows: the tab
    gives its text to copy, without formatting the entry a second time. Otherwise the tab
    formats the entry in the same style, ``bibtex_default_style``.
    """
    _label, language, css_class = TABS["text"]
    shown = own_footnote(env, paper.key, on_page)
    if shown is not None:
        return [literal(" ".join(shown.astext().split()), language, css_class)]
    domain = env.get_domain("cite")
    entry = domain.bibdata.data.entries[paper.key]  # type: ignore[attr-defined]
    entry_text = formatter(env.config.bibtex_default_style).format_entry(label="", entry=entry)
    paragraph = domain.backend.paragraph(entry_text)  # type: ignore[attr-defined]
    paragraph["classes"].append("portfolio-citation")
    line = " ".join(entry_text.text.render(_PLAIN_TEXT).split())
    return [paragraph, literal(line, language, css_class)]


def own_footnote(env: BuildEnvironment, key: str, on_page: Sequence[nodes.Node]) -> nodes.paragraph | None:
    """The formatted citation in the footnote ``{footcite}`` made of *key* on this page, if any.

    sphinxcontrib-bibtex names that footnote by ``bibtex_footcite_id`` (``footcite-{key}``);
    its number is added later, by docutils, so the footnote holds the citation alone.
    """
    template = env.config.bibtex_footcite_id or "footcite-{key}"  # unset: sphinxcontrib-bibtex's documented default
    names = {nodes.make_id(template.format(footbibliography_count=count, key=key)) for count in (1, 2, 3)}
    for node in on_page:
        if isinstance(node, nodes.Element):
            for footnote in node.findall(nodes.footnote):
                if names & set(footnote["names"]):
                    return next(footnote.findall(nodes.paragraph), None)
    return None


def copied(block: nodes.literal_block) -> list[nodes.Node]:
    return [block.deepcopy()]


def kept_highlighting(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: each block of a paper's Cite section as HTML kept between builds.

    Highlighting is most of the cost of writing the Cite section (Sphinx makes a Pygments
    formatter, and its style sheet, for every block), and the blocks change only with the
    entry. So the HTML highlighted once is kept (``fragments``) under the block's text, its
    language, the highlighting settings and Pygments' version.
    """
    key = state(app.env).paper_pages.get(docname)
    if key is None or fragments.store(app) is None:
        return
    config = app.config
    for section in doctree.findall(nodes.container):
        if CITE_CLASS not in section["classes"]:
            continue
        for block in list(section.findall(nodes.literal_block)):
            language = block.get("language", "default")
            inputs = (
                "cite-block",
                block.rawsource,
                language,
                tuple(block["classes"]),
                repr(config.highlight_options.get(language, {})),
                pygments.__version__,
            )
            # a copy is translated, in a holder of its own: the block stays on the page until replaced
            block.replace_self(fragments.cached(app, (key,), inputs, partial(copied, block), searchable=True))


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
    app.add_post_transform(ValidTabLabels)
    app.connect("doctree-resolved", kept_highlighting)
