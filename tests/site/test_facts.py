"""refs.bib holds the fact sheet's facts: titles, ordered authors, years, venues, ids, links.

The fact sheet (shared/data/papers.yaml) lies beside the repository where the site is
maintained; elsewhere there is nothing to compare with and these tests are skipped.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from sphinx_portfolio.core.check import given_names_compatible
from sphinx_portfolio.core.records import person_id

FACTS = ROOT.parent / "shared" / "data" / "papers.yaml"
#: the one spelling refs.bib uses for a person the sources name two ways
SAME_PERSON = {"tom mcgrath": "thomas mcgrath"}

pytestmark = pytest.mark.skipif(not FACTS.exists(), reason="the fact sheet is not beside this repository")


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return yaml.safe_load(FACTS.read_text("utf-8"))


def same_person(fact: str, shown: str) -> bool:
    last, _, first = fact.partition(", ")
    fact_id = SAME_PERSON.get(person_id(f"{first} {last}"), person_id(f"{first} {last}"))
    ours = person_id(shown)
    if fact_id == ours:
        return True
    fact_words, our_words = fact_id.split(), ours.split()
    return fact_words[-1] == our_words[-1] and given_names_compatible(fact_words[:-1], our_words[:-1])


def test_every_paper_of_the_fact_sheet_is_in_refs_bib(facts, real_sources):
    # the fact sheet is what the site started from; papers added since need no fact there
    assert {fact["key"] for fact in facts} <= set(real_sources.papers)


def test_each_entry_carries_exactly_the_facts(facts, real_sources):
    for fact in facts:
        paper = real_sources.papers[fact["key"]]
        assert paper.title == (fact.get("published_title") or fact["title"]), fact["key"]
        assert len(paper.authors) == len(fact["authors"]), fact["key"]
        for expected, author in zip(fact["authors"], paper.authors, strict=True):
            assert same_person(expected, author.name), (fact["key"], expected, author.name)
        equal = [a for a in paper.authors if a.equal]
        assert len(equal) == len(fact["equal_contribution"] or []), fact["key"]
        assert paper.year == fact["year"], fact["key"]
        assert paper.eprint == fact["arxiv"] and paper.doi == fact["doi"] and paper.code == fact["code"], fact["key"]
        if fact["venue_type"] == "preprint":
            assert paper.venue is None and paper.venue_type == "preprint", fact["key"]
        else:
            venue = re.split(r", (PMLR|pp\.|vol\.) ", fact["venue"])[0]
            assert paper.venue.name == venue and paper.venue_type == fact["venue_type"], fact["key"]
        if fact.get("summary"):
            assert paper.tldr == fact["summary"], fact["key"]
