"""sphinxcontrib-bibtex's parsed refs.bib, kept out of what parallel readers send back.

Opt-in (``portfolio_lean_parallel_reads``): it wraps sphinxcontrib-bibtex's ``BibData`` tuple,
which is not a documented extension point; tests/engine/test_upstream.py fails when its shape changes.

With ``-j``, Sphinx forks reader processes and each pickles its whole environment back to
the main process, which merges only the pages that reader read. sphinxcontrib-bibtex keeps
the parsed bibliography in that environment (``env.domaindata["cite"]["bibdata"]``) and
never merges it: the main process parsed it before forking. At 1,000 papers it is 2.8 MB
of pybtex objects per chunk of pages, two thirds of everything sent back.

So the parsed data is wrapped in :class:`MainProcessBibData`: pickled by the process that
parsed it (the saved environment) it is sphinxcontrib-bibtex's own ``BibData``, whole;
pickled by any other process (a parallel reader) it is the same record with no entries.
"""

from __future__ import annotations

import os
from typing import Any

from pybtex.database import BibliographyData
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.bibfile import BibData


class MainProcessBibData(BibData):
    """A ``BibData`` that only the process which parsed it pickles whole."""

    owner: int  # the id of the process that parsed the file

    def __reduce__(self) -> tuple[type[BibData], tuple[Any, ...]]:
        if os.getpid() == self.owner:
            return BibData, tuple(self)
        return BibData, (self.encoding, self.bibfiles, BibliographyData())


def share(bibdata: BibData) -> MainProcessBibData:
    shared = MainProcessBibData(*bibdata)
    shared.owner = os.getpid()
    return shared


def keep_parsed_bibliography_home(app: Sphinx) -> None:
    """``builder-inited``, after sphinxcontrib-bibtex has parsed refs.bib."""
    if not app.config.portfolio_lean_parallel_reads:
        return
    data = app.env.get_domain("cite").data
    data["bibdata"] = share(data["bibdata"])
