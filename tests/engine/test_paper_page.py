"""A paper page is built in one step from its own source: nothing is added to what the researcher wrote."""

from __future__ import annotations

import io

import pytest

from conftest import soup, text_of


@pytest.fixture
def app(make_app, rootdir, tmp_path):
    import shutil

    shutil.copytree(rootdir / "test-paper-page", tmp_path / "site")
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
