"""The files readers download: each paper's citation in three formats, the whole list, its PDF.

What they hold is made here; ``integration/files.py`` writes them where a build puts them.

Beside each paper page: ``<key>.bib``, ``<key>.json`` (CSL-JSON), ``<key>.ris`` and, when
refs.bib names one, ``<key>.pdf``. Beside the publications page: every paper in each format.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from ..core import citations
from ..core.records import Paper


#: the formats, by file suffix: (what readers call it, how a list of papers is written)
def bibtex(papers: list[Paper]) -> str:
    return "\n".join(citations.bibtex(paper) for paper in papers)


FORMATS: dict[str, tuple[str, Callable[[list[Paper]], str]]] = {
    ".bib": ("BibTeX", bibtex),
    ".json": ("CSL-JSON", citations.csl_json),
    ".ris": ("RIS", citations.ris),
}


#: how the files of one paper each are joined into the file of many: (start, between, end, ...)
JOINS = {".bib": ("", "\n", ""), ".json": ("[\n", ",\n", "\n]\n"), ".ris": ("", "\n", "")}


def joined(suffix: str, texts: list[str]) -> str:
    """The list file of *suffix* made of the papers' own files, as its writer makes it of the papers.

    A paper's CSL-JSON file is a list of one item, indented as an item of a longer list is,
    so the items are taken out of their lists and put in one.
    """
    if suffix == ".json":
        if not texts:
            return citations.csl_json([])
        texts = [text.removeprefix("[\n").removesuffix("\n]\n") for text in texts]
    start, between, end = JOINS[suffix]
    return start + between.join(texts) + end


@functools.lru_cache(maxsize=4096)
def paper_files(paper: Paper) -> dict[str, str]:
    """File name -> content of one paper's downloads (memoised: the Cite tabs and the files show the same)."""
    return {f"{paper.slug}{suffix}": write([paper]) for suffix, (_name, write) in FORMATS.items()}
