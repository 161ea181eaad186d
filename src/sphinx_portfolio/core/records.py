"""From one ``refs.bib`` entry to the paper record every page is made from.

:func:`build_paper` is pure: it needs no Sphinx, and the check, the pages, the feeds
and the tests all use it, so that they can never disagree about a paper.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from pybtex.database import Person

from . import latex
from .bibfile import RawEntry
from .fields import (
    BOOLEAN_FIELDS,
    DEFAULT_VENUE_TYPE,
    REQUIRED_FIELDS,
    SITE_FIELDS,
    STANDARD_FIELDS,
    TEXT_FIELDS,
    URL_FIELDS,
    VENUE_FIELD,
    VENUE_TYPES,
)

ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
ARXIV_VERSION = re.compile(r"v\d+$")
#: an arXiv preprint exported as a journal article: Google Scholar's and DBLP's forms
ARXIV_AS_JOURNAL = re.compile(r"^\s*(?:arXiv preprint\s+)?arXiv:\s*(\S+?)\s*$", re.I)
CORR_VOLUME = re.compile(r"^abs/(\S+)$")
#: the journal names exporters give arXiv (DBLP's, Semantic Scholar's), lower-cased
ARXIV_JOURNALS = ("corr", "arxiv")
#: HTML pasted from a publisher's page: tags and character entities
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
HTML_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]+|#\d+|#x[0-9A-Fa-f]+);")
#: name suffixes BibTeX's "Last, Jr, First" form may carry
LINEAGES = frozenset("jr jr. sr sr. ii iii iv v".split())
#: a stray 'and' that leaves an empty name in an author list
EMPTY_NAME = re.compile(r"^\s*and\s|\sand\s*$|\sand\s+and\s", re.I)
DOI = re.compile(r"^10\.\d{4,9}/[^\s\"<>]+$")
TOPIC_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: a venue's acronym, in parentheses: "(NeurIPS)", "(ICLR)"; a word with one capital, "(Pittsburgh)", is a place
ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9-]*)\)")
#: a parenthesised group at the end of a venue's name: its place, when it is no acronym
TRAILING_GROUP = re.compile(r"\s*\([^()]*\)\s*$")
MAX_TOPICS = 3


@dataclass(frozen=True)
class Problem:
    field: str | None  # None: the entry as a whole
    line: int
    message: str


@dataclass(frozen=True)
class Author:
    name: str  # as shown: "First von Last"
    person: str  # one id per person, for co-author pages: see person_key
    is_self: bool
    equal: bool
    family: str = ""  # "von Last Jr": the family name as citation tools want it
    given: str = ""  # first and middle names


@dataclass(frozen=True)
class Venue:
    name: str
    short: str  # the acronym in parentheses, else the name
    year: int
    awards: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.short} {self.year}" if str(self.year) not in self.short else self.short


@dataclass(frozen=True)
class Paper:
    key: str
    slug: str  # the name of its page and files: the key, made safe for a file name (see page_name)
    entry_type: str
    venue_type: str
    title: str  # plain text
    title_latex: str
    alt_titles: tuple[str, ...]
    authors: tuple[Author, ...]
    et_al: bool  # the author list ends with 'and others'
    year: int
    venue: Venue | None  # None for preprints without a venue
    also_presented: tuple[Venue, ...]
    topics: tuple[str, ...]
    selected: bool
    undergraduate: bool
    eprint: str | None
    doi: str | None
    url: str | None
    code: str | None
    project: str | None
    tldr_latex: str | None
    abstract_opening_latex: str | None
    abstract_latex: str | None
    standard_fields: tuple[tuple[str, str], ...]  # refs.bib's standard fields, LaTeX specials escaped
    volume: str | None = None
    issue: str | None = None  # BibTeX's 'number'
    pages: str | None = None  # as plain text ('12--34' becomes an en dash)
    pdf: str | None = None  # a PDF in the repository, relative to the source folder
    pdf_link: str | None = None  # a PDF elsewhere: a 'pdf' field that is a URL (PMLR's exports)
    teaser: str | None = None  # a figure of the paper in the repository, relative to the source folder
    publisher: str | None = None  # plain text

    @property
    def arxiv_id(self) -> str | None:
        """The arXiv id without its version: one paper, whichever version an export names."""
        return ARXIV_VERSION.sub("", self.eprint) if self.eprint else None

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.eprint}" if self.eprint else None

    @property
    def pdf_url(self) -> str | None:
        """The PDF elsewhere: the address refs.bib gives, else arXiv's."""
        return self.pdf_link or (f"https://arxiv.org/pdf/{self.eprint}" if self.eprint else None)

    @property
    def abstract(self) -> str | None:
        return latex.to_plain(self.abstract_latex) if self.abstract_latex else None

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def tldr(self) -> str | None:
        return latex.to_plain(self.tldr_latex) if self.tldr_latex else None

    @property
    def abstract_opening(self) -> str | None:
        return latex.to_plain(self.abstract_opening_latex) if self.abstract_opening_latex else None

    @property
    def description(self) -> str:
        """One sentence about the paper for search engines and link previews."""
        return self.tldr or self.abstract_opening or first_sentence(self.abstract) or self.title

    @property
    def awards(self) -> tuple[str, ...]:
        """Every award, at the main venue and elsewhere."""
        found = list(self.venue.awards if self.venue else ())
        for other in self.also_presented:
            found += [f"{award}, {other.label}" for award in other.awards]
        return tuple(found)

    @property
    def has_equal_contribution(self) -> bool:
        return any(author.equal for author in self.authors)

    @property
    def venue_label(self) -> str:
        return self.venue.label if self.venue else f"Preprint {self.year}"


