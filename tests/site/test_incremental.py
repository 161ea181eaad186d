"""Incremental builds rewrite exactly the pages whose content changed."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOT, edit, soup, text_of

#: pages Sphinx itself writes on every build, whatever changed
ALWAYS_WRITTEN = {"search.html", "404.html"}


@pytest.fixture
def site(tmp_path) -> Path:
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", "_build", ".nox", "tests", ".venv"))
    return copy


def build(srcdir: Path, outdir: Path, fresh: bool = False) -> None:
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, builddir=outdir, freshenv=fresh, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings.getvalue() == ""


def written_since(outdir: Path, since: float, patterns: tuple[str, ...]) -> set[str]:
    html = outdir / "html"
    found = (path for pattern in patterns for path in html.rglob(pattern))
    return {path.relative_to(html).as_posix() for path in found if path.stat().st_mtime_ns > since}


def rebuild_after(site: Path, out: Path, edit, patterns: tuple[str, ...] = ("*.html",)) -> set[str]:
    """The files matching *patterns* that a build after *edit* writes (besides ALWAYS_WRITTEN)."""
    build(site, out, fresh=True)
    time.sleep(0.05)
    since = time.time_ns()
    edit()
    build(site, out)
    return written_since(out, since, patterns) - ALWAYS_WRITTEN


def test_editing_one_paper_page_rewrites_only_that_page(site, tmp_path):
    page = site / "papers" / "lubana2021gradient.md"
    written = rebuild_after(site, tmp_path, lambda: page.write_text(page.read_text() + "\nA note.\n"))
    assert written == {"papers/lubana2021gradient.html"}
    assert "A note." in text_of(soup(tmp_path / "html" / "papers" / "lubana2021gradient.html"))


def test_sitemap_still_lists_every_page_after_an_incremental_build(site, tmp_path):
    build(site, tmp_path, fresh=True)
    complete = (tmp_path / "html" / "sitemap.xml").read_bytes()
    assert complete.count(b"<loc>") > 70
    page = site / "papers" / "lubana2021gradient.md"
    page.write_text(page.read_text() + "\nA note.\n")
    build(site, tmp_path)
    assert (tmp_path / "html" / "sitemap.xml").read_bytes() == complete


def test_editing_one_entry_rewrites_only_the_pages_that_show_it(site, tmp_path):
    bib = site / "refs.bib"
    old = "{A Gradient Flow Framework For Analyzing Network Pruning}"
    written = rebuild_after(
        site, tmp_path, lambda: bib.write_text(bib.read_text().replace(old, "{A Gradient Flow Framework}"))
    )
    shows_it = {
        path.relative_to(tmp_path / "html").as_posix()
        for path in (tmp_path / "html").rglob("*.html")
        if "A Gradient Flow Framework<" in path.read_text() or "A Gradient Flow Framework</" in path.read_text()
    }
    # Sphinx also rewrites the toctree parent of a rewritten page (its title could change):
    # topics/index, parent of topics/pruning
    assert written == (shows_it - ALWAYS_WRITTEN) | {"topics/index.html"}
    assert {
        "papers/lubana2021gradient.html",
        "papers/index.html",
        "topics/pruning.html",
        "coauthors.html",
    } <= written
    assert len(written) < 15, written  # not the whole site (76 pages)


def test_editing_one_entry_rewrites_its_download_and_no_other(site, tmp_path):
    bib = site / "refs.bib"
    old = "{A Gradient Flow Framework For Analyzing Network Pruning}"
    written = rebuild_after(
        site, tmp_path, lambda: bib.write_text(bib.read_text().replace(old, "{A Gradient Flow Framework}")), ("*.bib",)
    )
    assert written == {"papers/lubana2021gradient.bib", "papers/all.bib"}
    for name in written:
        assert "= {A Gradient Flow Framework},\n" in (tmp_path / "html" / name).read_text("utf-8")


def test_touching_refs_bib_without_a_change_rewrites_nothing(site, tmp_path):
    bib = site / "refs.bib"
    assert rebuild_after(site, tmp_path, lambda: bib.write_text(bib.read_text()), ("*.html", "*.bib")) == set()


INTEGRITY = ROOT / "tests" / "roots" / "test-integrity"
#: edits of everything a generated page shows: (file, old, new)
EDITS = {
    "title": ("refs.bib", "{Notes on the Difference Engine}", "{Notes on the Analytical Engine}"),
    # the same person (the same id), shown with an accent
    "author spelling": ("refs.bib", "de Morgan, Augustus}", 'de Morgan, Aug{\\"u}stus}'),
    "co-author order": (
        "refs.bib",
        "{Lovelace, Ada and Babbage, Charles and de Morgan",
        "{Lovelace, Ada and de Morgan",
    ),
    "year": ("refs.bib", "{2023}", "{2022}"),
    "venue": ("refs.bib", "(ICML)}", "(ICML 2024)}"),
    "award": ("refs.bib", "  topics    = {engines},\n  code", "  award = {Oral},\n  topics    = {engines},\n  code"),
    "selected": ("refs.bib", "  tldr ", "  selected = {true},\n  tldr "),
    "summary": ("refs.bib", "{We take notes.}", "{We take more notes.}"),
    "abstract": ("refs.bib", "  tldr ", "  abstract = {An abstract.},\n  tldr "),
    "kind of venue": ("refs.bib", "@misc{babbage2023notes,", "@misc{babbage2023notes,\n  venue_type = {workshop},"),
    "news text": ("news/2024-05-engines.md", "# Engines accepted at ICML.", "# Engines accepted at ICML as an oral."),
    "news date": ("news/2024-05-engines.md", "date: 2024-05", "date: 2024-06"),
}
EXTRA_PAGES = {
    "coauthors.md": "---\norphan: true\n---\n# Co-authors\n\n```{coauthors}\n```\n",
    "statistics.md": "---\norphan: true\n---\n# Statistics\n\n```{statistics}\n```\n",
    "selected.md": "---\norphan: true\n---\n# Selected\n\n```{selected-publications}\n```\n",
    "latest.md": "---\norphan: true\n---\n# Latest\n\n```{latest-news}\n```\n",
}


def outputs(outdir: Path) -> dict[str, bytes]:
    html = outdir / "html"
    suffixes = ("html", "bib", "json", "ris", "txt", "xml")  # pages, downloads, texts, llms.txt, feed, sitemap
    wanted = [path for suffix in suffixes for path in html.rglob(f"*.{suffix}") if ".doctrees" not in path.parts]
    return {path.relative_to(html).as_posix(): path.read_bytes() for path in wanted}


@pytest.mark.parametrize("change", EDITS)
def test_an_incremental_build_equals_a_fresh_one(tmp_path, change):
    site = tmp_path / "src"
    shutil.copytree(INTEGRITY, site)
    for name, text in EXTRA_PAGES.items():
        (site / name).write_text(text)
    build(site, tmp_path / "incremental", fresh=True)
    edit(site, *EDITS[change])
    build(site, tmp_path / "incremental")
    build(site, tmp_path / "fresh", fresh=True)
    incremental, fresh = outputs(tmp_path / "incremental"), outputs(tmp_path / "fresh")
    assert sorted(incremental) == sorted(fresh)
    stale = [name for name in fresh if incremental[name] != fresh[name]]
    assert stale == [], f"after a change of the {change}, these pages are stale: {stale}"
