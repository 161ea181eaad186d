"""Add a paper or a news item in one command.

``portfolio new-paper SOURCE...`` takes BibTeX files (as exported by arXiv,
Google Scholar, DBLP, OpenReview or a journal) or ``arXiv:YYMM.NNNNN`` ids. Each entry is
normalised to the conventions of refs.bib (key, field names, one spelling per person,
LaTeX accents), refused if the paper is already there, appended to refs.bib, and given a
page. ``portfolio new-news TEXT --paper KEY [--date YYYY-MM]`` adds a news item.
Nothing is written unless the whole site still passes the check afterwards.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from pybtex.database import Person

from . import arxiv, latex
from .bibfile import BibSyntaxError, RawEntry, format_entry, read_bibfile
from .check import (
    CONTAINER_TYPES,
    Finding,
    Sources,
    check_sources,
    crossref_targets,
    front_matter,
    given_names_compatible,
    news_date_problem,
    with_inherited_fields,
)
from .fields import STANDARD_FIELDS, TEXT_FIELDS
from .output import atomic_write
from .records import (
    ARXIV_VERSION,
    BIBLATEX_FIELDS,
    HTML_ENTITY,
    HTML_TAG,
    Paper,
    arxiv_as_journal,
    folded_name,
    normalised_title,
    page_name,
    person_id,
    shown_name,
    split_names,
)
from .redirects import REDIRECTS
from .settings import Settings
from .sources import footcited_keys

#: words skipped when the key takes the first word of the title
KEY_STOP_WORDS = frozenset("a an the on of in for to and how do does what why when towards toward is are".split())
#: the order fields are written in, as in refs.bib; site-only fields follow
FIELD_ORDER = (
    "title author booktitle journal series volume number pages publisher school institution howpublished note "
    "year month doi eprint archiveprefix primaryclass url"
).split()
#: fields of exports that are bookkeeping of the exporting site, not facts of the paper
DROPPED_FIELDS = frozenset(
    # ACM's export adds numpages (the page range says it) and location (the event's, not the publisher's)
    "timestamp biburl bibsource keywords file urldate copyright issn isbn numpages location shortjournal".split()
)
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


#: a formula, ``$...$``: kept as it is written
MATH_SPAN = re.compile(r"(\$[^$]*\$)")


def outside_math(text: str, change: Callable[[str], str]) -> str:
    """*text* with *change* made to every part outside ``$...$``."""
    return "".join(part if index % 2 else change(part) for index, part in enumerate(MATH_SPAN.split(text)))


def escaped_specials(text: str) -> str:
    """*text* with its bare ``&%#_`` escaped (LaTeX reads them as markup)."""
    return latex.escape_bare(text, "&%#_")


def escaped_outside_math(text: str) -> str:
    """*text* with its bare ``&%#_`` escaped, except inside ``$...$``."""
    return outside_math(text, escaped_specials)


def letters_as_latex(text: str) -> str:
    """Accented and special letters as LaTeX: ü as {\\"u}, ø as {\\o}."""
    out = []
    for char in text:
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
    return "".join(out)


def to_latex(text: str) -> str:
    """Unicode text as BibTeX-safe LaTeX: accents as {\\"u}, specials escaped outside math."""
    return " ".join(outside_math(text, lambda part: letters_as_latex(escaped_specials(part))).split())


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
        return written_name(raw)


def written_name(raw: str) -> str:
    """How refs.bib writes a person it has not met yet: "Last, First", accents as LaTeX."""
    return person_latex(Person(to_latex(latex.to_plain(raw))))


def people_named(typed: str, names: Sequence[str]) -> list[str]:
    """The names of *names* that may be the person *typed* ("Ada Lovelace" for "Lovelace, Augusta Ada").

    The last names must agree (accents, case and dots aside); every given name typed must stand,
    in order, among the written given names, whole or as an initial.
    """
    given, last = folded_name(Person(typed))
    found = []
    for raw in names:
        known_given, known_last = folded_name(Person(raw))
        if known_last == last and (_within(given, known_given) or _within(known_given, given)):
            found.append(raw)
    return found


