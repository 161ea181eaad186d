"""The fields of ``refs.bib``: which are standard BibTeX and which only the site reads.

This module is the one place that defines them; README.md documents the same table.
"""

from __future__ import annotations

#: fields each entry type must have (a tuple means: one of these)
REQUIRED_FIELDS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "book": (("author", "editor"), "title", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "misc": ("author", "title", "year"),
    "unpublished": ("author", "title", "year"),
}

#: the field that names where an entry type appeared
VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "conference": "booktitle",
    "incollection": "booktitle",
    "book": "publisher",
    "phdthesis": "school",
    "mastersthesis": "school",
    "techreport": "institution",
}

#: what kind of venue each entry type is, unless ``venue_type`` says otherwise
DEFAULT_VENUE_TYPE = {
    "article": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "incollection": "book",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "misc": "preprint",
    "unpublished": "preprint",
}

VENUE_TYPES = ("conference", "workshop", "journal", "preprint", "book", "thesis", "report")

#: standard BibTeX / biblatex fields the site accepts and passes on in copied BibTeX
STANDARD_FIELDS = frozenset(
    [
        "abstract",
        "address",
        "annote",
        "author",
        "booktitle",
        "chapter",
        "edition",
        "editor",
        "howpublished",
        "institution",
        "journal",
        "month",
        "note",
        "number",
        "organization",
        "pages",
        "publisher",
        "school",
        "series",
        "title",
        "type",
        "volume",
        "year",
        "doi",
        "eprint",
        "archiveprefix",
        "primaryclass",
        "url",
        "urldate",
        "isbn",
        "issn",
        "language",
    ]
)

#: fields only the site reads: name -> what it means (README.md has the same table)
SITE_FIELDS: dict[str, str] = {
    "venue_type": "kind of venue when the entry type does not say it: " + ", ".join(VENUE_TYPES),
    "award": "awards at the main venue, separated by ';' (e.g. Spotlight)",
    "also_presented": "other venues, separated by ';', each 'Venue | year' with optional '| award' parts",
    "equal_contribution": "authors who contributed equally, written as in 'author'",
    "topics": "one to three topic slugs, separated by ','; each has a page topics/<slug>.md",
    "selected": "'true' to list the paper, with its tldr, among the home page's selected publications",
    "undergraduate": "'true' for undergraduate research, listed in its own section",
    "code": "URL of the code",
    "project": "URL of the project page",
    "alt_titles": "other titles the paper was known by, separated by ';'",
    "tldr": "a one-sentence summary",
    "pdf": "a PDF of the paper in the repository (path from the site's folder), published beside its page;"
    " or the https:// address of a PDF elsewhere",
    "teaser": "a figure of the paper (PNG, JPEG or WebP in the repository, path from the site's folder), shown"
    " in lists, on its page and in its link preview",
    "abstract_opening": "the opening of the abstract, when the full abstract (standard 'abstract') is not known",
}

URL_FIELDS = ("url", "code", "project")
BOOLEAN_FIELDS = ("selected", "undergraduate")
#: fields whose LaTeX is shown on pages and so must render faithfully
TEXT_FIELDS = (
    "title",
    "author",
    "editor",
    "booktitle",
    "journal",
    "publisher",
    "school",
    "institution",
    "series",
    "note",
    "howpublished",
    "award",
    "also_presented",
    "equal_contribution",
    "alt_titles",
    "tldr",
    "abstract_opening",
    "abstract",
)
