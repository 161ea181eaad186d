"""Staying in sync with arXiv: the audit, --add, and the API client's manners.

A local server replays recorded answers of the arXiv API (tests/data/arxiv-sync/: a
listing of six entries over three pages of two: a version suffix, a paper listed twice, a
paper renamed since its first version, a paper refs.bib has without an arXiv id), and can
answer a page first with a 503 and ``Retry-After`` or too slowly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, Replay, build_site, copy_root, tree_digest
from sphinx_portfolio.cli.commands import new_paper as main_new_paper
from sphinx_portfolio.cli.commands import sync as sync_command
from sphinx_portfolio.config import load_settings
from sphinx_portfolio.core import arxiv, sync
from sphinx_portfolio.core.check import check_sources
from sphinx_portfolio.core.records import Paper

SITE = ROOT / "tests" / "roots" / "test-sync"


class Waits:
    """A clock and a sleep that record the waits instead of waiting them."""

    def __init__(self) -> None:
        self.now, self.waits = 0.0, []

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds

    def clock(self) -> float:
        return self.now


def client(waits: Waits, **options) -> arxiv.Client:
    return arxiv.Client(sleep=waits.sleep, clock=waits.clock, **options)


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("sync", tmp_path / "site")


def test_the_listing_is_read_page_by_page_three_seconds_apart(arxiv_api):
    waits = Waits()
    listing = client(waits).search('au:"Lovelace, Ada"', page_size=2)
    assert [entry.arxiv_id for entry in listing] == [
        "2611.04321",
        "2406.19370",
        "2402.00002",
        "2405.00003",
        "2301.00001",
        "2611.04321",
    ]
    assert [query["start"] for query in Replay.requests] == [["0"], ["2"], ["4"]]
    assert all(query["search_query"] == ['au:"Lovelace, Ada"'] for query in Replay.requests)
    assert waits.waits == [arxiv.DELAY, arxiv.DELAY]
    assert listing[1].version == "v2" and listing[3].title == "Punched Cards as Programs"


def test_a_503_is_retried_after_the_time_it_names(arxiv_api):
    Replay.faults = {"page-2.xml": ["503"]}
    waits = Waits()
    listing = client(waits).search('au:"Lovelace, Ada"', page_size=2)
    assert len(listing) == 6
    assert [query["start"] for query in Replay.requests] == [["0"], ["2"], ["2"], ["4"]]
    assert 1.0 in waits.waits  # Retry-After: 1


@pytest.mark.parametrize("kind", ["short", "empty"])
def test_a_page_shorter_than_total_results_leaves_is_asked_for_again(arxiv_api, kind):
    """The recorded listing has 6 entries (totalResults 6); a page of 2 that comes back with fewer is asked again."""
    Replay.faults = {"page-2.xml": [kind]}
    listing = client(Waits()).search('au:"Lovelace, Ada"', page_size=2)
    assert [entry.arxiv_id for entry in listing][2:4] == ["2402.00002", "2405.00003"]
    assert len(listing) == 6
    assert [query["start"] for query in Replay.requests] == [["0"], ["2"], ["2"], ["4"]]


def test_a_page_that_stays_short_is_one_line_not_a_silently_shorter_listing(arxiv_api):
    Replay.faults = {"page-2.xml": ["empty"] * 5}
    message = r"listed 0 of the 2 entries from entry 2 of 6, 3 times; try again later"
    with pytest.raises(arxiv.ArxivError, match=message):
        client(Waits()).search("au:x", page_size=2)


def test_a_timeout_is_retried(arxiv_api):
    Replay.faults = {"page-0.xml": ["slow"]}
    listing = client(Waits(), timeout=0.5).search('au:"Lovelace, Ada"', page_size=2)
    assert len(listing) == 6
    assert [query["start"] for query in Replay.requests][:2] == [["0"], ["0"]]


def test_an_api_that_never_answers_well_is_one_line_not_a_traceback(arxiv_api):
    Replay.faults = {"page-0.xml": ["503"] * 10}
    with pytest.raises(arxiv.ArxivError, match=r"answered 503 .*, 3 times; try again later"):
        client(Waits(), retries=2).search("au:x", page_size=2)


def test_offline_is_one_clear_line(monkeypatch, site, capsys):
    with socket_closed() as base:
        monkeypatch.setenv(arxiv.BASE_VARIABLE, base)
        assert sync_command(["--srcdir", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("sync: cannot reach the arXiv API at http://127.0.0.1:") and "offline?" in err
    assert err.count("\n") == 1


class socket_closed:
    """The address of a port nothing listens on."""

    def __enter__(self) -> str:
        import socket

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        return f"http://127.0.0.1:{self.port}/api/query"

    def __exit__(self, *exc) -> None:
        pass


def audit_of_site(site: Path, arxiv_api: str) -> sync.Audit:
    found = check_sources(site, load_settings(site))
    listing = client(Waits()).search('au:"Lovelace, Ada"', page_size=2)
    return sync.audit(listing, found.papers)


def test_the_audit_matches_by_id_title_and_earlier_title_and_reports_the_rest(site, arxiv_api):
    result = audit_of_site(site, arxiv_api)
    assert sorted((entry.arxiv_id, key, how) for entry, key, how in result.matched) == [
        ("2301.00001", "babbage2023notes", "arXiv id"),
        ("2402.00002", "lovelace2025bernoulli", "earlier title"),
        ("2405.00003", "lovelace2024punched", "title"),
        ("2406.19370", "lovelace2024engines", "arXiv id"),
    ]
    assert [entry.arxiv_id for entry in result.new] == ["2611.04321"]
    assert [(entry.arxiv_id, times) for entry, times in result.repeated] == [("2611.04321", 2)]
    assert [paper.key for paper in result.missing] == ["lovelace2018loom"]
    assert result.listed == 5


def test_one_title_under_two_ids_is_one_paper_listed_twice():
    first = arxiv.Listed("2401.00001", "v1", "A Title", ("A B",), "2024-01-01", "")
    second = arxiv.Listed("2401.00002", "v1", "A  title", ("A B",), "2024-01-02", "")
    result = sync.audit([first, second], {})
    assert [entry.arxiv_id for entry in result.new] == ["2401.00001"]
    assert [(entry.arxiv_id, times) for entry, times in result.repeated] == [("2401.00001", 2)]


def test_a_doi_matches_a_paper_without_an_arxiv_id():
    paper = Paper(
        key="k",
        slug="k",
        entry_type="article",
        venue_type="journal",
        title="Another Title",
        title_latex="Another Title",
        alt_titles=(),
        authors=(),
        et_al=False,
        year=2024,
        venue=None,
        also_presented=(),
        topics=("t",),
        selected=False,
        undergraduate=False,
        eprint=None,
        doi="10.1000/XYZ",
        url=None,
        code=None,
        project=None,
        tldr_latex=None,
        abstract_opening_latex=None,
        abstract_latex=None,
        standard_fields=(),
    )
    listed = arxiv.Listed("2401.00003", "", "A Preprint Title", (), "2024-01-01", "", doi="10.1000/xyz")
    assert sync.match(listed, {"k": paper}) == ("k", "DOI")


def test_the_report_changes_no_file(site, arxiv_api, capsys):
    before = tree_digest(site)
    assert sync_command(["--srcdir", str(site), "--page-size", "2"]) == 0
    out = capsys.readouterr().out
    assert "new on arXiv, not in refs.bib: 1\n    2611.04321  Loops in the Engine: A Study" in out
    assert "listed more than once: 1" in out and "lovelace2018loom  The Jacquard Loom (no arXiv id)" in out
    assert tree_digest(site) == before


def test_add_adds_each_new_paper_once_then_nothing_and_the_site_builds(site, arxiv_api, capsys, tmp_path):
    assert sync_command(["--srcdir", str(site), "--page-size", "2", "--add"]) == 0
    out = capsys.readouterr().out
    assert "Added 1 paper(s)" in out
    bib = (site / "refs.bib").read_text("utf-8")
    assert bib.count("2611.04321") == 1
    (key,) = {path.stem for path in (site / "papers").glob("*.md")} - {
        path.stem for path in (SITE / "papers").glob("*.md")
    }
    assert f"  {key}: topics (guessed)" in out
    assert "We study loops in the Analytical Engine" in bib  # the full abstract
    assert "Lovelace, Ada and Babbage, Charles" in bib  # names as refs.bib writes them
    after_first = tree_digest(site)
    assert sync_command(["--srcdir", str(site), "--page-size", "2", "--add"]) == 0
    assert "Nothing to add." in capsys.readouterr().out
    assert tree_digest(site) == after_first
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == ""
    statistics = (Path(app.outdir) / "statistics.html").read_text("utf-8")
    assert "The site has 5 of the 5 papers on the arXiv listing" in statistics


def test_sync_needs_the_query_setting(site, arxiv_api, capsys):
    conf = site / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace("portfolio_arxiv_query", "# portfolio_arxiv_query"), "utf-8")
    assert sync_command(["--srcdir", str(site)]) == 1
    assert "set portfolio_arxiv_query" in capsys.readouterr().err


def test_new_paper_reads_the_same_api_base(site, arxiv_api, monkeypatch, capsys):
    monkeypatch.chdir(site)
    assert main_new_paper(["arXiv:2611.04321"]) == 0
    assert Replay.requests == [{"id_list": ["2611.04321"]}]
    assert "Feature Circuits of G" in (site / "refs.bib").read_text("utf-8")


@pytest.mark.parametrize(
    ("text", "where"),
    [('{"query": "au:x", "papers": [\n  {"id": "1"\n', 3), ('{"query": "au:x"}\n', 1)],
)
def test_a_broken_listing_record_is_a_located_error(site, text, where):
    (site / arxiv.RECORD).write_text(text, "utf-8")
    found = check_sources(site, load_settings(site))
    assert [(f.path, f.line) for f in found.findings] == [(arxiv.RECORD, where)]
    assert "run nox -s sync -- --add again" in found.findings[0].message
