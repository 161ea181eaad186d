"""The site's own facts: every paper has a page that shows it, the build is clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from sphinx_portfolio.config import load_settings
from sphinx_portfolio.core.check import check_sources

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as ``nox -s build`` builds it: any warning fails."""
    out = tmp_path_factory.mktemp("site") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "build", str(ROOT), str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def page(built: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((built / name).read_text("utf-8"), "html.parser")


def test_the_sources_pass_the_check():
    found = check_sources(ROOT, load_settings(ROOT))
    assert [str(finding) for finding in found.findings] == []


def test_every_entry_in_refs_bib_has_a_page():
    keys = set(parse_file(ROOT / "refs.bib").entries)
    pages = {path.stem for path in (ROOT / "papers").glob("*.md")} - {"index"}
    assert keys == pages


@pytest.mark.slow
def test_every_paper_page_shows_its_title_and_authors(built: Path):
    for key, entry in parse_file(ROOT / "refs.bib").entries.items():
        html = page(built, f"papers/{key}.html")
        byline = html.select_one(".portfolio-byline")
        assert byline is not None, key
        shown = " ".join(byline.get_text().split())
        for person in entry.persons["author"]:
            if str(person).lower() == "others":  # BibTeX's "and others", shown as "et al."
                continue
            # pybtex renders the LaTeX of the name (K{\"o}nig: König), as the page does
            last = " ".join(name.render_as("text") for name in person.rich_last_names)
            assert last in shown, (key, str(person), shown)


@pytest.mark.slow
def test_the_publications_page_links_every_paper(built: Path):
    links = {a["href"] for a in page(built, "papers/index.html").select("a[href]")}
    for key in parse_file(ROOT / "refs.bib").entries:
        assert f"{key}.html" in links, key


@pytest.mark.slow
def test_the_home_page_is_the_researchers(built: Path):
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    name = Config.read(ROOT, overrides={}, tags=Tags()).project
    assert page(built, "index.html").select_one("h1").get_text().startswith(name)
