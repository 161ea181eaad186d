"""Add a paper or a news item in one command.

``python -m portfolio new-paper SOURCE...`` takes BibTeX files (as exported by arXiv,
Google Scholar, DBLP, OpenReview or a journal) or ``arXiv:YYMM.NNNNN`` ids. Each entry is
normalised to the conventions of refs.bib (key, field names, one spelling per person,
LaTeX accents), refused if the paper is already there, appended to refs.bib, and given a
page. ``python -m portfolio new-news TEXT --paper KEY [--date YYYY-MM]`` adds a news item.
Nothing is written unless the whole site still passes the check afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pybtex.database import Person

from . import latex
from .bibfile import BibSyntaxError, RawEntry, format_entry, read_bibfile
from .check import Settings, check_sources, given_names_compatible, load_settings, normalised_title
from .fields import STANDARD_FIELDS
from .records import Paper, folded_name, person_id, shown_name, split_names

ARXIV_API = "https://export.arxiv.org/api/query?id_list={id}"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
#: words skipped when the key takes the first word of the title
KEY_STOP_WORDS = frozenset("a an the on of in for to and how do does what why when towards toward is are".split())
#: the order fields are written in, as in refs.bib; site-only fields follow
FIELD_ORDER = (
    "title author booktitle journal series volume number pages publisher school institution howpublished note "
    "year month doi eprint archiveprefix primaryclass url"
).split()
#: fields of exports that are bookkeeping of the exporting site, not facts of the paper
DROPPED_FIELDS = frozenset("timestamp biburl bibsource keywords file urldate copyright issn isbn".split())
ACCENTS = {
    "\u0301": "'",
    "\u0300": "`",
    "\u0308": '"',
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
    "\u030c": "v",
    "\u0306": "u",
    "\u030b": "H",
    "\u0327": "c",
    "\u030a": "r",
    "\u0328": "k",
}
LETTERS = {
    "ø": "{\\o}",
    "Ø": "{\\O}",
    "ł": "{\\l}",
    "Ł": "{\\L}",
    "ß": "{\\ss}",
    "æ": "{\\ae}",
    "Æ": "{\\AE}",
    "œ": "{\\oe}",
    "å": "{\\aa}",
    "Å": "{\\AA}",
    "ı": "{\\i}",
}
ARXIV_IN_TEXT = re.compile(r"(?:arXiv:|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5})(?:v\d+)?", re.I)


class AuthoringError(Exception):
    """A problem that stops the command; nothing has been written."""


def to_latex(text: str) -> str:
    """Unicode text as BibTeX-safe LaTeX: accents as {\\"u}, specials escaped outside math."""
    parts = re.split(r"(\$[^$]*\$)", text)
    result = []
    for index, part in enumerate(parts):
        if index % 2:  # math, kept as it is
            result.append(part)
            continue
        part = re.sub(r"(?<!\\)([&%#_])", r"\\\1", part)
        out = []
        for char in part:
            if char in LETTERS:
                out.append(LETTERS[char])
                continue
            decomposed = unicodedata.normalize("NFD", char)
            if len(decomposed) == 2 and decomposed[1] in ACCENTS:
                command = ACCENTS[decomposed[1]]
                base = decomposed[0]
                out.append(f"{{\\{command}{base}}}" if not command.isalpha() else f"{{\\{command}{{{base}}}}}")
            else:
                out.append(char)
        result.append("".join(out))
    return " ".join("".join(result).split())


def person_latex(person: Person) -> str:
    """A name as 'von Last, Jr, First' (BibTeX's full form), written once."""
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    parts = [last, *person.lineage_names, first] if first else [last]
    return ", ".join(part for part in parts if part)


@dataclass
class Spellings:
    """Every person already in refs.bib, to write a new author the way they are written."""

    names: list[tuple[list[str], str, str]]  # (given names folded, folded last name, raw name)

    @classmethod
    def of(cls, entries: dict[str, RawEntry]) -> Spellings:
        found, seen = [], set()
        for entry in entries.values():
            for raw in split_names(entry.get("author") or ""):
                if raw in seen:
                    continue
                seen.add(raw)
                given, last = folded_name(Person(raw))
                found.append((given, last, raw))
        return cls(found)

    def spelling(self, raw: str) -> str:
        given, last = folded_name(Person(raw))
        for known_given, known_last, known_raw in self.names:
            if known_last == last and given and known_given and given_names_compatible(given, known_given):
                return known_raw
        return person_latex(Person(to_latex(latex.to_plain(raw))))


def make_key(first_author: str, year: str, title: str) -> str:
    """The refs.bib convention: first author's last name, year, first word of the title."""
    person = Person(first_author)
    last = person_id(latex.to_plain(" ".join(person.last_names) if person.last_names else first_author))
    words = [re.sub(r"[^a-z0-9]", "", person_id(word).replace(" ", "")) for word in latex.to_plain(title).split()]
    word = next((w for w in words if w and w not in KEY_STOP_WORDS), "paper")
    return f"{last.replace(' ', '')}{year}{word}"


def normalise(entry: RawEntry, spellings: Spellings, known: dict[str, Paper]) -> tuple[str, str, list[tuple[str, str]]]:
    """(entry type, key, fields) of an exported entry in the conventions of refs.bib."""
    fields = {name: value.value for name, value in entry.fields.items() if name not in DROPPED_FIELDS}
    entry_type = {"conference": "inproceedings"}.get(entry.entry_type, entry.entry_type)
    # arXiv as a journal (Google Scholar) or a URL (DBLP, OpenReview): an e-print
    for name in ("journal", "url", "note", "howpublished"):
        found = ARXIV_IN_TEXT.search(fields.get(name, ""))
        if found:
            fields.setdefault("eprint", found.group(1))
            if name == "journal" or (name == "url" and "arxiv.org" in fields[name]) or name in ("note", "howpublished"):
                del fields[name]
    if "eprint" in fields:
        fields["eprint"] = re.sub(r"^arXiv:|v\d+$", "", fields["eprint"], flags=re.I)
        fields["archiveprefix"] = "arXiv"
        if entry_type == "article" and "journal" not in fields:
            entry_type = "misc"
    if "doi" in fields:
        fields["doi"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", fields["doi"], flags=re.I)
    if "abstract" in fields:
        fields["abstract_opening"] = fields.pop("abstract")
    for name in ("title", "booktitle", "journal", "abstract_opening", "publisher"):
        if name in fields:
            fields[name] = to_latex(latex.to_plain(fields[name])) if _has_unicode(fields[name]) else fields[name]
            fields[name] = re.sub(r"^\{(.*)\}$", r"\1", fields[name]) if _single_group(fields[name]) else fields[name]
    authors = [spellings.spelling(name) for name in split_names(fields.get("author", ""))]
    fields["author"] = " and ".join(authors)
    fields.setdefault("topics", ", ".join(guess_topics(authors, known)))
    key = make_key(authors[0] if authors else "anonymous", fields.get("year", ""), fields.get("title", ""))
    order = [name for name in FIELD_ORDER if name in fields]
    order += [name for name in fields if name not in order and name in STANDARD_FIELDS]
    order += [name for name in fields if name not in order]
    return entry_type, key, [(name, fields[name]) for name in order]


def _has_unicode(text: str) -> bool:
    return any(ord(char) > 127 for char in text)


def _single_group(text: str) -> bool:
    """'{Title}' fully wrapped in one group (a case-protection habit of exports)."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def guess_topics(authors: list[str], known: dict[str, Paper]) -> list[str]:
    """The topics most common among papers with the same co-authors (else overall)."""
    names = {person_id(shown_name(Person(raw))) for raw in authors}
    shared = Counter(
        slug
        for paper in known.values()
        if names & {a.person for a in paper.authors if not a.is_self}
        for slug in paper.topics
    )
    overall = Counter(slug for paper in known.values() for slug in paper.topics)
    return [slug for slug, _ in (shared or overall).most_common(1)]


def duplicate_of(fields: dict[str, str], known: dict[str, Paper]) -> str | None:
    """Why this is a paper refs.bib has already (same arXiv id, DOI or title), or None."""
    title = normalised_title(latex.to_plain(fields.get("title", "")))
    for paper in known.values():
        if fields.get("eprint") and paper.eprint == fields["eprint"]:
            return f"'{paper.key}' has the same arXiv id {paper.eprint}"
        if fields.get("doi") and paper.doi and paper.doi.lower() == fields["doi"].lower():
            return f"'{paper.key}' has the same DOI {paper.doi}"
        if title and title in {normalised_title(t) for t in (paper.title, *paper.alt_titles)}:
            return f"'{paper.key}' has the same title"
    return None


def unused_key(key: str, known: dict[str, Paper]) -> str:
    """A different paper with the same key gets a letter: park2024emergence, park2024emergenceb."""
    for suffix in ["", *"bcdefghijklmnopqrstuvwxyz"]:
        if key + suffix not in known:
            return key + suffix
    raise AuthoringError(f"no free key like '{key}'")


def from_arxiv(identifier: str) -> str:
    """A BibTeX entry made from the arXiv API's record of *identifier*."""
    url = os.environ.get("PORTFOLIO_ARXIV_API", ARXIV_API).format(id=identifier)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            feed = ET.fromstring(response.read())
    except (OSError, ET.ParseError) as exc:
        raise AuthoringError(f"arXiv:{identifier}: the arXiv API could not be read ({exc})") from None
    entry = feed.find(f"{ATOM}entry")
    if entry is None or entry.find(f"{ATOM}title") is None:
        raise AuthoringError(f"arXiv:{identifier}: no such paper on arXiv")

    def text(tag: str) -> str:
        found = entry.find(tag)
        return " ".join((found.text or "").split()) if found is not None else ""

    authors = [" ".join((name.text or "").split()) for name in entry.iter(f"{ATOM}name")]
    fields = [
        ("title", to_latex(text(f"{ATOM}title"))),
        ("author", " and ".join(person_latex(Person(to_latex(name))) for name in authors)),
        ("year", text(f"{ATOM}published")[:4]),
        ("eprint", identifier),
        ("archiveprefix", "arXiv"),
    ]
    category = entry.find(f"{ARXIV}primary_category")
    if category is not None:
        fields.append(("primaryclass", category.get("term", "")))
    if text(f"{ARXIV}doi"):
        fields.append(("doi", text(f"{ARXIV}doi")))
    fields.append(("abstract", to_latex(text(f"{ATOM}summary"))))
    return format_entry("misc", f"arxiv{identifier}", fields)


def read_sources(sources: list[str], workdir: Path) -> list[RawEntry]:
    entries = []
    for index, source in enumerate(sources):
        if source.lower().startswith("arxiv:"):
            identifier = source.split(":", 1)[1].strip()
            path = workdir / f"arxiv-{index}.bib"
            path.write_text(from_arxiv(identifier), "utf-8")
            shown = source
        else:
            path, shown = Path(source), source
        try:
            found = read_bibfile(path, shown).entries
        except BibSyntaxError as exc:
            raise AuthoringError(str(exc)) from None
        except OSError as exc:
            raise AuthoringError(f"{shown}: cannot be read ({exc.strerror})") from None
        if not found:
            raise AuthoringError(f"{shown}: no BibTeX entry in it")
        entries += found
    return entries


def add_papers(srcdir: Path, sources: list[str], settings: Settings | None = None) -> list[str]:
    """Add every entry of *sources*; return the new keys. Writes nothing on any problem."""
    import tempfile

    settings = settings or load_settings(srcdir)
    before = check_sources(srcdir, settings)
    if before.findings:
        raise AuthoringError("the site has problems to fix first:\n" + "\n".join(map(str, before.findings)))
    spellings = Spellings.of(before.entries)
    known = dict(before.papers)
    bib = srcdir / settings.bibfile
    original = bib.read_text("utf-8")
    additions, pages = [], []
    with tempfile.TemporaryDirectory() as workdir:
        for entry in read_sources(sources, Path(workdir)):
            entry_type, key, fields = normalise(entry, spellings, known)
            reason = duplicate_of(dict(fields), known)
            if reason:
                raise AuthoringError(f"{entry.key}: already in {settings.bibfile}: {reason}; nothing was changed")
            key = unused_key(key, known)
            additions.append(format_entry(entry_type, key, fields))
            pages.append(srcdir / settings.papers_dir / f"{key}.md")
            new = read_bibfile_text(format_entry(entry_type, key, fields), workdir)
            from .records import build_paper

            paper, _ = build_paper(new, self_name=settings.self_name)
            if paper is not None:
                known[key] = paper
    try:
        bib.write_text(original.rstrip("\n") + "\n\n" + "\n".join(additions), "utf-8")
        for page in pages:
            page.write_text(f"---\npaper: {page.stem}\n---\n", "utf-8")
        after = check_sources(srcdir, settings)
        if after.findings:
            raise AuthoringError("the new entries do not pass the check:\n" + "\n".join(map(str, after.findings)))
    except BaseException:
        bib.write_text(original, "utf-8")
        for page in pages:
            page.unlink(missing_ok=True)
        raise
    return [page.stem for page in pages]


def read_bibfile_text(text: str, workdir: str) -> RawEntry:
    path = Path(workdir) / "new.bib"
    path.write_text(text, "utf-8")
    return read_bibfile(path).entries[0]


def add_news(srcdir: Path, text: str, key: str, when: str | None = None, settings: Settings | None = None) -> Path:
    settings = settings or load_settings(srcdir)
    found = check_sources(srcdir, settings)
    if key not in found.entries:
        raise AuthoringError(f"no paper '{key}' in {settings.bibfile}; nothing was changed")
    when = when or date.today().strftime("%Y-%m")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])(-\d{2})?", when):
        raise AuthoringError(f"date '{when}' must be YYYY-MM or YYYY-MM-DD; nothing was changed")
    text = " ".join(text.split())
    if not text:
        raise AuthoringError("the news text is empty; nothing was changed")
    target = srcdir / settings.news_dir / f"{when}-{key}.md"
    if target.exists():
        raise AuthoringError(f"{target.relative_to(srcdir)} exists already; nothing was changed")
    target.write_text(f"---\ndate: {when}\n---\n\n# {text}\n\nPaper: {{paper}}`{key}`\n", "utf-8")
    return target


