"""Check the portfolio's sources before anything is built.

Every problem is reported on one line that names the file and line (and the BibTeX key
where there is one), so it can be fixed without reading a traceback. The build runs this
first and publishes nothing when it finds a problem; ``portfolio check`` runs
it alone.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pybtex.database import BibliographyData

from .arxiv import RECORD, Listed, RecordError, read_record
from .bibfile import BibSyntaxError, RawEntry, read_bibfile
from .images import Picture, PictureError, picture_size
from .published_files import file_problems
from .record_cache import RecordCache, entry_digest
from .records import (
    RESERVED_PAGE_NAMES,
    Paper,
    build_paper,
    control_character,
    folded_name,
    name_key,
    name_problem,
    normalised_title,
    page_name,
    parse_name,
    people_of,
    person_id,
    shown_name,
    split_names,
)
from .records import check_url as url_problem
from .redirects import REDIRECTS, read_redirects, redirect_problems
from .settings import Settings, conf_name, setting_line, type_problems, unknown_settings
from .sources import PageFile, cited_keys, is_page, linked_documents, page_files, problem_line

PAPER_ROLE = re.compile(r"\{paper\}`([^`]*)`")
NEWS_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
#: how far past the day of the build a news item may be dated (an announcement made ahead)
NEWS_FUTURE_DAYS = 92
#: link targets in Markdown and HTML attributes, to refuse unsafe schemes
LINK_TARGET = re.compile(r"(?<!\\)\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.I)
BRACES_PERCENT_NEWLINE = re.compile(r"[{}%\n]")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = {"http", "https", "mailto"}


def _without_timestamps(loader: type) -> type:
    """*loader*, reading dates as the text they are (the check judges them, with their place)."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in loader.yaml_implicit_resolvers.items()  # type: ignore[attr-defined]
    }
    return type(loader.__name__ + "WithoutTimestamps", (loader,), {"yaml_implicit_resolvers": resolvers})


#: libyaml's loader where PyYAML was built with it (the wheels are): about eight times faster
FAST_YAML_LOADER = _without_timestamps(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
PLAIN_YAML_LOADER = _without_timestamps(yaml.SafeLoader)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    key: str | None = None

    @property
    def described(self) -> str:
        """The message, after the entry it is about, if any."""
        return f"entry '{self.key}': {self.message}" if self.key else self.message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.described}"


Spelling = tuple[str, str, list[str]]


@dataclass
class Sources:
    entries: dict[str, RawEntry] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)  # slug -> title
    findings: list[Finding] = field(default_factory=list)
    #: what may be meant, and builds, but is worth a look (a strict build fails on them too)
    warnings: list[Finding] = field(default_factory=list)
    pages: list[PageFile] = field(default_factory=list)
    #: key -> the spellings of its authors: (last name folded, name as shown, given names folded)
    spellings: dict[str, list[Spelling]] = field(default_factory=dict)
    #: key -> a digest of everything its paper record and its formatted citation are made from
    digests: dict[str, str] = field(default_factory=dict)
    #: (query, papers) of the arXiv listing as ``nox -s sync -- --add`` recorded it, if it did
    arxiv_listing: tuple[str, list[Listed]] | None = None
    #: the moved pages: old page -> new page (redirects.json)
    redirects: dict[str, str] = field(default_factory=dict)
    #: key -> (width, height, suffix) of its teaser figure, for the papers that have one
    teasers: dict[str, Picture] = field(default_factory=dict)
    #: (width, height, suffix) of the researcher's photo (portfolio_photo), if there is one
    photo: Picture | None = None


#: where a check puts what it finds
Report = Callable[[Finding], None]


