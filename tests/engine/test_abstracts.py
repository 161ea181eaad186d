"""Full abstracts from arXiv (``nox -s sync -- --abstracts``): filled in refs.bib's own layout, nothing else changed.

The root ``test-abstracts`` holds one paper with only an opening, one whose abstract is cut
short ("..."), one whose abstract is the researcher's own, one whose arXiv id arXiv does not
list, and one without an arXiv id. The arXiv API is a local replay
(``tests/data/arxiv-api-2301.00001,2402.00002,2406.19370,2601.99999.xml``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import Replay, build_site, copy_root, soup, text_of
from sphinx_portfolio.cli.commands import sync as sync_command
from sphinx_portfolio.core.bibedit import EditError, set_field

ENGINES = "We revisit the engine and find it general: it computes Bernoulli numbers."
NOTES = "Notes on the engine's 𝒪(n) cost & its gears, and what they imply for programs."


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("abstracts", tmp_path / "site")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sync_abstracts_fills_missing_and_cut_abstracts_and_changes_nothing_else(site, arxiv_api, capsys):
    before = (site / "refs.bib").read_text("utf-8").splitlines()
    assert sync_command(["--abstracts", "--page-size", "2", "--srcdir", str(site)]) == 0
    said = capsys.readouterr().out
    after = (site / "refs.bib").read_text("utf-8").splitlines()

    # one call names every arXiv id of refs.bib
    (ids,) = [query["id_list"] for query in Replay.requests if "id_list" in query]
    assert ids == ["2301.00001,2402.00002,2406.19370,2601.99999"]
    # the new field sits after the standard fields, aligned as they are; the cut one is replaced in place
    added = after.index(
        "  abstract           = {We revisit the engine and find it general: it computes Bernoulli numbers.},"
    )
    assert after[added - 1].startswith("  archiveprefix      =") and after[added + 1].startswith("  topics")
    assert (
        "  abstract = {Notes on the engine's $\\mathcal{O}(n)$ cost \\& its gears, and what they imply for programs.},"
        in after
    )
    # every other line is as it was, in its order; the researcher's own abstract is kept
    new_lines = [line for line in after if line not in before]
    assert len(new_lines) == 2
    assert [line for line in before if line in after] == [line for line in after if line not in new_lines]
    assert len(before) - len([line for line in before if line in after]) == 1  # the cut abstract
    assert "  abstract  = {Our own summary of the loom, longer than arXiv's.}," in after
    assert "2 filled" in said and "lovelace2018loom" in said and "lovelace2026lost" in said

    # a second run changes no byte
    first = digest(site / "refs.bib")
    assert sync_command(["--abstracts", "--page-size", "2", "--srcdir", str(site)]) == 0
    assert digest(site / "refs.bib") == first
    assert "0 filled" in capsys.readouterr().out

    # the pages show the full abstracts, and tell Zotero and Google Scholar
    build_site(site, site / "_build")
    for key, text in (("lovelace2024engines", ENGINES), ("babbage2023notes", NOTES)):
        page = soup(site / "_build" / "html" / "papers" / f"{key}.html")
        assert text_of(page.select_one(".portfolio-abstract")) == text
        assert [tag["content"] for tag in page.select('meta[name="citation_abstract"]')] == [text]
        assert "opening" not in text_of(page.select_one("#abstract"))


def test_a_refusal_leaves_refs_bib_as_it_was_and_names_the_entry(site, arxiv_api, capsys):
    bib = site / "refs.bib"
    text = bib.read_text("utf-8").replace(
        "eprint             = {2406.19370},", 'eprint = {2406.19370}, note = "See " # "engines",'
    )
    bib.write_text(text, "utf-8")
    before = digest(bib)
    assert sync_command(["--abstracts", "--page-size", "2", "--srcdir", str(site)]) == 1
    said = capsys.readouterr().err
    assert "refs.bib" in said and "lovelace2024engines" in said and "Traceback" not in said
    assert digest(bib) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a new standard field goes after the last standard one, aligned
            "@misc{k,\n  title  = {T},\n  year   = {2024},\n  topics = {t},\n}\n",
            "@misc{k,\n  title  = {T},\n  year   = {2024},\n  abstract = {A.},\n  topics = {t},\n}\n",
        ),
        (  # Windows line endings are kept; no comma after the last field
            "@misc{k,\r\n\ttitle = {T},\r\n\tyear = 2024\r\n}\r\n",
            "@misc{k,\r\n\ttitle = {T},\r\n\tyear = 2024,\r\n\tabstract = {A.},\r\n}\r\n",
        ),
        (  # an entry in parentheses, on one line
            '@misc(k, title = "T", year = {2024})\n',
            '@misc(k, title = "T", year = {2024},\n  abstract = {A.},\n)\n',
        ),
        (  # an existing field keeps its place; only its value changes
            "@misc{k,\n  abstract = {Old} ,\n  year = {2024},\n}",
            "@misc{k,\n  abstract = {A.} ,\n  year = {2024},\n}",
        ),
        (  # another entry with a key that starts the same is left alone
            "@misc{kk, year = {1}}\n@misc{k, year = {2}}\n",
            "@misc{kk, year = {1}}\n@misc{k, year = {2},\n  abstract = {A.},\n}\n",
        ),
    ],
)
def test_set_field_writes_in_the_entrys_layout(text, expected):
    assert set_field(text, "k", "abstract", "A.") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@misc{other, year = {1}}", "not there"),
        ("@misc{k, year = {1}}\n@misc{k, year = {2}}", "more than once"),
        ('@misc{k, title = "A" # x, year = {1}}', "'#'"),
        ("@misc{k, title = {A, year = {1}", "not closed"),
    ],
)
def test_set_field_refuses_what_it_cannot_edit_safely(text, message):
    with pytest.raises(EditError, match=message):
        set_field(text, "k", "abstract", "A.")
