"""A paper page is built in one step from its own source: nothing is added to what the researcher wrote."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import copy_root, soup, text_of


@pytest.fixture
def app(make_app, rootdir, tmp_path):

    copy_root("paper-page", tmp_path / "site")
    sources: dict[str, str] = {}
    app = make_app("html", srcdir=tmp_path / "site", builddir=tmp_path / "out", warning=io.StringIO())
    # the last word on a page's source, after every extension's source-read handler
    app.connect("source-read", lambda _app, docname, source: sources.__setitem__(docname, source[0]), priority=999)
    app.build()
    app.sources = sources
    return app


def test_the_source_sphinx_reads_is_the_file_the_researcher_wrote(app):
    written = (app.srcdir / "papers" / "lovelace2024engines.md").read_text("utf-8")
    assert app.sources["papers/lovelace2024engines"] == written
    assert app._warning.getvalue() == ""


def test_the_page_has_its_note_and_a_cite_section_with_one_tab_per_format(app):
    page = soup(app.outdir / "papers" / "lovelace2024engines.html")
    assert "A note of the author's own." in text_of(page.select_one("section#paper"))
    cite = page.select_one("section#cite")
    assert [text_of(label) for label in cite.select("label.sd-tab-label")] == ["BibTeX", "CSL-JSON", "RIS", "Formatted"]
    blocks = cite.select(".sd-tab-content")
    assert "@inproceedings{lovelace2024engines," in blocks[0].get_text()
    assert '"title": "Analytical Engines, Revisited"' in blocks[1].get_text()
    assert "TY  - CONF" in blocks[2].get_text()
    assert "Ada Lovelace and Charles Babbage. Analytical Engines, Revisited." in text_of(blocks[3])


def test_the_title_reads_the_same_on_the_page_in_its_tags_its_citation_and_its_downloads(app):
    """One rendering of a field's LaTeX (math, accents, \\&) for every output."""
    import json

    title = "𝒪(√n) Bounds for Über-Networks & Friends"
    page = soup(app.outdir / "papers" / "babbage2023bounds.html")
    assert text_of(page.select_one("section#paper h1")).rstrip("¶#").strip() == title
    assert page.select_one('meta[name="citation_title"]')["content"] == title
    formatted = page.select(".sd-tab-content")[3]
    assert f"{title}." in text_of(formatted.select_one(".portfolio-citation"))
    assert f"{title}." in formatted.select_one("pre").get_text()
    csl = json.loads((app.outdir / "papers" / "babbage2023bounds.json").read_text("utf-8"))
    assert csl[0]["title"] == title
    assert f"TI  - {title}" in (app.outdir / "papers" / "babbage2023bounds.ris").read_text("utf-8")


def test_pybtex_finds_the_citation_style_by_name_from_the_installed_package_alone():
    """A fresh interpreter that has imported nothing of the engine: pybtex's entry points name the style."""
    import subprocess
    import sys

    lookup = (
        "import sys; from pybtex.plugin import find_plugin; "
        "assert not any(name.startswith('sphinx_portfolio') for name in sys.modules); "
        "print(find_plugin('pybtex.style.formatting', 'portfolio').__name__, "
        "find_plugin('pybtex.style.names', 'portfolio').__name__)"
    )
    done = subprocess.run([sys.executable, "-c", lookup], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["PortfolioStyle", "PortfolioNameStyle"]


def test_each_entry_of_refs_bib_is_read_once_per_build_and_after_an_edit_only_the_edited_one(
    make_app, rootdir, tmp_path, monkeypatch
):

    from pybtex.database.input.bibtex import Parser

    parses: list[str] = []
    original = Parser.process_entry

    def counted(self, entry_type, key, fields):
        parses.append(key)
        return original(self, entry_type, key, fields)

    monkeypatch.setattr(Parser, "process_entry", counted)
    # the engine's own scanner of BibTeX is a second reading, when it runs
    from sphinx_portfolio.core import bibfile

    scan = bibfile._Scanner.entries
    monkeypatch.setattr(bibfile._Scanner, "entries", lambda self: parses.append("scan") or scan(self))
    site = tmp_path / "site"
    copy_root("paper-page", site)

    def build() -> list[str]:
        parses.clear()
        app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())
        app.build()
        # a second app in one process re-registers Sphinx's own nodes, and says so; nothing else
        assert [line for line in app._warning.getvalue().splitlines() if "already registered" not in line] == []
        return sorted(parses)

    # a first build: one reading, shared by sphinxcontrib-bibtex and the paper records
    assert build() == ["babbage2023bounds", "lovelace2024engines"]
    assert build() == []  # nothing changed: the reading kept in the environment serves
    bib = site / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("{2024}", "{2025}"), "utf-8")
    assert build() == ["lovelace2024engines"]  # an edit: the edited entry is read again, and only it
    page = soup(tmp_path / "out" / "html" / "papers" / "lovelace2024engines.html")
    assert "2025" in text_of(page.select_one("section#paper"))
    # a macro that changes makes every entry that may use it read again
    bib.write_text('@string{engines = "Journal of Engines"}\n' + bib.read_text("utf-8"), "utf-8")
    assert build() == ["babbage2023bounds", "lovelace2024engines"]