def front_matter(text: str) -> tuple[dict[str, Any] | None, int, str | None]:
    """(data, line where the body starts, error) of a Markdown file's front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, 1, None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            source = "\n".join(lines[1:index])
            try:
                data = yaml.load(source, Loader=FAST_YAML_LOADER) or {}
            except yaml.YAMLError:
                data = None
            if data is None:  # read again by the pure-Python loader, whose messages are plainer
                try:
                    data = yaml.load(source, Loader=PLAIN_YAML_LOADER) or {}
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    line = mark.line + 2 if mark else 2
                    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                    return None, line, f"front matter is not valid YAML: {problem}"
            if not isinstance(data, dict):
                return None, 2, "front matter must be 'name: value' lines"
            return data, index + 2, None
    return None, 1, "front matter opened with '---' is never closed"


def first_heading(text: str) -> str | None:
    for line in text.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return None


def check_sources(
    srcdir: Path,
    settings: Settings,
    today: date | None = None,
    parsed: BibliographyData | None = None,
    cache: RecordCache | None = None,
) -> Sources:
    """Check every source of the site.

    *parsed* is pybtex's reading of the BibTeX file, when a build has it; *cache* holds the
    records of entries that an earlier build found without a problem.
    """
    found = Sources()
    report = found.findings.append
    today = today or date.today()
    bibpath = srcdir / settings.bibfile
    found.pages = list(page_files(srcdir, settings.folders))
    for page in found.pages:
        if page.problem:
            line, message = problem_line(page.problem)
            report(Finding(page.shown, line, message))
    for page in pages_in(found, settings.topics_dir):
        if page.path.stem != "index":
            found.topics[page.path.stem] = first_heading(page.text) or page.path.stem
    try:
        bib = read_bibfile(bibpath, settings.bibfile, parsed)
    except BibSyntaxError as exc:
        report(Finding(exc.path, exc.line, exc.message))
        return found
    except OSError as exc:
        report(Finding(settings.bibfile, 1, f"cannot be read: {exc.strerror}"))
        return found

    check_bib_text(bib.text, settings.bibfile, report)
    seen: dict[str, RawEntry] = {}
    for entry in bib.entries:
        earlier = seen.get(entry.key.lower())
        if earlier is not None:
            report(
                Finding(
                    settings.bibfile,
                    entry.line,
                    f"duplicate key (first defined at line {earlier.line})",
                    entry.key,
                )
            )
            continue
        seen[entry.key.lower()] = entry
    containers = {key.lower() for key in crossref_targets(seen)}
    people = people_of(name_groups(settings.same_person))
    for lower, entry in seen.items():
        if lower in containers and entry.entry_type in CONTAINER_TYPES:
            continue  # a volume its papers cross-reference: their fields, no paper of its own
        entry = with_inherited_fields(entry, seen, settings.bibfile, report)
        found.entries[entry.key] = entry
        read_entry(entry, settings, found, today, cache or RecordCache(None), people)

    check_settings(srcdir, settings, found, report, people)
    check_same_paper(found, settings.bibfile, report)
    check_spellings(found, settings, people)
    check_paper_pages(settings, found, report)
    check_pdfs(srcdir, settings, found, report)
    check_pictures(srcdir, settings, found, report)
    check_arxiv_record(srcdir, found, report)
    check_redirects(srcdir, found, report)
    check_news(settings, found, report, today)
    check_links(found, report)
    check_references(srcdir, settings, found, report)
    for shown, line, message in file_problems(srcdir, found.pages):
        report(Finding(shown, line, message))
    if bib.refused and not any(finding.path == settings.bibfile for finding in found.findings):
        line, message = bib.refused  # what pybtex refused, and no check above named it
        report(Finding(settings.bibfile, line, f"is not BibTeX that pybtex reads: {message}"))
    return found


def read_entry(
    entry: RawEntry, settings: Settings, found: Sources, today: date, cache: RecordCache, people: dict[str, str]
) -> None:
    """The record of *entry* and its authors' spellings, made again only when what they are made of changed."""
    digest = entry_digest(entry, settings.self_name, sorted(found.topics), today.year, sorted(people.items()))
    if entry.duplicate_fields or (kept := cache.get(digest)) is None:
        topics = frozenset(found.topics)
        paper, problems = build_paper(entry, self_name=settings.self_name, topics=topics, today=today, people=people)
        for problem in problems:
            found.findings.append(Finding(settings.bibfile, problem.line, problem.message, entry.key))
        spellings = author_spellings(entry.get("author") or "")
        if paper is not None and not problems and not entry.duplicate_fields:
            cache.put(digest, (paper, spellings))
    else:
        paper, spellings = kept
    found.spellings[entry.key] = spellings
    found.digests[entry.key] = digest
    if paper is not None:
        found.papers[entry.key] = paper