#: characters XML 1.0 cannot carry, or that no one means to write: C0 controls (but tab, line
#: feed, carriage return), DEL, C1 controls, lone surrogates and the noncharacters U+FFFE and U+FFFF
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_character(text: str) -> str | None:
    """The first control character of *text* as "U+0007", or None."""
    found = CONTROL_CHARACTER.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


#: biblatex's field names (Zotero's and Better BibTeX's biblatex exports) -> BibTeX's
BIBLATEX_FIELDS = {"journaltitle": "journal", "date": "year", "location": "address"}


ASCII_WORDS = re.compile(r"[a-z]+")
ASCII_WORDS_AND_DIGITS = re.compile(r"[a-z0-9]+")


def folded(text: str, digits: bool = False) -> str:
    """*text* as words to compare: case folded, every letter of every script kept, the rest spaces.

    Accents on Latin letters are dropped ("Müller" is "muller"); a mark that belongs to a
    letter of another script is kept ("शर्मा" keeps its vowel signs), or two people would
    fold into one.
    """
    if text.isascii():  # most fields: the same words, without a look at each character
        return " ".join((ASCII_WORDS_AND_DIGITS if digits else ASCII_WORDS).findall(text.casefold()))
    kept = []
    latin = False
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.category(char).startswith("M"):  # a mark on the letter before it
            if not latin:
                kept.append(char)
            continue
        latin = char.isascii()
        kept.append(char if char.isalpha() or (digits and char.isdigit()) else " ")
    return " ".join("".join(kept).casefold().split())


def person_id(name: str) -> str:
    """Fold a shown name to compare people: no accents on Latin letters, case, dots or hyphens."""
    return folded(name)


#: characters a key may hold that a page's or file's name may not (ACM's "10.1145/3442188", DBLP's "DBLP:conf/x")
UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9_.+-]+")


#: the names in the papers folder that are the site's own: the publications page, every paper's downloads
ALL_PAPERS = "all"
RESERVED_PAGE_NAMES = frozenset({"index", ALL_PAPERS})


def page_name(key: str) -> str:
    """The name of a paper's page and files (``papers/<name>.md``, ``<name>.bib``): its key, made safe.

    Each run of characters a file name or URL cannot hold as they are becomes one '-'; so do
    leading dots, which would hide the file. Two keys with one name are refused by the check.
    """
    return UNSAFE_IN_NAMES.sub("-", key).lstrip(".") or "-"


def first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    found = re.match(r"(.+?[.!?])(\s|$)", text)
    return found.group(1) if found else text


def normalised_title(title: str) -> str:
    return folded(title, digits=True).replace(" ", "")


@functools.lru_cache(maxsize=65536)
def parse_name(raw: str) -> Person:
    """pybtex's reading of one name (memoised: co-authors recur across papers)."""
    return Person(raw)


def folded_name(person: Person) -> tuple[list[str], str]:
    """(given names, last name with its particles), folded to compare spellings of people."""
    given = person_id(latex.to_plain(" ".join(person.first_names + person.middle_names))).split()
    return given, person_id(latex.to_plain(" ".join(person.prelast_names + person.last_names)))


#: fields that hold names: their LaTeX is checked name by name (names recur)
NAME_FIELDS = ("author", "editor", "equal_contribution")


def person_key(person: Person) -> str:
    """One id per person, whichever way the name is written ("First Last" or "Last, First")."""
    return person_id(shown_name(person))