def test_link_preview_cards_are_drawn_once_and_reused_by_the_next_clean_build(make_app, rootdir, tmp_path, monkeypatch):

    from sphinx_portfolio.writers import cards

    drawn: list[str] = []
    draw = cards.draw_card
    monkeypatch.setattr(cards, "draw_card", lambda title, *rest: drawn.append(title) or draw(title, *rest))
    site = tmp_path / "site"
    copy_root("paper-page", site)

    def clean_build(out: str) -> Path:
        drawn.clear()
        app = make_app("html", srcdir=site, builddir=tmp_path / out, freshenv=True, warning=io.StringIO())
        app.build()
        return Path(app.outdir)

    first = clean_build("first")
    assert sorted(drawn) == sorted(
        ["Analytical Engines, Revisited", "𝒪(√n) Bounds for Über-Networks & Friends", "Ada Lovelace"]
    )
    second = clean_build("second")  # another output folder, a fresh environment: nothing is drawn again
    assert drawn == []
    for card in ["papers/lovelace2024engines.png", "papers/babbage2023bounds.png", "site-card.png"]:
        assert (second / card).read_bytes() == (first / card).read_bytes()
    bib = site / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("Analytical Engines, \\emph{Revisited}", "Analytical Engines"))
    clean_build("third")
    assert drawn == ["Analytical Engines"]  # only the card whose words changed


def test_the_related_papers_index_is_made_again_only_when_what_it_reads_changes(
    make_app, rootdir, tmp_path, monkeypatch
):

    from sphinx_portfolio.integration import lists

    made: list[int] = []
    index = lists.related_index
    monkeypatch.setattr(lists, "related_index", lambda papers, count: made.append(len(papers)) or index(papers, count))
    site = tmp_path / "site"
    copy_root("paper-page", site)
    bib = site / "refs.bib"

    def build_after(old: str = "", new: str = "") -> list[int]:
        bib.write_text(bib.read_text("utf-8").replace(old, new, 1), "utf-8")
        made.clear()
        make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO()).build()
        return list(made)

    assert build_after() == [2]
    assert build_after() == []  # nothing changed
    assert build_after("Analytical Engines, \\emph{Revisited}", "Analytical Engines") == []  # a title
    assert build_after(
        "Lovelace, Ada and Babbage, Charles}", "Lovelace, Ada and Babbage, Charles and Boole, George}"
    ) == [2]
    page = soup(tmp_path / "out" / "html" / "papers" / "babbage2023bounds.html")
    assert "Analytical Engines" in text_of(page.select_one("section#related"))


def test_paper_records_are_made_once_and_made_again_only_for_the_entry_that_changed(
    make_app, rootdir, tmp_path, monkeypatch
):
    """Records are kept in the cache folder, so a clean build in a new output folder reuses them too."""
    from sphinx_portfolio.core import check

    made: list[str] = []
    build_paper = check.build_paper
    monkeypatch.setattr(check, "build_paper", lambda entry, **kw: made.append(entry.key) or build_paper(entry, **kw))
    site = tmp_path / "site"
    copy_root("paper-page", site)
    bib = site / "refs.bib"

    def clean_build(out: str, old: str = "", new: str = "") -> Path:
        bib.write_text(bib.read_text("utf-8").replace(old, new, 1), "utf-8")
        made.clear()
        app = make_app("html", srcdir=site, builddir=tmp_path / out, freshenv=True, warning=io.StringIO())
        app.build()
        return Path(app.outdir)

    clean_build("first")
    assert sorted(made) == ["babbage2023bounds", "lovelace2024engines"]
    clean_build("second")
    assert made == []
    out = clean_build("third", "Analytical Engines, \\emph{Revisited}", "Difference Engines")
    assert made == ["lovelace2024engines"]
    page = soup(out / "papers" / "lovelace2024engines.html")
    assert text_of(page.select_one("section#paper h1")).rstrip("¶#").strip() == "Difference Engines"
    # a setting a record reads (who the researcher is) makes every record again
    conf = site / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"Lovelace, Ada"', '"Babbage, Charles"'), "utf-8")
    out = clean_build("fourth")
    assert sorted(made) == ["babbage2023bounds", "lovelace2024engines"]
    marked = soup(out / "papers" / "lovelace2024engines.html").select(".portfolio-byline .portfolio-self")
    assert [text_of(node) for node in marked] == ["Charles Babbage"]


def test_the_list_downloads_follow_an_edit_and_are_not_rewritten_without_one(make_app, rootdir, tmp_path):
    site = tmp_path / "site"
    copy_root("paper-page", site)
    bib = site / "refs.bib"
    all_bib = tmp_path / "out" / "html" / "papers" / "all.bib"

    def build(old: str = "", new: str = "") -> int:
        bib.write_text(bib.read_text("utf-8").replace(old, new, 1), "utf-8")
        make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO()).build()
        return all_bib.stat().st_mtime_ns

    first = build()
    assert build() == first
    build("Analytical Engines, \\emph{Revisited}", "Difference Engines")
    assert "Difference Engines" in all_bib.read_text("utf-8")
    all_bib.unlink()  # a file removed from the output folder is written again
    build()
    assert "Difference Engines" in all_bib.read_text("utf-8")