def author_spellings(authors: str) -> list[Spelling]:
    spellings = []
    for raw in split_names(authors):
        try:
            person = parse_name(raw)
        except Exception:
            continue  # reported by build_paper
        given, last = folded_name(person)
        spellings.append((last, shown_name(person), given))
    return spellings


#: entry types that hold papers (a conference's proceedings): read as the crossref of a paper only
CONTAINER_TYPES = frozenset({"proceedings", "collection", "mvproceedings", "mvcollection"})


def crossref_targets(entries: dict[str, RawEntry]) -> set[str]:
    return {target for entry in entries.values() if (target := entry.get("crossref"))}


def with_inherited_fields(entry: RawEntry, entries: dict[str, RawEntry], path: str, report: Report) -> RawEntry:
    """*entry* with the fields it lacks taken from the entry its ``crossref`` names, as BibTeX does.

    A paper in proceedings also takes the proceedings' title as its ``booktitle`` (biblatex's
    rule, which DBLP's and ACM's exports rely on). An inherited field keeps the line where the
    proceedings give it, so a problem in it is reported there.
    """
    target = entry.get("crossref")
    if target is None:
        return entry
    fields = {name: field for name, field in entry.fields.items() if name != "crossref"}
    parent = entries.get(target.lower())
    if parent is None:
        report(Finding(path, entry.line_of("crossref"), f"crossref '{target}' names no entry in {path}", entry.key))
        return replace(entry, fields=fields)
    for name, inherited in parent.fields.items():
        if name not in ("crossref", "key"):
            fields.setdefault(name, inherited)
    if entry.entry_type in ("inproceedings", "conference", "incollection") and "booktitle" not in entry.fields:
        title = parent.fields.get("booktitle") or parent.fields.get("title")
        if title is not None:
            fields["booktitle"] = title
    return replace(entry, fields=fields)


def pages_in(found: Sources, folder: str, readable: bool = True) -> list[PageFile]:
    """The pages directly in *folder*: those that can be read, or (``readable=False``) those that cannot."""
    prefix = folder.strip("/") + "/"
    return [page for page in found.pages if (page.problem is None) == readable and page.shown.startswith(prefix)]


#: settings that are counts, and what each counts
COUNTS = {"latest_news": "how many to show", "related_count": "how many to show", "build_wait": "seconds"}


def check_settings(srcdir: Path, settings: Settings, found: Sources, report: Report, people: dict[str, str]) -> None:
    """Every portfolio_* name in conf.py is a setting, and the researcher is among the authors."""
    conf = srcdir / "conf.py"
    text = conf.read_text("utf-8") if conf.is_file() else ""
    for problem in unknown_settings(text):
        report(Finding("conf.py", problem.line, problem.message))
    wrong = type_problems(settings)
    for name, message in wrong:
        report(Finding("conf.py", setting_line(text, name), message))
    if wrong:
        return
    check_people_settings(text, settings, report)
    for name, unit in COUNTS.items():
        if getattr(settings, name) < 0:
            message = f"{conf_name(name)} must be 0 or more ({unit}), not {getattr(settings, name)}"
            report(Finding("conf.py", setting_line(text, name), message))
    line = setting_line(text, "self_name")
    if not settings.self_name.strip():
        report(Finding("conf.py", line, "set portfolio_self_name to the researcher's name as refs.bib writes it"))
        return
    try:
        me = name_key(settings.self_name)
    except Exception as exc:  # pybtex raises PybtexError on malformed names
        report(Finding("conf.py", line, f"portfolio_self_name '{settings.self_name}' cannot be read as a name: {exc}"))
        return
    me = people.get(me, me)
    authors = [author for paper in found.papers.values() for author in paper.authors]
    if authors and not any(author.person == me for author in authors):
        report(
            Finding(
                "conf.py",
                line,
                f"portfolio_self_name '{settings.self_name}' is not an author of any entry in {settings.bibfile}",
            )
        )


def check_bib_text(text: str, path: str, report: Report) -> None:
    """A '%' inside an entry silently cuts the rest of the line off: refuse it."""
    depth, number, reported = 0, 1, 0
    for match in BRACES_PERCENT_NEWLINE.finditer(text):  # only the characters that matter, not every one
        char, at = match.group(), match.start()
        if char == "\n":
            number += 1
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth > 0 and reported != number and (at == 0 or text[at - 1] != "\\"):
            report(Finding(path, number, "bare '%' inside an entry cuts the line short; write '\\%'"))
            reported = number


