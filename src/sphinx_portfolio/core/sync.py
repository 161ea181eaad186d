"""Audit refs.bib against the researcher's arXiv listing, and add what it lacks.

``portfolio sync`` lists the papers of ``portfolio_arxiv_query`` (arxiv.py) and
reports, changing no file: the papers refs.bib lacks, those it has, entries the listing
holds more than once, and papers of refs.bib the listing lacks. With ``--add``, the new
papers are added as ``new-paper`` adds them (once each, however often they are listed),
and ``arxiv-listing.json`` records the listing, from which the statistics page says how
many of its papers the site has. :func:`audit` is pure; the tests call it directly.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import arxiv
from .abstracts import fill_abstracts
from .authoring import AuthoringError, add_papers, listed_bibtex
from .check import check_sources
from .output import atomic_write
from .records import ARXIV_VERSION, Paper, normalised_title, page_name
from .settings import Settings


@dataclass
class Audit:
    matched: list[tuple[arxiv.Listed, str, str]] = field(default_factory=list)  # entry, key, how
    new: list[arxiv.Listed] = field(default_factory=list)
    repeated: list[tuple[arxiv.Listed, int]] = field(default_factory=list)  # entry, times listed
    missing: list[Paper] = field(default_factory=list)  # in refs.bib, not on the listing

    @property
    def listed(self) -> int:
        """Papers on the listing, each counted once."""
        return len(self.matched) + len(self.new)


class PaperIndex:
    """refs.bib's papers by arXiv id, DOI and each of their titles, made once per audit."""

    def __init__(self, papers: dict[str, Paper]) -> None:
        self.by_id = {paper.arxiv_id: paper.key for paper in papers.values() if paper.arxiv_id}
        self.by_doi = {paper.doi.lower(): paper.key for paper in papers.values() if paper.doi}
        self.by_title: dict[str, tuple[str, str]] = {}
        for paper in papers.values():
            for other in paper.alt_titles:
                self.by_title.setdefault(normalised_title(other), (paper.key, "earlier title"))
        for paper in papers.values():  # a current title wins over an earlier one
            self.by_title[normalised_title(paper.title)] = (paper.key, "title")

    def match(self, entry: arxiv.Listed) -> tuple[str, str] | None:
        """(key, how) of the paper *entry* is, or None: by arXiv id, DOI, then any of its titles."""
        if key := self.by_id.get(ARXIV_VERSION.sub("", entry.arxiv_id)):
            return key, "arXiv id"
        if entry.doi and (key := self.by_doi.get(entry.doi.lower())):
            return key, "DOI"
        return self.by_title.get(normalised_title(entry.title))


def match(entry: arxiv.Listed, papers: dict[str, Paper]) -> tuple[str, str] | None:
    """(key, how) of the refs.bib paper *entry* is, or None."""
    return PaperIndex(papers).match(entry)


def audit(listing: list[arxiv.Listed], papers: dict[str, Paper]) -> Audit:
    """How the listing and refs.bib compare."""
    found = Audit()
    index = PaperIndex(papers)
    groups: dict[str, list[arxiv.Listed]] = {}  # one paper: the same id, or the same title under two ids
    group_of: dict[str, str] = {}  # arXiv id or normalised title -> its group
    for entry in listing:
        title = normalised_title(entry.title)
        group = group_of.get(entry.arxiv_id) or group_of.get(title) or entry.arxiv_id
        group_of.setdefault(entry.arxiv_id, group)
        group_of.setdefault(title, group)
        groups.setdefault(group, []).append(entry)
    keys = set()
    for entries in groups.values():
        entry = entries[0]
        if len(entries) > 1:
            found.repeated.append((entry, len(entries)))
        matched = next((hit for hit in map(index.match, entries) if hit), None)
        if matched:
            found.matched.append((entry, *matched))
            keys.add(matched[0])
        else:
            found.new.append(entry)
    found.missing = [paper for key, paper in papers.items() if key not in keys]
    return found


def report(result: Audit, query: str) -> str:
    lines = [f"arXiv listing for {query}: {result.listed} papers"]
    by: dict[str, int] = {}
    for _, _, how in result.matched:
        by[how] = by.get(how, 0) + 1
    how = ", ".join(f"by {name} {count}" for name, count in sorted(by.items()))
    lines.append(f"  in refs.bib: {len(result.matched)}" + (f" ({how})" if how else ""))
    for entry, key, how_matched in result.matched:
        if how_matched != "arXiv id":
            lines.append(f"    {entry.arxiv_id}  is {key} (same {how_matched}; add eprint = {{{entry.arxiv_id}}})")
    lines.append(f"  new on arXiv, not in refs.bib: {len(result.new)}")
    lines += [f"    {entry.arxiv_id}  {entry.title}" for entry in result.new]
    lines.append(f"  listed more than once: {len(result.repeated)}")
    lines += [f"    {entry.arxiv_id}  {entry.title} ({times} times)" for entry, times in result.repeated]
    lines.append(f"  in refs.bib, not on the listing: {len(result.missing)}")
    lines += [
        f"    {paper.key}  {paper.title}" + ("" if paper.arxiv_id else " (no arXiv id)") for paper in result.missing
    ]
    return "\n".join(lines)


def record_text(result: Audit, query: str) -> str:
    papers = [{"id": entry.arxiv_id, "title": entry.title} for entry in [m[0] for m in result.matched] + result.new]
    data = {"query": query, "papers": sorted(papers, key=lambda paper: paper["id"])}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def sync(
    srcdir: Path,
    settings: Settings,
    client: arxiv.Client,
    add: bool = False,
    page_size: int = 100,
    abstracts: bool = False,
) -> str:
    """Audit (with *add*, add the new papers; with *abstracts*, fill abstracts); return what to tell the researcher."""
    if not settings.arxiv_query.strip():
        raise AuthoringError(
            "conf.py: set portfolio_arxiv_query to the arXiv author query, e.g. 'au:\"Lovelace, Ada\"'"
        )
    found = check_sources(srcdir, settings)
    if found.findings:
        first = found.findings[0]
        raise AuthoringError(f"{first.path}:{first.line}: {first.message} (fix the sources first: nox -s check)")
    listing = client.search(settings.arxiv_query, page_size=page_size)
    result = audit(listing, found.papers)
    out = report(result, settings.arxiv_query)
    if add:
        out = add_new(srcdir, settings, result, out)
    if abstracts:
        out += "\n" + fill_abstracts(srcdir, settings, client, check_sources(srcdir, settings) if add else found)
    return out


def add_new(srcdir: Path, settings: Settings, result: Audit, out: str) -> str:
    """Add the papers the listing has and refs.bib lacks, and record the listing."""
    added: list[str] = []
    if result.new:
        with tempfile.TemporaryDirectory() as workdir:
            paths = []
            for index, entry in enumerate(result.new):
                path = Path(workdir) / f"arxiv-{index}.bib"
                path.write_text(listed_bibtex(entry), "utf-8")
                paths.append(str(path))
            added = add_papers(srcdir, paths, settings)
    atomic_write(srcdir / arxiv.RECORD, record_text(result, settings.arxiv_query))
    if not added:
        return out + "\nNothing to add."
    review = [f"\nAdded {len(added)} paper(s). Review each entry in {settings.bibfile} and its page:"]
    for key in added:
        review.append(
            f"  {key}: topics (guessed), venue and award once published, tldr; "
            f"{settings.papers_dir}/{page_name(key)}.md"
        )
    return out + "\n".join(review)