@functools.lru_cache(maxsize=65536)
def name_key(raw: str) -> str:
    """:func:`person_key` of a name as refs.bib writes it (memoised: co-authors recur across papers)."""
    return person_key(parse_name(raw))


def is_others(raw: str) -> bool:
    """BibTeX's 'and others': the list goes on, shown as "et al."; no person of that name."""
    return raw.strip().lower() == "others"


def name_problem(raw: str) -> str | None:
    """Why *raw* (one name of an author list) is not one person's name, or None."""
    # commas inside braces ({Google, Inc.}) belong to the name
    parts = [part.strip() for part in re.sub(r"\{[^{}]*\}", "{}", raw).split(",")]
    if len(parts) > 3 or (len(parts) == 3 and parts[1].lower() not in LINEAGES):
        return f"'{raw}' looks like several names separated by commas; separate authors with ' and '"
    if any(not part for part in parts):
        return f"'{raw}' has an empty part between commas"
    return None


def shown_name(person: Person) -> str:
    parts = [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    ]
    return latex.to_plain(" ".join(parts))


def split_names(value: str) -> list[str]:
    """Split an author field on ' and ' outside braces, as BibTeX does."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


def split_list(value: str | None, separator: str) -> list[str]:
    return [item.strip() for item in (value or "").split(separator) if item.strip()]


def venue_short(name: str) -> str:
    """The venue's acronym ("NeurIPS"), else its name without a trailing place ("(Pittsburgh)")."""
    found = [word for word in ACRONYM.findall(name) if sum(char.isupper() for char in word) >= 2]
    return found[-1] if found else TRAILING_GROUP.sub("", name) or name


def is_address(value: str | None) -> bool:
    """Whether a field names a place on the web (a ``pdf`` that is a link, not a file of the site)."""
    return bool(value) and bool(re.match(r"\s*[a-z][a-z0-9+.-]*://", value or "", re.I))


