"""``{cite:p}`` and ``{cite:t}`` (sphinxcontrib-bibtex's roles) link to the cited paper's page."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT, build_site, soup

SOURCE = ROOT / "tests" / "roots" / "test-integrity"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("cite") / "src"
    shutil.copytree(SOURCE, site)
    with (site / "index.md").open("a", encoding="utf-8") as home:
        home.write("\nOur engines {cite:p}`lovelace2024engines`, as {cite:t}`babbage2023notes` noted.\n")
        home.write("\n```text\nWrite {cite:p}`lovelace2024engines` to cite.\n```\n")
    (site / "news" / "2024-06-notes.md").write_text(
        "---\ndate: 2024-06\n---\n\n# Notes reread\n\nSee {cite:p}`babbage2023notes,lovelace2024engines`.\n\n"
        "## Sources\n\n```{bibliography}\n```\n",
        "utf-8",
    )
    app, warnings = build_site(site, site.parent / "out")
    assert warnings == "", warnings
    return app.outdir


def citation_links(page) -> list[str]:
    return [a["href"] for a in page.select(".bibtex-citation a[href]")]


def test_a_citation_links_to_the_papers_own_page(built):
    home = soup(built / "index.html")
    assert citation_links(home) == ["papers/lovelace2024engines.html", "papers/babbage2023notes.html"]


def test_a_citing_page_without_a_bibliography_gets_a_references_section(built):
    home = soup(built / "index.html")
    references = home.select_one("section#references")
    assert references is not None and references.select_one("h2").get_text().startswith("References")
    assert len(references.select(".citation, [role=doc-biblioentry], dd, li")) >= 2


def test_a_page_with_its_own_bibliography_keeps_it_alone(built):
    news = soup(built / "news" / "2024-06-notes.html")
    assert news.select_one("section#references") is None
    assert sorted(citation_links(news)) == ["../papers/babbage2023notes.html", "../papers/lovelace2024engines.html"]


def test_paper_pages_gain_no_references_section(built):
    assert soup(built / "papers" / "lovelace2024engines.html").select_one("section#references") is None


def test_code_blocks_show_citation_markup_as_written(built):
    code = soup(built / "index.html").select_one("div.highlight pre")
    assert code.get_text() == "Write {cite:p}`lovelace2024engines` to cite.\n"
