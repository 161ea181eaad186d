"""The words readers see, on the pages and in the files beside them, through Sphinx's message
catalogs (``language`` in conf.py chooses).

Every reader-facing string of the engine is written ``_("...")``, or
``plural(n, "{count} paper", "{count} papers")`` for a count, and translated from
``sphinx_portfolio/locale/<language>/LC_MESSAGES/sphinx_portfolio.po`` (compiled to ``.mo``
by ``nox -s translations``). A language with no catalog reads English. Month names come
from Babel (Sphinx's own dependency), which knows every language's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from sphinx.application import Sphinx
from sphinx.locale import get_translation

if TYPE_CHECKING:
    from .core.records import Paper

CATALOG = "sphinx_portfolio"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_ = get_translation(CATALOG)


def plural(count: int, one: str, many: str) -> str:
    """``count`` with its noun, in the reader's language: "1 paper", "3 papers".

    Two messages, one for a single thing and one for any other count: the plural forms of
    English and of the catalogs shipped (Sphinx's ``get_translation`` has no ``ngettext``).
    """
    return str(_(one) if count == 1 else _(many)).format(count=count)


def month_year(year: int, month: int, language: str | None) -> str:
    """ "March 2021", in the reader's language."""
    try:
        locale = Locale.parse(language or "en", sep="-" if "-" in (language or "") else "_")
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    return format_date(date(year, month, 1), "LLLL y", locale=locale)


def venue_label(paper: Paper) -> str:
    """The venue and year in short ("NeurIPS 2024"), or "Preprint 2024", in the reader's language."""
    return paper.venue.label if paper.venue else str(_("Preprint {year}")).format(year=paper.year)


def register(app: Sphinx) -> None:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
