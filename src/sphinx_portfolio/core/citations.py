"""What readers' tools read: a paper as BibTeX, CSL-JSON, RIS and an OpenURL ContextObject.

Pure functions of the paper record (no Sphinx), so the downloads, the Cite section, the
COinS spans on lists and the tests all agree. Each format is written the way the clients
that read it expect: BibTeX for ``bibtex``/``biber`` with the standard styles, CSL-JSON by
the CSL-JSON schema, RIS as Zotero's RIS translator reads it, and the ContextObject
(Z39.88-2004, KEV) as Zotero's COinS translator reads it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin

from .bibfile import format_entry

if TYPE_CHECKING:
    from .records import Paper

#: a word whose capitals after the first letter BibTeX styles would lowercase (SAEs, BatchNorm)
INNER_CAPITAL = re.compile(r"^\W*\w[^A-Z]*[A-Z]")
PAGE_RANGE = re.compile(r"^\s*([^-–—\s]+)\s*(?:-+|–|—)\s*([^-–—\s]+)\s*$")

#: the kinds of item readers' tools know, by what :func:`item_kind` calls them: the CSL type,
#: the RIS type, and the OpenURL format and genre (Z39.88-2004 KEV matrices)
CSL_TYPE = {
    "conference": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",  # CSL 1.0.2 has no preprint type; Zotero writes its preprints as "article" too
    "thesis": "thesis",
    "report": "report",
    "chapter": "chapter",
    "book": "book",
}
RIS_TYPE = {
    "conference": "CONF",
    "journal": "JOUR",
    "preprint": "UNPB",
    "thesis": "THES",
    "report": "RPRT",
    "chapter": "CHAP",
    "book": "BOOK",
}
KEV_FORMAT = {
    "conference": ("book", "proceeding"),
    "journal": ("journal", "article"),
    "preprint": ("journal", "preprint"),
    "thesis": ("dissertation", None),
    "report": ("book", "report"),
    "chapter": ("book", "bookitem"),
    "book": ("book", "book"),
}
#: the degree of a thesis, by entry type
DEGREE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}


#: the kinds whose venue field names who made them (a school, an institution, a publisher), not what holds them
PUBLISHED_BY_VENUE = ("thesis", "report", "book")


def container(paper: Paper, kind: str) -> str | None:
    """The proceedings, journal or book that holds the paper, if any."""
    return paper.venue.name if paper.venue and kind not in PUBLISHED_BY_VENUE else None


def publisher(paper: Paper, kind: str) -> str | None:
    """Who made the item known: a thesis's school, a report's institution, a book's or chapter's publisher."""
    if kind in PUBLISHED_BY_VENUE:
        return paper.venue.name if paper.venue else None
    return paper.publisher if kind == "chapter" else None


def degree(paper: Paper, kind: str) -> str | None:
    return DEGREE.get(paper.entry_type) if kind == "thesis" else None


def item_kind(paper: Paper) -> str:
    """What the paper is to a reference manager: conference, journal, preprint, thesis, report, chapter or book."""
    if paper.venue_type == "workshop":
        return "conference"
    if paper.venue_type == "book":
        return "book" if paper.entry_type == "book" else "chapter"
    return paper.venue_type


def protect_capitals(title: str) -> str:
    """*title* (LaTeX) with each word that has a capital after its first letter in braces.

    BibTeX styles lowercase titles (``change.case$``) except what is braced; words already
    braced, commands and math are left as they are.
    """
    out, depth, start = [], 0, 0
    words: list[tuple[int, int]] = []  # top-level words outside braces: (start, end)
    for index, char in enumerate(title + " "):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char.isspace() and depth == 0:
            if index > start:
                words.append((start, index))
            start = index + 1
    last = 0
    for begin, end in words:
        word = title[begin:end]
        out.append(title[last:begin])
        plain = not any(char in word for char in "{}\\$")
        out.append(f"{{{word}}}" if plain and INNER_CAPITAL.match(word) else word)
        last = end
    out.append(title[last:])
    return "".join(out)


def page_range(pages: str | None) -> tuple[str | None, str | None]:
    """(first, last) page of a BibTeX ``pages`` value (``12--34``, ``12-34``, ``e1234``)."""
    if not pages:
        return None, None
    found = PAGE_RANGE.match(pages)
    return (found.group(1), found.group(2)) if found else (pages.strip(), None)


def pdf_address(paper: Paper, page_url: str) -> str | None:
    """The paper's PDF: the site's copy beside its page (*page_url*), else the one elsewhere."""
    return urljoin(page_url, f"{paper.slug}.pdf") if paper.pdf else paper.pdf_url


def locator(paper: Paper) -> str | None:
    """The address a reference list prints: the DOI, else the arXiv page, else the paper's URL."""
    return paper.doi_url or paper.arxiv_url or paper.url


def bibtex(paper: Paper) -> str:
    """The entry readers copy: refs.bib's standard fields, made to print well everywhere.

    Titles keep their capitals; every entry has a ``url``; a preprint names its arXiv id in
    ``howpublished`` (``@misc``) or ``note`` (``@unpublished``), which every standard style
    prints, as well as in ``eprint``, which natbib and biblatex styles print.
    """
    names = {name for name, _ in paper.standard_fields}
    out = [(name, protect_capitals(value) if name == "title" else value) for name, value in paper.standard_fields]
    if paper.eprint and paper.venue is None:
        where = {"misc": "howpublished", "unpublished": "note"}.get(paper.entry_type)
        if where and where not in names:
            out.append((where, f"arXiv preprint arXiv:{paper.eprint}"))
        if "archiveprefix" not in names:
            out.append(("archiveprefix", "arXiv"))
        if "eprint" not in names:
            out.append(("eprint", paper.eprint))
    address = locator(paper)
    if "url" not in names and address:
        out.append(("url", address))
    return format_entry(paper.entry_type, paper.key, out)


