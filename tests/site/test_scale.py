"""What keeps large and parallel builds fast must not change what they build."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import posixpath
from pathlib import Path

from pybtex.database import parse_string
from sphinxcontrib.bibtex.bibfile import BibData

from conftest import KEYS, soup
from sphinx_portfolio.cli.tuning import GC_THRESHOLDS, tune_garbage_collection
from sphinx_portfolio.integration.shared_bibdata import share

ENTRIES = parse_string("@misc{a, title={A}}\n@misc{b, title={B}}", "bibtex")


def _pickled_in_child(shared, connection) -> None:
    connection.send_bytes(pickle.dumps(shared))


def test_parallel_readers_send_back_no_parsed_bibliography():
    shared = share(BibData("utf-8", {}, ENTRIES))
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_pickled_in_child, args=(shared, sender))
    child.start()
    from_child = pickle.loads(receiver.recv_bytes())
    child.join()
    assert child.exitcode == 0
    assert type(from_child) is BibData
    assert list(from_child.data.entries) == []
    # the process that parsed it saves it whole, as sphinxcontrib-bibtex's own type
    at_home = pickle.loads(pickle.dumps(shared))
    assert type(at_home) is BibData
    assert list(at_home.data.entries) == ["a", "b"]


def test_saved_environment_keeps_every_parsed_entry(real_site):
    # the parsed file must survive in the saved environment, or sphinxcontrib-bibtex would
    # take its cache for current and format nothing at the next build
    with open(real_site.parent / "doctrees" / "environment.pickle", "rb") as saved:
        env = pickle.load(saved)
    bibdata = env.domaindata["cite"]["bibdata"]
    assert type(bibdata) is BibData
    assert set(KEYS) <= set(bibdata.data.entries)


def navigation(page: Path, site: Path) -> list[str]:
    """The sidebar's links, as paths from the site's root."""
    path = page.relative_to(site).as_posix()
    hrefs = [link["href"].split("#")[0] for link in soup(page).select(".sidebar-tree a.reference")]
    # the current page links to itself as "#"
    return [posixpath.normpath(posixpath.join(posixpath.dirname(path), href)) if href else path for href in hrefs]


def test_every_page_has_the_whole_navigation_with_working_links(real_site):
    expected = navigation(real_site / "index.html", real_site)
    assert {"papers/index.html", "news/index.html", "topics/index.html", "coauthors.html"} <= set(expected)
    pages = [p for p in real_site.rglob("*.html") if p.name not in {"search.html", "404.html"}]
    assert len(pages) > 70
    for page in pages:
        assert navigation(page, real_site) == expected, page
    for name in expected:
        assert (real_site / name).is_file(), name


def test_navigation_marks_the_current_page_only_where_it_is_listed(real_site):
    current = soup(real_site / "topics" / "emergence.html").select(".sidebar-tree li.current > a")
    assert [a["href"] for a in current][-1:] == ["#"]
    for page in ["papers/park2024emergence.html", "news/index.html"]:
        listed = soup(real_site / page).select(".sidebar-tree li.current > a")
        assert all(not a["href"].startswith("../papers/park") for a in listed), page
    for page in real_site.joinpath("papers").glob("*.html"):
        if page.name != "index.html":
            assert soup(page).select(".sidebar-tree .current") == [], page


def test_garbage_collection_is_tuned_and_never_lowered():
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 100)
        tune_garbage_collection()
        assert gc.get_threshold() == (GC_THRESHOLDS[0], GC_THRESHOLDS[1], 100)
    finally:
        gc.set_threshold(*before)