def check_url(value: str) -> str | None:
    """Why this URL may not be published, or None when it may."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        shown = parts.scheme + ":" if parts.scheme else "no scheme"
        return f"URL scheme must be http or https, not {shown} ({value})"
    if not parts.netloc or any(char.isspace() or char in "<>\"'" for char in value):
        return f"is not a well-formed URL ({value})"
    return None


def parse_year(value: str, today: date) -> int | None:
    if re.fullmatch(r"\d{4}", value.strip()) and 1900 <= int(value) <= today.year + 2:
        return int(value)
    return None


def build_paper(
    entry: RawEntry,
    *,
    self_name: str,
    topics: frozenset[str] | None = None,
    today: date | None = None,
    people: Mapping[str, str] | None = None,
) -> tuple[Paper | None, list[Problem]]:
    """Make the paper record of *entry*, or say every problem that stops it.

    *people* gives the id of a person written more ways than one (:func:`people_of`).
    """
    today = today or date.today()
    people = people or {}
    problems: list[Problem] = []

    def problem(field: str | None, message: str) -> None:
        line = entry.line_of(field) if field else entry.line
        problems.append(Problem(field, line, message))

    for duplicate in entry.duplicate_fields:
        problems.append(Problem(duplicate.name, duplicate.line, "field given twice"))
    required = REQUIRED_FIELDS.get(entry.entry_type)
    if required is None:
        problem(
            None,
            f"entry type @{entry.entry_type} is not supported; use one of "
            + ", ".join("@" + name for name in REQUIRED_FIELDS),
        )
        return None, problems
    for need in required:
        options = need if isinstance(need, tuple) else (need,)
        if not any((entry.get(name) or "").strip() for name in options):
            problem(None, f"missing required field '{' or '.join(options)}' for @{entry.entry_type}")
    for name in entry.fields:
        if name in BIBLATEX_FIELDS:
            message = f"field '{name}' is biblatex's; BibTeX and pybtex read '{BIBLATEX_FIELDS[name]}'"
            problem(name, message + ": rename it (new-paper converts biblatex exports)")
        elif name not in STANDARD_FIELDS and name not in SITE_FIELDS:
            problem(name, f"unknown field '{name}' (a typo? README.md lists the fields)")
    controlled = {name: code for name, field in entry.fields.items() if (code := control_character(field.value))}
    for name, code in controlled.items():
        carry = "which no page, feed or download can carry; delete it"
        problem(name, f"field '{name}' holds the control character {code}, {carry}")
    for name in TEXT_FIELDS:
        value = entry.get(name)
        if value is None or name in controlled:
            continue
        markup = HTML_TAG.search(value) or HTML_ENTITY.search(value)
        if markup:
            problem(name, f"field '{name}' has HTML ({markup.group()}); write it as LaTeX (\\emph{{...}}, \\&) instead")
            continue
        for part in split_names(value) if name in NAME_FIELDS else [value]:
            for message in latex.problems(part):
                problem(name, f"field '{name}' {message}")
    for name in NAME_FIELDS:
        value = entry.get(name)
        if value is not None and EMPTY_NAME.search(value):
            problem(name, f"field '{name}' has a stray 'and' that leaves an empty name")
    for name in URL_FIELDS:
        value = entry.get(name)
        if value is not None and (url_message := check_url(value)):
            problem(name, f"field '{name}': {url_message}")
    pdf_is_link = is_address(entry.get("pdf"))
    if pdf_is_link and (url_message := check_url(entry.get("pdf") or "")):
        problem("pdf", f"field 'pdf': {url_message}")
    for name in BOOLEAN_FIELDS:
        value = entry.get(name)
        if value is not None and value not in ("true", "false"):
            problem(name, f"field '{name}' must be 'true' or 'false', not '{value}'")

    year = parse_year(entry.get("year") or "", today)
    if entry.get("year") and year is None:
        problem("year", f"year '{entry.get('year')}' is not a plausible year")
    eprint = entry.get("eprint")
    preprint_journal = arxiv_journal(entry)
    if preprint_journal is not None:
        if not ARXIV_ID.match(preprint_journal):
            problem("journal", f"journal '{entry.get('journal')}' names no well-formed arXiv id")
        elif eprint is not None and ARXIV_VERSION.sub("", eprint) != ARXIV_VERSION.sub("", preprint_journal):
            problem("journal", f"journal names arXiv:{preprint_journal}, but eprint is {eprint}")
        eprint = eprint or preprint_journal
    if eprint is not None:
        if not ARXIV_ID.match(eprint):
            problem("eprint", f"arXiv id '{eprint}' is not well-formed (e.g. 2406.19370)")
        prefix = entry.get("archiveprefix")
        if prefix is not None and prefix.lower() != "arxiv":
            problem("archiveprefix", f"only arXiv e-prints are supported, not '{prefix}'")
    doi = entry.get("doi")
    if doi is not None and not DOI.match(doi):
        problem("doi", f"DOI '{doi}' is not well-formed (e.g. 10.18653/v1/2024.acl-long.1)")

    default_type = "preprint" if preprint_journal is not None else DEFAULT_VENUE_TYPE.get(entry.entry_type, "")
    venue_type = entry.get("venue_type") or default_type
    if venue_type not in VENUE_TYPES:
        problem("venue_type", f"venue_type '{venue_type}' is not one of " + ", ".join(VENUE_TYPES))

    topic_list = list(dict.fromkeys(split_list(entry.get("topics"), ",")))  # a repeated topic is one
    if not topic_list:
        problem(None, "missing field 'topics' (one to three topic slugs)")
    if len(topic_list) > MAX_TOPICS:
        problem("topics", f"has {len(topic_list)} topics; at most {MAX_TOPICS}")
    for topic in topic_list:
        if not TOPIC_SLUG.match(topic):
            problem("topics", f"topic '{topic}' is not a slug (lower case words joined by '-')")
        elif topics is not None and topic not in topics:
            problem("topics", f"unknown topic '{topic}': add topics/{topic}.md or fix the spelling")

    author_names = split_names(entry.get("author") or "")
    et_al = bool(author_names) and is_others(author_names[-1])
    author_names = [name for name in author_names if not is_others(name)]
    for name in author_names:
        if name_message := name_problem(name):
            problem("author", name_message)
    author_keys = {}
    for name in author_names:
        try:
            author_keys[name] = name_key(name)
        except Exception as exc:  # pybtex raises PybtexError on malformed names
            problem("author", f"author '{name}' cannot be read: {exc}")
    equal_keys = set()
    for name in split_names(entry.get("equal_contribution") or ""):
        try:
            equal = name_key(name)
        except Exception:
            equal = None
        if equal is None or equal not in author_keys.values():
            problem("equal_contribution", f"'{name}' in equal_contribution is not an author")
        else:
            equal_keys.add(equal)

    also_presented = []
    for item in split_list(entry.get("also_presented"), ";"):
        parts = [part.strip() for part in item.split("|")]
        other_year = parse_year(parts[1], today) if len(parts) > 1 else None
        if len(parts) < 2 or not parts[0] or other_year is None:
            problem("also_presented", f"'{item}' is not 'Venue | year [| award ...]'")
            continue
        also_presented.append(
            Venue(
                latex.to_plain(parts[0]),
                venue_short(latex.to_plain(parts[0])),
                other_year,
                tuple(latex.to_plain(award) for award in parts[2:] if award),
            )
        )

    if problems or year is None:
        return None, problems

    me = _self_key(self_name)
    me = people.get(me, me) if me else me
    authors = []
    for name in author_names:
        person = parse_name(name)
        key = people.get(author_keys[name], author_keys[name])
        family = latex.to_plain(" ".join([*person.prelast_names, *person.last_names, *person.lineage_names]))
        given = latex.to_plain(" ".join([*person.first_names, *person.middle_names]))
        is_equal = author_keys[name] in equal_keys
        authors.append(Author(shown_name(person), key, key == me, is_equal, family, given))

    venue_name = None if preprint_journal is not None else entry.get(VENUE_FIELD.get(entry.entry_type, ""), None)
    venue = None
    if venue_name:
        plain = latex.to_plain(venue_name)
        awards = tuple(latex.to_plain(a) for a in split_list(entry.get("award"), ";"))
        venue = Venue(plain, venue_short(plain), year, awards)

    standard = [
        (name, latex.escape_specials(field.value) if name in TEXT_FIELDS else field.value)
        for name, field in entry.fields.items()
        if name in STANDARD_FIELDS
    ]
    paper = Paper(
        key=entry.key,
        slug=page_name(entry.key),
        entry_type=entry.entry_type,
        venue_type=venue_type,
        title=latex.to_plain(entry.get("title") or ""),
        title_latex=entry.get("title") or "",
        alt_titles=tuple(latex.to_plain(t) for t in split_list(entry.get("alt_titles"), ";")),
        authors=tuple(authors),
        et_al=et_al,
        year=year,
        venue=venue,
        also_presented=tuple(also_presented),
        topics=tuple(topic_list),
        selected=entry.get("selected") == "true",
        undergraduate=entry.get("undergraduate") == "true",
        eprint=eprint,
        doi=doi,
        url=entry.get("url"),
        code=entry.get("code"),
        project=entry.get("project"),
        tldr_latex=entry.get("tldr"),
        abstract_opening_latex=entry.get("abstract_opening"),
        abstract_latex=entry.get("abstract"),
        standard_fields=tuple(standard),
        volume=None if preprint_journal is not None else entry.get("volume"),
        issue=entry.get("number"),
        pages=latex.to_plain(entry.get("pages") or "") or None,
        pdf=None if pdf_is_link else entry.get("pdf"),
        pdf_link=entry.get("pdf") if pdf_is_link else None,
        teaser=entry.get("teaser") or None,
        publisher=latex.to_plain(entry.get("publisher") or "") or None,
    )
    return paper, []


def arxiv_journal(entry: RawEntry) -> str | None:
    """The arXiv id of a preprint exported as a journal article, or None.

    Google Scholar writes ``journal = {arXiv preprint arXiv:2406.19370}``; DBLP writes
    ``journal = {CoRR}, volume = {abs/2406.19370}``, and Semantic Scholar ``journal = {ArXiv}``
    with the same volume. Each is a preprint, not a journal paper.
    """
    return arxiv_as_journal(entry.entry_type, entry.get("journal") or "", entry.get("volume") or "")


def arxiv_as_journal(entry_type: str, journal: str, volume: str) -> str | None:
    """The arXiv id an article's journal (and volume) name, in the exporters' forms, or None."""
    if entry_type != "article":
        return None
    found = ARXIV_AS_JOURNAL.match(journal)
    if found:
        return found.group(1)
    in_volume = CORR_VOLUME.match(volume.strip())
    if journal.strip().lower() in ARXIV_JOURNALS and in_volume:
        return in_volume.group(1)
    return None


def people_of(spellings: Iterable[Iterable[str]]) -> dict[str, str]:
    """The id of each person conf.py writes more ways than one (``portfolio_same_person``):
    every spelling's id -> its first spelling's. Names pybtex cannot read are the check's to report."""
    found = {}
    for names in spellings:
        try:
            ids = [name_key(name) for name in names]
        except Exception:
            continue
        found.update({other: ids[0] for other in ids[1:] if other != ids[0]})
    return found


def _self_key(self_name: str) -> str | None:
    try:
        return name_key(self_name) if self_name.strip() else None
    except Exception:  # reported by the check, against conf.py
        return None


def by_recency(papers: Iterable[Paper]) -> list[Paper]:
    """Newest year first; within a year, the order of refs.bib."""
    ordered = list(papers)
    position = {paper.key: index for index, paper in enumerate(ordered)}
    return sorted(ordered, key=lambda paper: (-paper.year, position[paper.key]))