def _within(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(any(given_names_compatible([name], [other]) for other in rest) for name in short)


def make_key(first_author: str, year: str, title: str) -> str:
    """The refs.bib convention: first author's last name, year, first word of the title."""
    person = Person(first_author)
    last = person_id(latex.to_plain(" ".join(person.last_names) if person.last_names else first_author))
    words = [re.sub(r"[^a-z0-9]", "", person_id(word)) for word in latex.to_plain(title).split()]
    word = next((w for w in words if w and w not in KEY_STOP_WORDS), "paper")
    return f"{re.sub(r'[^a-z]', '', last)}{year}{word}"  # keys in ASCII: every tool reads them


def normalise(
    entry: RawEntry, spellings: Spellings, known: dict[str, Paper], site_topics: Sequence[str] = ()
) -> tuple[str, str, list[tuple[str, str]]]:
    """(entry type, key, fields) of an exported entry in the conventions of refs.bib."""
    fields = {
        name: value.value
        for name, value in entry.fields.items()
        if name not in DROPPED_FIELDS and value.value.strip()  # IEEE's export leaves volume={} and number={}
    }
    entry_type = {"conference": "inproceedings"}.get(entry.entry_type, entry.entry_type)
    # biblatex's names, as BibTeX writes them: pybtex's styles and the site read BibTeX's
    for biblatex, bibtex in BIBLATEX_FIELDS.items():
        if biblatex in fields:
            value = fields.pop(biblatex)
            if biblatex == "date":
                value = value[:4] if re.match(r"\d{4}(-\d\d){0,2}$", value.strip()) else value
            fields.setdefault(bibtex, value.strip())
    # arXiv as a journal (Google Scholar's, DBLP's CoRR, Semantic Scholar's ArXiv): an e-print
    if identifier := arxiv_as_journal(entry_type, fields.get("journal", ""), fields.get("volume", "")):
        fields.setdefault("eprint", identifier)
        fields.pop("journal", None)
        if fields.get("volume", "").strip().startswith("abs/"):
            del fields["volume"]
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
    for name in TEXT_FIELDS:
        if name in fields and (HTML_TAG.search(fields[name]) or HTML_ENTITY.search(fields[name])):
            fields[name] = html_to_latex(fields[name])
    for name in ("title", "booktitle", "journal", "abstract", "publisher"):
        if name in fields:
            # pasted text: its '%', '&', '#' and '_' are characters, written escaped rather than refused
            value = fields[name]
            fields[name] = to_latex(latex.to_plain(value)) if _has_unicode(value) else escaped_outside_math(value)
            fields[name] = re.sub(r"^\{(.*)\}$", r"\1", fields[name]) if _single_group(fields[name]) else fields[name]
    authors = [spellings.spelling(name) for name in split_names(fields.get("author", ""))]
    fields["author"] = " and ".join(authors)
    fields.setdefault("topics", ", ".join(guess_topics(authors, known, site_topics)))
    key = make_key(authors[0] if authors else "anonymous", fields.get("year", ""), fields.get("title", ""))
    order = [name for name in FIELD_ORDER if name in fields]
    order += [name for name in fields if name not in order and name in STANDARD_FIELDS]
    order += [name for name in fields if name not in order]
    return entry_type, key, [(name, fields[name]) for name in order]


#: HTML elements of publishers' abstracts and titles, and the LaTeX each becomes
HTML_MARKUP = {
    "i": "\\emph{",
    "em": "\\emph{",
    "b": "\\textbf{",
    "strong": "\\textbf{",
    "sub": "\\textsubscript{",
    "sup": "\\textsuperscript{",
}


class _HTMLToLaTeX(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        self.out.append(HTML_MARKUP.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open:
                closed = self.open.pop()
                self.out.append("}" if closed in HTML_MARKUP else "")
                if closed == tag:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(latex.escape_bare(data, "&%#_"))


def html_to_latex(value: str) -> str:
    """Publisher HTML (``<i>x</i>``, ``&amp;``) as LaTeX (``\\emph{x}``, ``\\&``); other tags are dropped."""
    parser = _HTMLToLaTeX()
    parser.feed(value)
    parser.close()
    parser.out += ["}" for tag in parser.open if tag in HTML_MARKUP]
    return unescape("".join(parser.out))


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


def guess_topics(authors: list[str], known: dict[str, Paper], site_topics: Sequence[str] = ()) -> list[str]:
    """The topics most common among papers with the same co-authors (else overall).

    A site whose papers name no topic yet (a new site) has its one topic, if it has one.
    """
    names = {person_id(shown_name(Person(raw))) for raw in authors}
    shared = Counter(
        slug
        for paper in known.values()
        if names & {a.person for a in paper.authors if not a.is_self}
        for slug in paper.topics
    )
    overall = Counter(slug for paper in known.values() for slug in paper.topics)
    if not overall and len(site_topics) == 1:
        return list(site_topics)
    return [slug for slug, _ in (shared or overall).most_common(1)]


def duplicate_of(fields: dict[str, str], known: dict[str, Paper]) -> tuple[str, str] | None:
    """(key, why) of the paper refs.bib has already that these fields describe (same arXiv id, DOI
    or title), or None."""
    title = normalised_title(latex.to_plain(fields.get("title", "")))
    for paper in known.values():
        if fields.get("eprint") and paper.arxiv_id == ARXIV_VERSION.sub("", fields["eprint"]):
            return paper.key, f"has the same arXiv id {paper.arxiv_id}"
        if fields.get("doi") and paper.doi and paper.doi.lower() == fields["doi"].lower():
            return paper.key, f"has the same DOI {paper.doi}"
        if title and title in {normalised_title(t) for t in (paper.title, *paper.alt_titles)}:
            return paper.key, "has the same title"
    return None


def unused_key(key: str, known: dict[str, Paper]) -> str:
    """A different paper with the same key gets a letter: park2024emergence, park2024emergenceb."""
    for suffix in ["", *"bcdefghijklmnopqrstuvwxyz"]:
        if key + suffix not in known:
            return f"{key}{suffix}"
    raise AuthoringError(f"no free key like '{key}'")


def from_arxiv(identifier: str) -> str:
    """A BibTeX entry made from the arXiv API's record of *identifier*."""
    try:
        listed = arxiv.Client().paper(identifier)
    except arxiv.ArxivError as exc:
        raise AuthoringError(f"arXiv:{identifier}: {exc}") from None
    if listed is None:
        raise AuthoringError(f"arXiv:{identifier}: no such paper on arXiv")
    return listed_bibtex(listed, identifier)


def listed_bibtex(listed: arxiv.Listed, identifier: str | None = None) -> str:
    """A BibTeX entry made from the arXiv API's record of a paper (the full abstract included)."""
    fields = [
        ("title", to_latex(listed.title)),
        ("author", " and ".join(person_latex(Person(to_latex(name))) for name in listed.authors)),
        ("year", listed.published[:4]),
        ("eprint", identifier or listed.arxiv_id),
        ("archiveprefix", "arXiv"),
    ]
    if listed.category:
        fields.append(("primaryclass", listed.category))
    if listed.doi:
        fields.append(("doi", listed.doi))
    fields.append(("abstract", to_latex(listed.summary)))
    return format_entry("misc", f"arxiv{listed.arxiv_id}", fields)


def read_sources(sources: list[str], workdir: Path) -> list[tuple[RawEntry, str]]:
    """Every entry of *sources*, with the name of the source it came from."""
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
        entries += [(entry, shown) for entry in papers_of_export(found, shown)]
    return entries


def papers_of_export(found: list[RawEntry], shown: str) -> list[RawEntry]:
    """The papers of an export, each with the fields of the proceedings its ``crossref`` names."""
    by_key = {entry.key.lower(): entry for entry in found}
    containers = {key.lower() for key in crossref_targets(by_key)}

    def refuse(finding: Finding) -> None:
        raise AuthoringError(f"{shown}:{finding.line}: entry '{finding.key}': {finding.message}")

    return [
        with_inherited_fields(entry, by_key, shown, refuse)
        for entry in found
        if not (entry.key.lower() in containers and entry.entry_type in CONTAINER_TYPES)
    ]


@dataclass(frozen=True)
class Addition:
    key: str
    text: str  # the entry as it is appended to refs.bib
    source: str  # the export (or arXiv id) it came from
    source_line: int
    source_key: str


def add_papers(srcdir: Path, sources: list[str], settings: Settings) -> list[str]:
    """Add every entry of *sources*; return the new keys.

    Nothing is written unless the whole site, with the additions, passes the check: they are
    tried on a scratch copy first. Then each file is written atomically, refs.bib last, in
    the line endings it already has; a failure on the way leaves every file as it was.
    """
    before = check_sources(srcdir, settings)
    if before.findings:
        raise AuthoringError("the site has problems to fix first:\n" + "\n".join(map(str, before.findings)))
    spellings = Spellings.of(before.entries)
    known = dict(before.papers)
    bib = srcdir / settings.bibfile
    original = bib.read_bytes()
    newline = "\r\n" if b"\r\n" in original else "\n"
    additions: list[Addition] = []
    with tempfile.TemporaryDirectory() as workdir:
        for entry, shown in read_sources(sources, Path(workdir)):
            entry_type, key, fields = normalise(entry, spellings, known, sorted(before.topics))
            duplicate = duplicate_of(dict(fields), known)
            if duplicate:
                other, why = duplicate
                raise AuthoringError(
                    f"{entry.key}: already in {settings.bibfile}: '{other}' {why}; nothing was changed"
                )
            key = unused_key(key, known)
            text = format_entry(entry_type, key, fields)
            additions.append(Addition(key, text, shown, entry.line, entry.key))
            new = read_bibfile_text(text, workdir)
            from .records import build_paper

            paper, _ = build_paper(new, self_name=settings.self_name)
            if paper is not None:
                known[key] = paper
        appended = _append(original, [addition.text for addition in additions], newline)
        pages = {
            srcdir / settings.papers_dir / f"{page_name(a.key)}.md": paper_page_source(a.key, newline)
            for a in additions
        }
        trial = Path(workdir) / "trial"
        copy_sources(srcdir, trial, before, settings)
        (trial / settings.bibfile).write_bytes(appended)
        for page, text in pages.items():
            (trial / page.relative_to(srcdir)).write_text(text, "utf-8", newline="")
        after = check_sources(trial, settings)
    if after.findings:
        located = _locate(after.findings, original, additions, settings.bibfile)
        raise AuthoringError("the new entries do not pass the check; nothing was changed:\n" + "\n".join(located))
    written: list[Path] = []
    try:
        for page, text in pages.items():
            atomic_write(page, text.encode("utf-8"))
            written.append(page)
        atomic_write(bib, appended)
    except OSError as exc:
        for page in written:
            page.unlink(missing_ok=True)
        raise AuthoringError(f"could not write {exc.filename or bib}: {exc.strerror}; nothing was changed") from None
    return [addition.key for addition in additions]


#: how a paper page cites its own entry: sphinxcontrib-bibtex's footnote citation, and its footnote
CITATION_LINES = ("Cite as {{footcite:t}}`{key}`.", "", "```{{footbibliography}}", "```")


def citation_lines(key: str) -> list[str]:
    return [line.format(key=key) for line in CITATION_LINES]


def paper_page_source(key: str, newline: str = "\n") -> str:
    """A new paper page: its key in front matter, and its citation pulled from refs.bib by sphinxcontrib-bibtex."""
    return newline.join(["---", f"paper: {key}", "---", "", *citation_lines(key), ""])


def migrate_paper_pages(srcdir: Path, settings: Settings) -> list[Path]:
    """Adds the citation lines to each paper page written before pages cited their own entry.

    Only pages whose front matter names a key and whose text does not cite it are changed: the
    lines are added at the end, the rest is kept as it is, and each file is replaced atomically.
    """
    changed = []
    for page in sorted((srcdir / settings.papers_dir).glob("*.md")):
        text = page.read_bytes().decode("utf-8")
        data, _line, _error = front_matter(text)
        key = str((data or {}).get("paper") or "")
        if not key or key in footcited_keys(text):  # it cites its own entry already
            continue
        newline = "\r\n" if "\r\n" in text else "\n"
        new = newline.join([text.rstrip("\r\n"), "", *citation_lines(key), ""])
        atomic_write(page, new.encode("utf-8"))
        changed.append(page)
    return changed


def _append(original: bytes, entries: list[str], newline: str) -> bytes:
    """refs.bib with *entries* appended, a blank line before each, in the file's line endings."""
    body = original.rstrip(b"\r\n \t")
    text = "".join(newline + newline + entry.rstrip("\n").replace("\n", newline) for entry in entries) + newline
    # a new, empty refs.bib starts with its first entry
    return body + (text.encode("utf-8") if body else text.lstrip("\r\n").encode("utf-8"))


def copy_sources(srcdir: Path, trial: Path, found: Sources, settings: Settings) -> None:
    """What the check reads, copied: conf.py, refs.bib, the pages, the PDFs they name and the records beside them."""
    trial.mkdir()
    for folder in settings.folders:
        (trial / folder).mkdir(parents=True, exist_ok=True)
    names = ["conf.py", settings.bibfile, *RECORD_FILES, *(paper.pdf for paper in found.papers.values() if paper.pdf)]
    for name in names:
        if (srcdir / name).is_file():
            (trial / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(srcdir / name, trial / name)
    for page in found.pages:
        shutil.copyfile(page.path, trial / page.shown)


#: files beside conf.py that the check reads: the arXiv listing sync records, the moved pages rename records
RECORD_FILES = (arxiv.RECORD, REDIRECTS)


def check_with_bibfile(srcdir: Path, settings: Settings, found: Sources, bib: bytes) -> list[Finding]:
    """What the check finds in the site with *bib* as its refs.bib, tried on a scratch copy."""
    with tempfile.TemporaryDirectory() as workdir:
        trial = Path(workdir) / "trial"
        copy_sources(srcdir, trial, found, settings)
        (trial / settings.bibfile).write_bytes(bib)
        return check_sources(trial, settings).findings


def _locate(findings: list[Finding], original: bytes, additions: list[Addition], bibfile: str) -> Iterator[str]:
    """Each finding at a line that exists: in an export for what the new entries brought."""
    first_new = original.rstrip(b"\r\n \t").count(b"\n") + 1
    starts = []  # (line in the trial refs.bib where an addition starts, addition)
    line = first_new + 2
    for addition in additions:
        starts.append((line, addition))
        line += addition.text.rstrip("\n").count("\n") + 2
    for finding in findings:
        if finding.path == bibfile and finding.line > first_new and starts:
            owners = [addition for start, addition in starts if start <= finding.line]
            addition = owners[-1] if owners else starts[0][1]
            yield (
                f"{addition.source}:{addition.source_line}: entry '{addition.source_key}' "
                f"(as '{addition.key}' in {bibfile}): {finding.message}"
            )
        else:
            yield str(finding)


def read_bibfile_text(text: str, workdir: str) -> RawEntry:
    path = Path(workdir) / "new.bib"
    path.write_text(text, "utf-8")
    return read_bibfile(path).entries[0]


#: characters that would make news text markup (Markdown or HTML) rather than text
MARKUP_CHARACTERS = re.compile(r"([\\`*_\[\]<>&{}|#~])")


def add_news(srcdir: Path, text: str, key: str, when: str | None, settings: Settings) -> Path:
    """Add a news item about paper *key*; its text is taken as text, never as markup."""
    found = check_sources(srcdir, settings)
    if key not in found.entries:
        raise AuthoringError(f"no paper '{key}' in {settings.bibfile}; nothing was changed")
    when = when or date.today().strftime("%Y-%m")
    if problem := news_date_problem(when, date.today()):
        raise AuthoringError(f"{problem}; nothing was changed")
    text = " ".join(text.split())
    if not text:
        raise AuthoringError("the news text is empty; nothing was changed")
    target = srcdir / settings.news_dir / f"{when}-{page_name(key)}.md"
    if target.exists():
        raise AuthoringError(f"{target.relative_to(srcdir)} exists already; nothing was changed")
    escaped = MARKUP_CHARACTERS.sub(r"\\\1", text)
    atomic_write(target, f"---\ndate: {when}\n---\n\n# {escaped}\n\nPaper: {{paper}}`{key}`\n")
    return target
