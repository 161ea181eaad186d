"""Expected values of the site's tests: refs.bib as pybtex reads it, never as the engine reads it.

A wrong parse or mapping in ``sphinx_portfolio`` must fail these tests, so nothing here
imports from it: fields come from ``pybtex.database.parse_file`` and are rendered to text
by pybtex; the kind of venue of each entry type is a literal table (README.md, "Fields of
refs.bib"); what each client makes of a kind is a literal table in the test that checks it.
"""

from __future__ import annotations

import re
from functools import cache

from pybtex.database import Entry, Person, parse_file, parse_string
from pybtex.richtext import Text

from conftest import ROOT

#: the researcher, as his homepage names him (shared/data/profile.yaml)
SELF = "Ekdeep Singh Lubana"

#: the kind of venue each entry type of refs.bib names, as README.md ("Fields of refs.bib") has it,
#: unless its venue_type says otherwise. An entry type not listed is a KeyError: add it with its kind.
KIND_OF_TYPE = {
    "inproceedings": "conference",
    "article": "journal",
    "misc": "preprint",
    "unpublished": "preprint",
    "incollection": "book",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
}


@cache
def refs() -> dict[str, Entry]:
    """refs.bib's entries by key, as pybtex parses the file."""
    return dict(parse_file(ROOT / "refs.bib").entries)


def plain(latex: str) -> str:
    """A field's LaTeX as pybtex renders it to text (accents decoded, braces gone)."""
    return " ".join(Text.from_latex(latex).render_as("text").split())


def shown(person: Person) -> str:
    """A name as a reader reads it, "First von Last", each part rendered by pybtex."""
    parts = [*person.rich_first_names, *person.rich_middle_names, *person.rich_prelast_names, *person.rich_last_names]
    return " ".join(part.render_as("text") for part in parts)


def family(person: Person) -> str:
    """The family name with its particle and lineage ("de Haan", "van der Berg Jr."), as pybtex splits it."""
    parts = [*person.rich_prelast_names, *person.rich_last_names, *person.rich_lineage_names]
    return " ".join(part.render_as("text") for part in parts)


def given(person: Person) -> str:
    return " ".join(part.render_as("text") for part in [*person.rich_first_names, *person.rich_middle_names])


def last_first(person: Person) -> str:
    """ "Family, Given", the form of Highwire's citation_author, RIS's AU and COinS's rft.au."""
    return f"{family(person)}, {given(person)}"


def authors(entry: Entry) -> list[Person]:
    """The entry's authors in order; a closing ``and others`` is no person."""
    return [person for person in entry.persons["author"] if str(person) != "others"]


def equal_contribution(entry: Entry) -> list[Person]:
    """The people of the site-only field ``equal_contribution``, a name list like ``author``."""
    names = entry.fields.get("equal_contribution", "")
    if not names.strip():
        return []
    return list(parse_string(f"@misc{{x, author = {{{names}}}}}", "bibtex").entries["x"].persons["author"])


def flag(entry: Entry, name: str) -> bool:
    """A site-only yes/no field (``selected``, ``undergraduate``): README.md says ``{true}``."""
    return entry.fields.get(name, "").strip().lower() == "true"


def separated(entry: Entry, name: str, separator: str = ";") -> list[str]:
    """The parts of a site-only list field (``alt_titles``, ``award``: ``;``; ``topics``: ``,``), as text."""
    return [plain(part) for part in entry.fields.get(name, "").split(separator) if part.strip()]


def topics(entry: Entry) -> list[str]:
    return [slug.strip() for slug in entry.fields.get("topics", "").split(",") if slug.strip()]


def year(entry: Entry) -> int:
    return int(entry.fields["year"])


def kind(entry: Entry) -> str:
    """conference, workshop, journal or preprint: ``venue_type`` where written, else by entry type."""
    return entry.fields.get("venue_type") or KIND_OF_TYPE[entry.type]


def item_kind(entry: Entry) -> str:
    """What a reference manager calls the paper: a workshop paper is a conference paper, and a
    book venue is a chapter (@incollection) or the book itself (@book)."""
    found = kind(entry)
    if found == "workshop":
        return "conference"
    if found == "book":
        return "book" if entry.type == "book" else "chapter"
    return found


def where(entry: Entry) -> str | None:
    """The school, institution or publisher a thesis, report or book names, as text."""
    latex = entry.fields.get("school") or entry.fields.get("institution") or entry.fields.get("publisher")
    return plain(latex) if latex else None


def venue(entry: Entry) -> str | None:
    """The venue's name as text (booktitle or journal); None for a preprint."""
    latex = entry.fields.get("booktitle") or entry.fields.get("journal")
    return plain(latex) if latex else None


def text_field(entry: Entry, name: str) -> str | None:
    """A text field (``tldr``, ``abstract_opening``) rendered by pybtex, or None without one."""
    return plain(entry.fields[name]) if entry.fields.get(name, "").strip() else None


def arxiv_url(entry: Entry) -> str | None:
    eprint = entry.fields.get("eprint")
    return eprint and f"https://arxiv.org/abs/{eprint}"


def doi_url(entry: Entry) -> str | None:
    doi = entry.fields.get("doi")
    return doi and f"https://doi.org/{doi}"


def latest_news() -> int:
    """How many news items the home page shows: conf.py's ``portfolio_latest_news``, else README.md's default, 5."""
    setting = re.search(r"^portfolio_latest_news\s*=\s*(\d+)", (ROOT / "conf.py").read_text("utf-8"), re.M)
    return int(setting.group(1)) if setting else 5