def main_new_paper(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="new-paper", description="Add papers to refs.bib and give each a page.")
    parser.add_argument("sources", nargs="+", help="BibTeX files, or arXiv:YYMM.NNNNN")
    parser.add_argument("--srcdir", default=".", type=Path)
    args = parser.parse_args(argv)
    try:
        keys = add_papers(args.srcdir, args.sources)
    except AuthoringError as exc:
        print(f"new-paper: {exc}", file=sys.stderr)
        return 1
    settings = load_settings(args.srcdir)
    for key in keys:
        print(f"added {key}: {settings.bibfile} and {settings.papers_dir}/{key}.md")
    print(
        "\nNext, in refs.bib:\n"
        "- check 'topics' (guessed from the co-authors' papers) and the venue;\n"
        "- add 'tldr', 'code', 'award', 'equal_contribution' or 'selected = {true}' where they apply.\n"
        "Then preview with `nox -s serve`, or build with `nox -s build`."
    )
    return 0


def main_new_news(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="new-news", description="Add a news item about a paper.")
    parser.add_argument("text")
    parser.add_argument("--paper", required=True, help="the paper's BibTeX key")
    parser.add_argument("--date", help="YYYY-MM (default: this month)")
    parser.add_argument("--srcdir", default=".", type=Path)
    args = parser.parse_args(argv)
    try:
        target = add_news(args.srcdir, args.text, args.paper, args.date)
    except AuthoringError as exc:
        print(f"new-news: {exc}", file=sys.stderr)
        return 1
    print(f"added {target.relative_to(args.srcdir)}")
    return 0
