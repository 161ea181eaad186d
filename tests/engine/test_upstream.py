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

WORKAROUNDS = ("valid_tab_labels", "parallel_writers", "lean_parallel_reads", "complete_sitemap")


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
