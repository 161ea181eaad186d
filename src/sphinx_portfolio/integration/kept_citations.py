"""Formatted citations kept between builds, clean ones too.

Every paper page cites its own entry (``{footcite}``), and sphinxcontrib-bibtex has the
portfolio's pybtex style format it: about a millisecond and a half an entry, most of a page's
reading after the Markdown itself. The formatting is a function of the entry, its label, the
style's words in the site's language and the code: :class:`CitationMemo` keeps each result
under a digest of exactly those, so a result is used only where formatting would make the
same one. It is a memo, like ``functools.cache``: one per process, shared by every build in
it, because pybtex makes the style (which asks it) without any access to the build.

The extension keeps it in the cache folder (``portfolio_cache_dir``) between builds. Pages read
in other processes (``-j``) send what they formatted back with the environment: each page's
new results are per-document state until the main process takes them.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pybtex
from docutils import nodes
from pybtex.database import Entry
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.output import atomic_write
from ..core.record_cache import read_kept
from .code_stamp import code_stamp
from .state import state

#: the file in the cache folder
FILE_NAME = "citations.pickle"

#: a result, pickled (read only when used), and the key and label of the entry it formats
Kept = tuple[bytes, str, str]


def entry_digest(context: tuple[object, ...], label: str, entry: Entry) -> str:
    """A digest of everything formatting *entry* reads: its key, type, fields and names' parts."""
    persons = [
        (role, [(p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names) for p in people])
        for role, people in entry.persons.items()
    ]
    made_of = (context, label, entry.key, entry.type, list(entry.fields.items()), persons)
    return hashlib.sha1(repr(made_of).encode()).hexdigest()


class CitationMemo:
    """Formatted entries by digest: those read from the cache folder, and those made since."""

    def __init__(self) -> None:
        self.kept: dict[str, Kept] = {}
        self.made: dict[str, Kept] = {}  # made in this process since a page last took them
        self.unsaved: dict[str, Kept] = {}  # made in this build, in any process

    def formatted(self, context: tuple[object, ...], label: str, entry: Entry, make: Callable[[], Any]) -> Any:
        """What *make* returns for *entry*, or what it returned for the same inputs before."""
        digest = entry_digest((code_stamp(), pybtex.__version__, *context), label, entry)
        found = self.kept.get(digest)
        if found is not None:
            return pickle.loads(found[0])
        result = make()
        kept = (pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), entry.key, label)
        self.kept[digest] = self.made[digest] = kept
        return result

    def take_made(self) -> dict[str, Kept]:
        made, self.made = self.made, {}
        return made

    def read(self, path: Path) -> None:
        self.kept.update(read_kept(path))

    def save(self, path: Path, made: dict[str, Kept], keys: Iterable[str]) -> None:
        """Writes the newest result for each entry of refs.bib and label: earlier ones are of older entries."""
        current = set(keys)
        kept = read_kept(path)
        newest: dict[tuple[str, str], str] = {}
        for digest, (_result, key, label) in [*kept.items(), *made.items()]:
            if key in current:
                newest[key, label] = digest
        every = {**kept, **made}
        saved = pickle.dumps({d: every[d] for d in newest.values()}, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(path, saved, durable=False)


#: the process's memo (see the module's description)
MEMO = CitationMemo()


def cache_file(app: Sphinx) -> Path | None:
    folder = app.config.portfolio_cache_dir
    return Path(app.srcdir, folder, FILE_NAME) if folder else None


def read_kept_citations(app: Sphinx) -> None:
    """``builder-inited``: what earlier builds formatted."""
    path = cache_file(app)
    if path is not None:
        MEMO.read(path)


def page_took_citations(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: what reading the page formatted goes with the page's state, back to the main process."""
    made = MEMO.take_made()
    if made:
        state(app.env).citations_made[app.env.docname] = made


def citations_from_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: what reading formatted, from every process; the environment keeps none of it."""
    current = state(env)
    for made in current.citations_made.values():
        MEMO.unsaved.update(made)
    current.citations_made = {}


def save_kept_citations(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: what this build formatted, for the next one."""
    MEMO.unsaved.update(MEMO.take_made())
    path = cache_file(app)
    if exception is None and MEMO.unsaved and path is not None:
        entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
        MEMO.save(path, MEMO.unsaved, entries.keys())
    MEMO.unsaved = {}
