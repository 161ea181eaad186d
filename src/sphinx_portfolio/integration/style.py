"""The pybtex style the "Cite" section is formatted with (through sphinxcontrib-bibtex).

Registered as ``portfolio`` through pybtex's plugin entry points (``pyproject.toml``), so
pybtex finds it by name wherever the package is installed, without being imported first.

It is pybtex's ``unsrt`` with ``alpha`` labels and three corrections: titles keep the case written in
``refs.bib`` (``unsrt`` lower-cases every word that is not braced), LaTeX markup
such as ``\\emph`` renders as emphasis instead of appearing literally, and 'and others'
reads "et al.".
"""

from __future__ import annotations

import functools
from typing import Any

from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin
from pybtex.style import FormattedEntry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.names import name_part
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.template import FieldIsMissing, field, join, node, sentence

from ..core.latex import _apply_markup, math_as_text, to_rich
from ..i18n import _
from .kept_citations import MEMO

STYLE_NAME = "portfolio"


class PortfolioNameStyle(PlainNameStyle):
    """pybtex's plain name style, each name part decoded once per build, not per entry."""

    def format(self, person: Person, abbr: bool = False) -> Any:
        def rich(parts: list[str]) -> list[Any]:
            return [to_rich(part) for part in parts]

        return join[
            name_part(tie=True, abbr=abbr)[rich(person.first_names) + rich(person.middle_names)],
            name_part(tie=True)[rich(person.prelast_names)],
            name_part[rich(person.last_names)],
            name_part(before=", ")[rich(person.lineage_names)],
        ]


@node
def names_et_al(children: list[Any], context: dict[str, Any], role: str, **kwargs: Any) -> Any:
    """pybtex's ``names``, with BibTeX's 'and others' written "et al." (as bibtex's styles do)."""
    try:
        persons = context["entry"].persons[role]
    except KeyError:
        raise FieldIsMissing(role, context["entry"]) from None
    style = context["style"]
    others = bool(persons) and str(persons[-1]).strip().lower() == "others"
    named = persons[:-1] if others else persons
    formatted = [style.format_name(person, style.abbreviate_names) for person in named]
    if others:
        return join(sep=", ")[[*formatted, str(_(" et al.")).strip()]].format_data(context)
    return join(**kwargs)[formatted].format_data(context)


def style_words() -> tuple[str, ...]:
    """The style's words in the language of the build: a formatted entry is made of them too."""
    return (str(_(" et al.")), str(_(" and ")), str(_(", and ")))


class PortfolioStyle(UnsrtStyle):
    default_sorting_style = "none"
    default_name_style = STYLE_NAME
    # labels made from the entry ("LB24"), the same in every bibliography of the site: numbers
    # restart in each, and sphinxcontrib-bibtex refuses one label for two entries
    default_label_style = "alpha"

    def format_names(self, role: str, as_sentence: bool = True) -> Any:
        formatted_names = names_et_al(role, sep=", ", sep2=str(_(" and ")), last_sep=str(_(", and ")))
        return sentence[formatted_names] if as_sentence else formatted_names

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        formatted_title = field(which_field)
        return sentence[formatted_title] if as_sentence else formatted_title

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        """The entry formatted, or what formatting it the same way gave before (kept_citations)."""

        def make() -> FormattedEntry:
            formatted = super(PortfolioStyle, self).format_entry(label, with_math_as_text(entry), bib_data=bib_data)
            return FormattedEntry(formatted.key, _apply_markup(formatted.text), formatted.label)

        if type(self) is not PortfolioStyle or bib_data is not None:  # a subclass may format otherwise
            return make()
        return MEMO.formatted((type(self).__qualname__, self.abbreviate_names, *style_words()), label, entry, make)


def with_math_as_text(entry: Entry) -> Entry:
    """*entry*, its formulas written as the page shows them: one rendering of math everywhere."""
    if not any("$" in value for value in entry.fields.values()):
        return entry
    fields = {name: math_as_text(value) for name, value in entry.fields.items()}
    written = Entry(entry.type, fields=fields, persons=entry.persons)
    written.key = entry.key
    return written


@functools.cache
def formatter(name: str) -> Any:
    """One instance per style: pybtex looks plugins up in the package metadata, slowly."""
    return find_plugin("pybtex.style.formatting", name)()