def check_same_paper(found: Sources, path: str, report: Report) -> None:
    """The same paper under two keys: same arXiv id, DOI or normalised title."""
    first: dict[tuple[str, str], str] = {}
    for key, paper in found.papers.items():
        marks = [
            ("arXiv id", paper.arxiv_id),
            ("DOI", paper.doi and paper.doi.lower()),
            ("title", normalised_title(paper.title)),
        ]
        for what, value in marks:
            if not value:
                continue
            other = first.setdefault((what, value), key)
            if other != key:
                report(
                    Finding(
                        path,
                        found.entries[key].line,
                        f"same {what} as entry '{other}' (line {found.entries[other].line}): one paper, one entry",
                        key,
                    )
                )


def given_names_compatible(first: list[str], second: list[str]) -> bool:
    """'Eric' and 'Eric J.' can be one person; 'Yongyi' and 'Yaoqing' cannot, nor '明' and '明华'."""
    for a, b in zip(first, second, strict=False):  # compare as far as both go
        a, b = a.rstrip("."), b.rstrip(".")
        if not (a == b or (is_initial(a) and b.startswith(a)) or (is_initial(b) and a.startswith(b))):
            return False
    return True


#: scripts whose one letter is a whole given name, never an initial
SYLLABIC_OR_IDEOGRAPHIC = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "YI ")


def is_initial(name: str) -> bool:
    return len(name) == 1 and not unicodedata.name(name, "").startswith(SYLLABIC_OR_IDEOGRAPHIC)


def check_spellings(found: Sources, settings: Settings, people: dict[str, str]) -> None:
    """One person, one spelling: a warning for names that differ only by accents or initials,
    unless conf.py says they are one person (``portfolio_same_person``) or two (``portfolio_different_people``)."""
    declared = different_pairs(settings.different_people)
    spellings: dict[str, dict[str, tuple[list[str], str, int]]] = defaultdict(dict)
    for key, entry in found.entries.items():
        for last, as_shown, given in found.spellings.get(key, ()):
            spellings[last].setdefault(as_shown, (given, key, entry.line_of("author")))
    for names in spellings.values():
        shown = sorted(names)
        for index, name in enumerate(shown):
            for other in shown[index + 1 :]:
                given_a, given_b = names[name][0], names[other][0]
                if not (given_a and given_b and given_names_compatible(given_a, given_b)):
                    continue
                ids = (person_id(name), person_id(other))
                if frozenset(ids) in declared or people.get(ids[0], ids[0]) == people.get(ids[1], ids[1]):
                    continue
                _, key, line = names[other]
                message = (
                    f"author '{other}' looks like '{name}' in entry '{names[name][1]}': write one person's name "
                    "one way, or name both in portfolio_same_person (one person) or portfolio_different_people (two)"
                )
                found.warnings.append(Finding(settings.bibfile, line, message, key))


def is_name_group(group: object) -> bool:
    """Whether *group* is written as a people setting's item is: a list of names."""
    return isinstance(group, list) and all(isinstance(name, str) for name in group)


def name_groups(value: object) -> list[list[str]]:
    """The lists of names a people setting holds, when it is written as one (the check says otherwise)."""
    return [group for group in value if is_name_group(group)] if isinstance(value, list) else []


def different_pairs(value: object) -> set[frozenset[str]]:
    """Every two people of each list of ``portfolio_different_people``, as the ids of two names."""
    pairs = set()
    for group in name_groups(value):
        try:
            ids = [name_key(name) for name in group]
        except Exception:
            continue  # the check names the setting's line
        pairs |= {frozenset((a, b)) for index, a in enumerate(ids) for b in ids[index + 1 :]}
    return pairs


def check_people_settings(text: str, settings: Settings, report: Report) -> None:
    """``portfolio_same_person`` and ``portfolio_different_people`` hold lists of two or more readable names."""
    for setting in ("same_person", "different_people"):
        line = setting_line(text, setting)
        for group in getattr(settings, setting):
            names = group if is_name_group(group) else None
            if names is None or len(names) < 2:
                wanted = "lists of two or more names as refs.bib writes them"
                report(Finding("conf.py", line, f"{conf_name(setting)} holds {wanted}, not {group!r:.60}"))
                continue
            for name in names:
                problem = name_problem(name)
                if problem is None:
                    try:
                        name_key(name)
                    except Exception as exc:  # pybtex raises PybtexError on malformed names
                        problem = f"cannot be read: {exc}"
                if problem is not None:
                    report(Finding("conf.py", line, f"{conf_name(setting)}: '{name}' {problem}"))


