"""The upstream code each opt-in workaround relies on (README.md, "Workarounds").

Each test states what the workaround assumes of a dependency's undocumented code. When an
upgrade changes that code, the test fails: then the workaround is checked, adapted or dropped.
"""

from __future__ import annotations

import gc
import inspect
import pickle
import shutil

import sphinx_sitemap
from pybtex.database import BibliographyData, Entry
from sphinx.builders import Builder
from sphinxcontrib.bibtex.bibfile import BibData

from sphinx_portfolio.core.settings import Settings
from sphinx_portfolio.integration.shared_bibdata import share

WORKAROUNDS = ("valid_tab_labels", "parallel_writers", "lean_parallel_reads", "complete_sitemap", "quick_pybtex_lookup")


def test_every_workaround_is_off_unless_conf_py_turns_it_on():
    defaults = Settings()
    assert all(getattr(defaults, name) is False for name in WORKAROUNDS)


def test_sphinx_still_writes_in_one_process_fewer_than_j_through_write_parallel():
    """portfolio_parallel_writers calls Builder._write_parallel(docnames, nproc=...) itself."""
    assert list(inspect.signature(Builder._write_parallel).parameters) == ["self", "docnames", "nproc"]
    assert "self._write_parallel(sorted_docnames, nproc=self._app.parallel - 1)" in inspect.getsource(
        Builder.write_documents
    ), "Sphinx changed how many processes write pages (sphinx-doc/sphinx#12808): revisit parallel_writers"


def test_sphinx_sitemap_still_collects_pages_in_a_queue_on_the_application():
    """portfolio_complete_sitemap refills app.sitemap_links through add_html_link."""
    assert "app.sitemap_links = Manager().Queue()" in inspect.getsource(sphinx_sitemap.record_builder_type)
    assert list(inspect.signature(sphinx_sitemap.add_html_link).parameters) == [
        "app",
        "pagename",
        "templatename",
        "context",
        "doctree",
    ]
    assert "sitemap_links.get_nowait()" in inspect.getsource(sphinx_sitemap.create_sitemap)


def test_sphinxcontrib_bibtex_still_keeps_the_parsed_file_as_a_bibdata_tuple():
    """portfolio_lean_parallel_reads subclasses BibData and rebuilds it from its fields."""
    assert BibData._fields == ("encoding", "bibfiles", "data")
    data = BibliographyData({"k": Entry("article", [("title", "T")])})
    shared = share(BibData("utf-8", {}, data))
    restored = pickle.loads(pickle.dumps(shared))  # pickled by the process that parsed it: whole
    assert type(restored) is BibData
    assert list(restored.data.entries) == ["k"]


def test_loading_the_extension_leaves_the_garbage_collector_alone(make_app, rootdir, tmp_path):
    """Only the ``portfolio build`` command, which owns its process, tunes the collector."""
    shutil.copytree(rootdir / "test-integrity", tmp_path / "site")
    before = gc.get_threshold()
    make_app("html", srcdir=tmp_path / "site", builddir=tmp_path / "out")
    assert gc.get_threshold() == before


def test_sphinxext_opengraph_still_prints_its_matplotlib_notice_on_import():
    """``portfolio build`` holds back this one line, printed at import (sphinx-doc/sphinxext-opengraph#145).

    When sphinxext-opengraph stops printing it, or prints something else, the hold-back in
    cli/build.py is dropped or adapted. (matplotlib is not among the site's packages.)
    """
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import sphinxext.opengraph"], capture_output=True, text=True, check=True
    )
    assert done.stdout == "matplotlib is not installed, social cards will not be generated\n"


def test_sphinxcontrib_bibtex_still_keeps_an_up_to_date_reading_instead_of_parsing_again():
    """integration/bibliography.py parses refs.bib and hands sphinxcontrib-bibtex a BibData of its
    documented shape; sphinxcontrib-bibtex then parses only when is_bibdata_outdated says so."""
    from sphinxcontrib.bibtex import builder_inited_cite
    from sphinxcontrib.bibtex.bibfile import BibFile, is_bibdata_outdated, process_bibdata

    assert BibFile._fields == ("mtime", "keys")
    assert list(inspect.signature(is_bibdata_outdated).parameters) == ["bibdata", "bibfilenames", "encoding"]
    assert "is_bibdata_outdated(bibdata, bibfilenames, encoding)" in inspect.getsource(process_bibdata)
    assert 'dom.data["bibdata"] = process_bibdata(' in inspect.getsource(builder_inited_cite)


def test_pybtex_still_answers_a_lookup_from_register_plugin_before_scanning_entry_points(monkeypatch):
    """portfolio_quick_pybtex_lookup registers, under the same names, the classes the entry points give."""
    import pybtex.plugin
    from pybtex.plugin import find_plugin, register_plugin

    from sphinx_portfolio.integration.pybtex_lookup import plugins_of_style

    wanted = plugins_of_style("portfolio")
    found = {(group, name): find_plugin(group, name) for group, name in wanted}  # the entry points' answers
    for (group, name), klass in found.items():
        register_plugin(group, name, klass, force=True)

    def no_scan(**kwargs):
        raise AssertionError(f"pybtex scanned the entry points for {kwargs}")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    assert {(group, name): find_plugin(group, name) for group, name in wanted} == found
    style = find_plugin("pybtex.style.formatting", "portfolio")()  # its name, label and sorting styles too
    assert type(style.name_style).__name__ == "PortfolioNameStyle"


def test_sphinxcontrib_bibtex_footbibliography_still_makes_its_page_depend_on_the_bib_file(make_app, rootdir, tmp_path):
    """paper_pages_follow_their_entry takes that dependency off pages that cite only their own entry."""
    import io

    from conftest import copy_root

    site = copy_root("paper-page", tmp_path / "site")
    (site / "notes.md").write_text("# Notes\n\n{footcite:t}`babbage2023bounds`\n\n```{footbibliography}\n```\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())
    app.build()
    assert str(site / "refs.bib") in {str(path) for path in app.env.dependencies["notes"]}
    assert str(site / "refs.bib") not in {str(path) for path in app.env.dependencies["papers/lovelace2024engines"]}