def test_the_page_cites_its_entry_through_sphinxcontrib_bibtex_and_the_cite_tab_copies_that_citation(app):
    source = (app.srcdir / "papers" / "lovelace2024engines.md").read_text("utf-8")
    assert "{footcite:t}`lovelace2024engines`" in source and "```{footbibliography}" in source
    page = soup(app.outdir / "papers" / "lovelace2024engines.html")
    expected = (
        "Ada Lovelace and Charles Babbage. Analytical Engines, Revisited. "
        "In International Conference on Machine Learning (ICML). 2024."
    )
    # sphinxcontrib-bibtex's footnote of {footcite}, in the portfolio's style (titles as written, \emph as emphasis)
    footnote = page.select_one("aside.footnote#footcite-lovelace2024engines")
    assert " ".join(footnote.select_one("p").get_text().split()) == expected
    assert footnote.select_one("p em").get_text() == "Revisited"
    assert page.select_one("a.footnote-reference").get_text().strip("[] ") == "1"
    formatted = page.select("section#cite .sd-tab-content")[3]
    assert formatted.select_one("pre").get_text().strip() == expected
    assert formatted.select(".portfolio-citation") == []  # shown once on the page: in the footnote


def test_a_page_written_before_pages_cited_their_entry_still_shows_its_formatted_citation(app):
    source = (app.srcdir / "papers" / "babbage2023bounds.md").read_text("utf-8")
    assert "footcite" not in source
    page = soup(app.outdir / "papers" / "babbage2023bounds.html")
    assert page.select("aside.footnote") == []
    formatted = page.select("section#cite .sd-tab-content")[3]
    assert text_of(formatted.select_one(".portfolio-citation")).startswith("Charles Babbage and Ada Lovelace.")


def test_an_entry_edit_reads_again_only_the_page_of_that_entry_and_its_footnote_follows(make_app, rootdir, tmp_path):
    """{footbibliography} makes its page depend on all of refs.bib; the portfolio follows each entry instead."""
    site = tmp_path / "site"
    copy_root("paper-page", site)
    bib = site / "refs.bib"

    def build_after(old: str = "", new: str = "") -> set[str]:
        bib.write_text(bib.read_text("utf-8").replace(old, new, 1), "utf-8")
        read: set[str] = set()
        app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())
        app.connect("source-read", lambda _app, docname, _source: read.add(docname))
        app.build()
        return read

    build_after()
    assert build_after() == set()
    # the other paper's entry: the page that cites only its own entry is not read again
    assert "papers/lovelace2024engines" not in build_after("Journal of Engines", "Journal of Difference Engines")
    # a field the page shows only in its citation (the booktitle): the page is read again, and shows it
    assert "papers/lovelace2024engines" in build_after("Machine Learning (ICML)", "Engines (ICE)")
    page = soup(tmp_path / "out" / "html" / "papers" / "lovelace2024engines.html")
    assert "In International Conference on Engines (ICE). 2024." in page.select_one("aside.footnote p").get_text()


def test_a_paper_page_that_cites_other_entries_follows_all_of_refs_bib(make_app, rootdir, tmp_path):
    site = tmp_path / "site"
    copy_root("paper-page", site)
    page = site / "papers" / "lovelace2024engines.md"
    page.write_text(page.read_text("utf-8") + "\nIt extends {footcite:t}`babbage2023bounds`.\n", "utf-8")
    bib = site / "refs.bib"
    make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO()).build()
    bib.write_text(bib.read_text("utf-8").replace("Journal of Engines", "Journal of Difference Engines"), "utf-8")
    read: set[str] = set()
    app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())
    app.connect("source-read", lambda _app, docname, _source: read.add(docname))
    app.build()
    assert "papers/lovelace2024engines" in read
    shown = soup(app.outdir / "papers" / "lovelace2024engines.html").select("aside.footnote p")
    assert any("Journal of Difference Engines" in note.get_text() for note in shown)


def test_the_footnote_citation_reads_formulas_and_accents_as_the_page_title_does(make_app, rootdir, tmp_path):
    from sphinx_portfolio.config import load_settings
    from sphinx_portfolio.core.authoring import migrate_paper_pages

    site = copy_root("paper-page", tmp_path / "site")
    assert [page.name for page in migrate_paper_pages(site, load_settings(site))] == ["babbage2023bounds.md"]
    app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())
    app.build()
    page = soup(app.outdir / "papers" / "babbage2023bounds.html")
    title = "𝒪(√n) Bounds for Über-Networks & Friends"
    assert text_of(page.select_one("section#paper h1")).rstrip("¶#").strip() == title
    footnote = " ".join(page.select_one("aside.footnote#footcite-babbage2023bounds p").get_text().split())
    assert footnote == f"Charles Babbage and Ada Lovelace. {title}. Journal of Engines, 2023."
    assert page.select("section#cite .sd-tab-content")[3].select_one("pre").get_text().strip() == footnote
