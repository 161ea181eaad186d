"""refs.bib holds the fact sheet's facts: titles, ordered authors, years, venues, ids, links.

The fact sheet (shared/data/papers.yaml) lies beside the repository where the site is
maintained; elsewhere there is nothing to compare with and these tests are skipped.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml
from pybtex.database import Person

import oracle
from conftest import ROOT

FACTS = ROOT.parent / "shared" / "data" / "papers.yaml"
#: the one spelling refs.bib uses for a person the sources name two ways ("Last, First" as the fact sheet has it)
SAME_PERSON = {"McGrath, Tom": "McGrath, Thomas"}

pytestmark = pytest.mark.skipif(not FACTS.exists(), reason="the fact sheet is not beside this repository")


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return yaml.safe_load(FACTS.read_text("utf-8"))


def folded(text: str) -> list[str]:
    """*text*'s words, accents and case dropped: the fact sheet writes "Raphael" where refs.bib has "Rapha{\\"e}l"."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.casefold().split()


def is_initial(word: str) -> bool:
    return len(word) == 2 and word.endswith(".")


def same_person(fact: str, person: Person) -> bool:
    """Whether the fact sheet's "Last, First" names the author pybtex read from refs.bib.

    The family names agree; the given names agree word by word, a word may stand for its initial,
    and a middle initial only one side gives ("Eric" and "Eric J.") is the same person.
    """
    expected = Person(SAME_PERSON.get(fact, fact))
    if folded(oracle.family(expected)) != folded(oracle.family(person)):
        return False
    ours, theirs = folded(oracle.given(person)), folded(oracle.given(expected))
    paired = all(
        a == b or (is_initial(a) and b.startswith(a[0])) or (is_initial(b) and a.startswith(b[0]))
        for a, b in zip(ours, theirs, strict=False)
    )
    extra = ours[len(theirs) :] or theirs[len(ours) :]
    return bool(ours and theirs) and paired and all(is_initial(word) for word in extra)


def test_every_paper_of_the_fact_sheet_is_in_refs_bib(facts):
    # the fact sheet is what the site started from; papers added since need no fact there
    assert {fact["key"] for fact in facts} <= set(oracle.refs())


def test_each_entry_carries_exactly_the_facts(facts):
    refs = oracle.refs()
    for fact in facts:
        key = fact["key"]
        entry = refs[key]
        assert oracle.plain(entry.fields["title"]) == (fact.get("published_title") or fact["title"]), key
        authors = oracle.authors(entry)
        assert len(authors) == len(fact["authors"]), key
        for expected, author in zip(fact["authors"], authors, strict=True):
            assert same_person(expected, author), (key, expected, oracle.shown(author))
        equal = oracle.equal_contribution(entry)
        assert len(equal) == len(fact["equal_contribution"] or []), key
        for expected in fact["equal_contribution"] or []:
            assert any(same_person(expected, person) for person in equal), (key, expected)
        assert {str(person) for person in equal} <= {str(person) for person in authors}, key
        assert oracle.year(entry) == fact["year"], key
        for field, name in (("eprint", "arxiv"), ("doi", "doi"), ("code", "code")):
            assert entry.fields.get(field) == fact[name], (key, field)
        if fact["venue_type"] == "preprint":
            assert oracle.venue(entry) is None and oracle.kind(entry) == "preprint", key
        else:
            venue = re.split(r", (PMLR|pp\.|vol\.) ", fact["venue"])[0]
            assert oracle.venue(entry) == venue and oracle.kind(entry) == fact["venue_type"], key
        if fact.get("summary"):
            assert oracle.text_field(entry, "tldr") == fact["summary"], key
