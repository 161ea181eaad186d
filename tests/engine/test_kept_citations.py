"""A paper page's citation and its Cite section's highlighting are kept between builds, clean ones too.

sphinxcontrib-bibtex has the portfolio's pybtex style format each page's entry, and Sphinx has
Pygments highlight each block of the Cite section. Both results are kept in the site's cache
folder; what a page shows must stay exactly what formatting and highlighting make, follow
every edit of the entry and the site's language, and come back from pages read with ``-j``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.style.formatting import BaseStyle
from sphinx.highlighting import PygmentsBridge

from conftest import clean_build as clean_build_of
from conftest import copy_root, soup, text_of

KEYS = (
    "lovelace2024engines",
    "babbage2023bounds",
    "lovelace2022notes",
    "somerville2021connexion",
    "lovelace2020tables",
    "herschel2019comets",
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_root("kept-citations", tmp_path / "site")


@pytest.fixture
def formatted(monkeypatch) -> list[str]:
    """The keys of the entries pybtex formatted in a build."""
    found: list[str] = []
    format_entry = BaseStyle.format_entry

    def counted(self, label, entry, bib_data=None):
        found.append(entry.key)
        return format_entry(self, label, entry, bib_data)

    monkeypatch.setattr(BaseStyle, "format_entry", counted)
    return found


@pytest.fixture
def highlighted(monkeypatch) -> list[str]:
    """The blocks Pygments highlighted in a build, by their first line."""
    found: list[str] = []
    highlight_block = PygmentsBridge.highlight_block

    def counted(self, source, lang, *args, **kwargs):
        found.append(source.splitlines()[0] if source else "")
        return highlight_block(self, source, lang, *args, **kwargs)

    monkeypatch.setattr(PygmentsBridge, "highlight_block", counted)
    return found


def new_process() -> None:
    """What a later `sphinx-build` starts with: nothing formatted in memory, only the cache folder."""
    from sphinx_portfolio.integration import kept_citations

    kept_citations.MEMO.kept.clear()
    kept_citations.MEMO.made.clear()


def clean_build(make_app, site: Path, out: Path, parallel: int = 0, **overrides) -> Path:
    """A clean build in a process that has formatted nothing yet."""
    new_process()
    return clean_build_of(make_app, site, out, parallel=parallel, confoverrides=overrides)


def page(out: Path, key: str):
    return soup(out / "papers" / f"{key}.html")


def citation(out: Path, key: str) -> str:
    """The formatted citation sphinxcontrib-bibtex's footnote shows on the paper's page."""
    return text_of(page(out, key).select_one("aside.footnote p, dl.footnote dd p, .footnote p"))


def test_a_clean_build_shows_what_formatting_and_highlighting_make(make_app, site, tmp_path, formatted, highlighted):
    first = clean_build(make_app, site, tmp_path / "first")
    assert sorted(formatted) == sorted(KEYS)
    assert len(highlighted) == 4 * len(KEYS)  # BibTeX, CSL-JSON, RIS, Formatted
    formatted.clear(), highlighted.clear()
    second = clean_build(make_app, site, tmp_path / "second")
    assert formatted == [] and highlighted == []
    for key in KEYS:
        assert (second / "papers" / f"{key}.html").read_bytes() == (first / "papers" / f"{key}.html").read_bytes(), key
    # what readers see, kept or not
    assert citation(second, "lovelace2024engines").startswith("Ada Lovelace and Charles Babbage. Analytical Engines,")
    assert "Charles Babbage, Ada Lovelace, et al. 𝒪(√n) Bounds for Über-Networks & Friends." in citation(
        second, "babbage2023bounds"
    )
    bibtex = page(second, "lovelace2024engines").select_one("div.portfolio-bibtex.highlight-bibtex div.highlight pre")
    assert bibtex.get_text().startswith("@inproceedings{lovelace2024engines,\n")
    assert bibtex.select("span"), "the BibTeX block is highlighted"
    # the blocks' words are still found by the site's search
    index = (second / "searchindex.js").read_text("utf-8")
    assert '"inproceed"' in index and '"booktitl"' in index  # stems of words only the BibTeX blocks hold


def test_an_edited_entry_is_formatted_and_highlighted_again_alone(make_app, site, tmp_path, formatted, highlighted):
    clean_build(make_app, site, tmp_path / "first")
    bib = site / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("Analytical Engines, \\emph{Revisited}", "Difference Engines"))
    formatted.clear(), highlighted.clear()
    out = clean_build(make_app, site, tmp_path / "second")
    assert formatted == ["lovelace2024engines"]
    assert len(highlighted) == 4
    shown = page(out, "lovelace2024engines")
    assert "Difference Engines" in citation(out, "lovelace2024engines")
    assert "{Difference Engines}" in shown.select_one("div.portfolio-bibtex pre").get_text()
    assert "Revisited" not in text_of(shown.select_one("[role=main]"))


def test_a_build_in_another_language_formats_in_its_words(make_app, site, tmp_path, formatted):
    clean_build(make_app, site, tmp_path / "english")
    formatted.clear()
    out = clean_build(make_app, site, tmp_path / "german", language="de")
    assert sorted(formatted) == sorted(KEYS)
    assert citation(out, "lovelace2024engines").startswith("Ada Lovelace und Charles Babbage.")


def test_what_pages_read_in_other_processes_formatted_is_kept(make_app, site, tmp_path, formatted):
    parallel = clean_build(make_app, site, tmp_path / "parallel", parallel=2)
    assert formatted == []  # every page was read, and its entry formatted, in another process
    serial = clean_build(make_app, site, tmp_path / "serial")
    assert formatted == []
    for key in KEYS:
        assert citation(serial, key) == citation(parallel, key)


def test_list_downloads_are_joined_from_the_kept_files_of_unchanged_papers(make_app, site, tmp_path, monkeypatch):
    from sphinx_portfolio.integration import files
    from sphinx_portfolio.writers import downloads

    kept = clean_build(make_app, site, tmp_path / "first")
    bib = site / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("Analytical Engines, \\emph{Revisited}", "Difference Engines"))
    made: list[str] = []  # the papers whose files were made for the list downloads
    joining, join = [], files.list_files

    def watched_join(app, papers):
        joining.append(papers)
        try:
            return join(app, papers)
        finally:
            joining.clear()

    def watched_files(paper):
        if joining:
            made.append(paper.key)
        return downloads.paper_files(paper)

    monkeypatch.setattr(files, "list_files", watched_join)
    monkeypatch.setattr(files, "paper_files", watched_files)
    downloads.paper_files.cache_clear()  # a new process
    make_app("html", srcdir=site, builddir=tmp_path / "first", freshenv=False).build()  # what changed
    assert made == ["lovelace2024engines"]  # the other papers' files come from the cache folder
    made.clear()
    remade = clean_build(make_app, site, tmp_path / "third", portfolio_cache_dir="")  # nothing kept
    assert sorted(made) == sorted(KEYS)
    kept, remade = kept / "papers", remade / "papers"  # the lists' downloads: papers/all.*
    for name in ("all.bib", "all.json", "all.ris"):
        assert (kept / name).read_bytes() == (remade / name).read_bytes(), name
    items = json.loads((kept / "all.json").read_text("utf-8"))
    assert sorted(item["id"] for item in items) == sorted(KEYS)
    assert "Difference Engines" in (kept / "all.bib").read_text("utf-8")
    assert "Revisited" not in (kept / "all.ris").read_text("utf-8")