def csl_item(paper: Paper) -> dict[str, Any]:
    """The paper as one CSL-JSON item (the CSL-JSON schema's ``items``)."""
    kind = item_kind(paper)
    item: dict[str, Any] = {
        "id": paper.key,
        "type": CSL_TYPE[kind],
        "title": paper.title,
        "author": [{"family": author.family, "given": author.given} for author in paper.authors],
        "issued": {"date-parts": [[paper.year]]},
    }
    if where := container(paper, kind):
        item["container-title"] = where
        if kind == "conference":
            item["event-title"] = where
    if who := publisher(paper, kind):
        item["publisher"] = who
    elif paper.venue is None and paper.eprint:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{paper.eprint}"
    if level := degree(paper, kind):
        item["genre"] = level
    number = "number" if kind == "report" else "issue"  # a report's number is its own, not an issue's
    for name, value in (("volume", paper.volume), (number, paper.issue), ("page", paper.pages)):
        if value:
            item[name] = value
    if paper.doi:
        item["DOI"] = paper.doi
    if address := (paper.arxiv_url if paper.eprint else paper.url) or locator(paper):
        item["URL"] = address
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def csl_json(papers: list[Paper]) -> str:
    return json.dumps([csl_item(paper) for paper in papers], ensure_ascii=False, indent=2) + "\n"


def ris_record(paper: Paper) -> list[tuple[str, str]]:
    """The paper as RIS tags, in the order Zotero writes them."""
    kind = item_kind(paper)
    tags = [("TY", RIS_TYPE[kind]), ("TI", paper.title)]
    tags += [("AU", f"{author.family}, {author.given}" if author.given else author.family) for author in paper.authors]
    if where := container(paper, kind):
        tags.append(("T2", where))
    if who := publisher(paper, kind):
        tags.append(("PB", who))
    elif paper.venue is None and paper.eprint:
        tags += [("PB", "arXiv"), ("M1", f"arXiv:{paper.eprint}")]
    if level := degree(paper, kind):
        tags.append(("M3", level))
    tags.append(("PY", str(paper.year)))
    first, last = page_range(paper.pages)
    for tag, value in (("VL", paper.volume), ("IS", paper.issue), ("SP", first), ("EP", last), ("DO", paper.doi)):
        if value:
            tags.append((tag, value))
    for address in dict.fromkeys(url for url in (paper.arxiv_url, paper.doi_url, paper.url) if url):
        tags.append(("UR", address))
    if paper.abstract:
        tags.append(("AB", paper.abstract))
    tags.append(("ER", ""))
    return tags


def ris(papers: list[Paper]) -> str:
    """RIS records, one blank line between them (``TAG  - value``; values on one line)."""
    records = []
    for paper in papers:
        lines = [
            f"{tag}  - {' '.join(value.split())}".rstrip() if tag != "ER" else "ER  - "
            for tag, value in ris_record(paper)
        ]
        records.append("\n".join(lines) + "\n")
    return "\n".join(records)


def context_object(paper: Paper, page_url: str) -> str:
    """The paper as an OpenURL ContextObject in KEV form: the ``title`` of a COinS span.

    Each kind of item in its own format and genre; a preprint as the journal format's
    "preprint", and ``rft.type`` (after the title, which Zotero reads only before it) says
    "preprint" to Zotero, whose OpenURL reader knows no preprint genre.
    """
    kind = item_kind(paper)
    fmt, genre = KEV_FORMAT[kind]
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}")]
    if genre:
        pairs.append(("rft.genre", genre))
    title_key = {"thesis": "rft.title", "report": "rft.btitle", "book": "rft.btitle"}.get(kind, "rft.atitle")
    pairs.append((title_key, paper.title))
    pairs += kev_venue(paper, kind)
    pairs.append(("rft.date", str(paper.year)))
    if paper.authors and paper.authors[0].given:  # the first author's parts, then every author whole
        first = paper.authors[0]
        pairs += [("rft.aulast", first.family), ("rft.aufirst", first.given)]
    pairs += [
        ("rft.au", f"{author.family}, {author.given}" if author.given else author.family) for author in paper.authors
    ]
    first_page, last_page = page_range(paper.pages)
    for name, value in (("volume", paper.volume), ("issue", paper.issue), ("spage", first_page), ("epage", last_page)):
        if value and not (name == "issue" and kind == "report"):
            pairs.append((f"rft.{name}", value))
    if paper.doi:
        pairs.append(("rft_id", f"info:doi/{paper.doi}"))
    if paper.arxiv_id:
        pairs.append(("rft_id", f"info:arxiv/{paper.arxiv_id}"))
    pairs.append(("rft_id", page_url))
    if kind == "preprint" and paper.arxiv_url:  # the last address is the item's URL: arXiv's page names the id
        pairs.append(("rft_id", paper.arxiv_url))
    return urlencode(pairs)


def kev_venue(paper: Paper, kind: str) -> list[tuple[str, str]]:
    """Where the paper appeared, in the keys of its format."""
    if kind == "preprint":
        return [("rft.type", "preprint"), ("rft.pub", "arXiv")] if paper.eprint else [("rft.type", "preprint")]
    pairs = []
    if where := container(paper, kind):
        pairs.append(("rft.jtitle" if kind == "journal" else "rft.btitle", where))
    if who := publisher(paper, kind):
        pairs.append(("rft.inst" if kind == "thesis" else "rft.pub", who))
    if level := degree(paper, kind):
        pairs.append(("rft.degree", level))
    return pairs