def check_paper_pages(settings: Settings, found: Sources, report: Report) -> None:
    pages = {}
    for page in pages_in(found, settings.papers_dir):
        if page.path.stem == "index":
            continue
        data, line, error = front_matter(page.text)
        if error:
            report(Finding(page.shown, line, error))
            pages[page.path.stem] = page.shown  # reported once, not again as a missing page
            continue
        key = (data or {}).get("paper")
        if not key:
            report(Finding(page.shown, 1, "front matter must name the paper: 'paper: <BibTeX key>'"))
            continue
        key = str(key)
        if page_name(key) != page.path.stem:
            report(Finding(page.shown, 2, f"names paper '{key}', but the file must be called {page_name(key)}.md"))
        if key not in found.entries:
            report(Finding(page.shown, 2, f"paper '{key}' is not in {settings.bibfile}"))
        pages[key] = page.shown
    unreadable = {page.path.stem for page in pages_in(found, settings.papers_dir, readable=False)}
    named: dict[str, str] = {}  # page name, lower-cased (file systems that ignore case) -> key
    for key, entry in found.entries.items():
        name = page_name(key)
        other = named.setdefault(name.lower(), key)
        if other != key:
            report(
                Finding(
                    settings.bibfile,
                    entry.line,
                    f"would share the page {settings.papers_dir}/{name}.md with entry '{other}'; rename one key",
                    key,
                )
            )
        elif name.lower() in RESERVED_PAGE_NAMES:
            report(
                Finding(
                    settings.bibfile,
                    entry.line,
                    f"the key '{key}' names a file the site writes itself ({settings.papers_dir}/{name}.*); rename it",
                    key,
                )
            )
        elif key not in pages and name not in unreadable:  # an unreadable page is reported above
            report(Finding(settings.bibfile, entry.line, f"has no page: create {settings.papers_dir}/{name}.md", key))


def pdf_problem(srcdir: Path, relative: str) -> str | None:
    """Why *relative* does not name a PDF inside the site's folder, or None."""
    path = srcdir / relative
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        return f"pdf '{relative}' must be a path inside the site's folder, such as papers/pdfs/<key>.pdf"
    if not path.is_file():
        return f"pdf '{relative}' does not exist (the path is from the folder conf.py is in)"
    if path.suffix.lower() != ".pdf":
        return f"pdf '{relative}' must be a .pdf file"
    try:
        with path.open("rb") as file:
            start = file.read(1024)
    except OSError as exc:
        return f"pdf '{relative}' cannot be read: {exc.strerror}"
    if b"%PDF-" not in start:
        return f"pdf '{relative}' is not a PDF (it does not start with %PDF-)"
    return None


def check_arxiv_record(srcdir: Path, found: Sources, report: Report) -> None:
    """The listing ``nox -s sync -- --add`` recorded can be read (the statistics page shows it)."""
    try:
        found.arxiv_listing = read_record(srcdir)
    except RecordError as exc:
        report(Finding(RECORD, exc.line, exc.message))


def check_redirects(srcdir: Path, found: Sources, report: Report) -> None:
    """The moved pages ``portfolio rename`` recorded: each from an address no page has, to a page."""
    problems = redirect_problems(srcdir, (page.shown.removesuffix(".md") for page in found.pages))
    for line, message in problems:
        report(Finding(REDIRECTS, line, message))
    found.redirects = {} if problems else read_redirects(srcdir)


def check_pdfs(srcdir: Path, settings: Settings, found: Sources, report: Report) -> None:
    """Every ``pdf`` field names a real PDF in the repository."""
    for key, paper in found.papers.items():
        if paper.pdf and (problem := pdf_problem(srcdir, paper.pdf)):
            report(Finding(settings.bibfile, found.entries[key].line_of("pdf"), problem, key))


