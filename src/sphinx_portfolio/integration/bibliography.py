"""refs.bib, read once per build, by pybtex, for sphinxcontrib-bibtex and the portfolio alike.

sphinxcontrib-bibtex parses the files of ``bibtex_bibfiles`` when a build starts and keeps
the result in its domain (``BibData``), parsing again only when a file changed. The portfolio
makes its paper records from that same reading: it parses first (before sphinxcontrib-bibtex,
strictly, with a limit on macro sizes), and gives the result to sphinxcontrib-bibtex in the
shape its documented ``sphinxcontrib.bibtex.bibfile`` API describes, which then finds its
data up to date. After an edit, only the parts of the file that changed are read again
(``bibfile.parse_bibtex_reusing``). A file pybtex refuses is not handed on: the source
check names the problem with its line, and nothing is built.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from pybtex.database import BibliographyData
from pybtex.exceptions import PybtexError
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, is_bibdata_outdated

from ..core.bibfile import MacroTooLong, parse_bibtex_reusing
from ..core.sources import BIBLIOGRAPHY_DIRECTIVE, footcited_keys
from .state import state


def parsed_bibliography(app: Sphinx) -> BibliographyData | None:
    """pybtex's reading of the site's BibTeX file for this build, or None when it cannot be had."""
    config = app.config
    if not isinstance(config.bibtex_bibfiles, list) or len(config.bibtex_bibfiles) != 1:
        return None  # the check says what bibtex_bibfiles must be
    domain = app.env.get_domain("cite")
    current: BibData = domain.data["bibdata"]
    path = (Path(app.confdir) / config.bibtex_bibfiles[0]).resolve()
    if not is_bibdata_outdated(current, [path], config.bibtex_encoding):
        return current.data  # unchanged since the last build: no parse at all
    try:
        mtime = path.lstat().st_mtime  # before reading: a later change makes the next build parse again
        text = path.read_bytes().decode("utf-8-sig")
        data, state(app.env).bib_parts = parse_bibtex_reusing(text, current.data, state(app.env).bib_parts)
    except (OSError, UnicodeDecodeError, PybtexError, MacroTooLong):
        return None  # the check reads the file again and names the problem
    keys = dict.fromkeys(data.entries.keys())
    domain.data["bibdata"] = BibData(config.bibtex_encoding, {path: BibFile(mtime=mtime, keys=keys)}, data)
    return data


def paper_pages_follow_their_entry(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a paper page is read again when its own entry changes, not whenever refs.bib does.

    ``{footbibliography}`` makes its page depend on the whole BibTeX file
    (``env.note_dependency``), so one edited entry would have every paper page read again.
    A page that cites nothing but its own entry depends on that entry alone, which the
    portfolio follows itself (a digest of each entry, ``pages_with_changed_entries``); a page
    that cites other entries or has a ``{bibliography}`` keeps the dependency.
    ``tests/engine/test_upstream.py`` fails when sphinxcontrib-bibtex stops noting it.
    """
    env = app.env
    key = state(env).paper_pages.get(env.docname)
    if key is None:
        return
    text = env.doc2path(env.docname).read_text("utf-8")
    if footcited_keys(text) - {key} or BIBLIOGRAPHY_DIRECTIVE.search(text):
        return
    bibfiles = {os.fspath(path) for path in env.get_domain("cite").bibdata.bibfiles}  # type: ignore[attr-defined]
    noted = env.dependencies.get(env.docname, set())
    noted -= {path for path in noted if os.fspath(path) in bibfiles}