def check_pictures(srcdir: Path, settings: Settings, found: Sources, report: Report) -> None:
    """The photo and every ``teaser`` field name a PNG, JPEG or WebP file in the repository."""
    if settings.photo:
        try:
            found.photo = picture_size(srcdir, settings.photo, "portfolio_photo")
        except PictureError as exc:
            conf = srcdir / "conf.py"
            report(
                Finding("conf.py", setting_line(conf.read_text("utf-8") if conf.is_file() else "", "photo"), str(exc))
            )
    for key, paper in found.papers.items():
        if paper.teaser:
            try:
                found.teasers[key] = picture_size(srcdir, paper.teaser, "teaser")
            except PictureError as exc:
                report(Finding(settings.bibfile, found.entries[key].line_of("teaser"), str(exc), key))


def news_date_problem(when: str, today: date) -> str | None:
    """Why *when* is not a news date (YYYY-MM or YYYY-MM-DD, a real day, not far ahead), or None."""
    match = NEWS_DATE.match(when)
    if not match:
        return f"news date '{when}' must be YYYY-MM or YYYY-MM-DD"
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        day_of = date(year, month, day)
    except ValueError:
        return f"news date '{when}' is not a day of the calendar"
    if year < 1900:
        return f"news date '{when}' is before 1900: a typo in the year?"
    if (day_of - today).days > NEWS_FUTURE_DAYS:
        return f"news date '{when}' is more than {NEWS_FUTURE_DAYS} days after today ({today.isoformat()})"
    return None


def check_news(settings: Settings, found: Sources, report: Report, today: date) -> None:
    for page in pages_in(found, settings.news_dir):
        if page.path.stem == "index":
            continue
        text = page.text
        data, line, error = front_matter(text)
        if error:
            report(Finding(page.shown, line, error))
            continue
        when = str((data or {}).get("date", ""))
        if problem := news_date_problem(when, today):
            report(Finding(page.shown, 2, problem))
        if first_heading(text) is None:
            message = "news item has no '# ' heading: start it with one, the headline its page and the feed show"
            report(Finding(page.shown, line, message))
        for number, text_line in enumerate(text.split("\n"), start=1):
            for key in PAPER_ROLE.findall(text_line):
                if key.strip() not in found.entries:
                    report(Finding(page.shown, number, f"refers to paper '{key}', which is not in {settings.bibfile}"))


def check_references(srcdir: Path, settings: Settings, found: Sources, report: Report) -> None:
    """Every key a page cites is in the BibTeX file; every document it names that is a file is a page."""
    keys = {key.lower() for key in found.entries}
    for page in found.pages:
        if page.problem:
            continue
        for number, key in cited_keys(page.text) if "cite" in page.text else ():
            if key.lower() not in keys:
                report(Finding(page.shown, number, f"cites '{key}', which is not in {settings.bibfile}"))
        folder = PurePosixPath(page.shown).parent
        names_documents = "{doc}" in page.text or "toctree" in page.text
        for number, target in linked_documents(page.text) if names_documents else ():
            named = PurePosixPath(target.lstrip("/")) if target.startswith("/") else folder / target
            shown = posixpath.normpath(f"{named}.md")  # "../papers/x" from a topic page is papers/x
            if not is_page(shown, settings.folders) and (srcdir / shown).is_file():
                message = (
                    f"'{target}' is {shown}, which is not a page: a page's name starts with a lower-case "
                    "letter or a digit, at the top of the site or in its papers, news or topics folder "
                    "(README.md, 'What is a page'); rename or move it"
                )
                report(Finding(page.shown, number, message))


def check_links(found: Sources, report: Report) -> None:
    """No page may link with a scheme other than http, https or mailto, nor hold a control character."""
    for page in found.pages:
        if page.problem:
            continue
        for number, line in enumerate(page.text.split("\n"), start=1):
            if code := control_character(line):
                report(
                    Finding(page.shown, number, f"holds the control character {code}, which no page or feed can carry")
                )
            for match in LINK_TARGET.finditer(line):
                target = match.group(1) or match.group(2)
                scheme = SCHEME.match(target)
                if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    report(
                        Finding(
                            page.shown,
                            number,
                            f"link scheme '{scheme.group(1)}:' is not allowed (use http or https)",
                        )
                    )
                elif scheme and scheme.group(1).lower() in ("http", "https") and (problem := url_problem(target)):
                    report(Finding(page.shown, number, f"link {problem}"))
