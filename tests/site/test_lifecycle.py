"""The site as it is lived in: the README's commands in any order, and the suite after new content.

The site tests hold invariants of the sources, never today's numbers; so after a paper and a
news item are added with the project's own commands, the same tests still pass on the copy,
and a build after the tests (which leave caches behind) still publishes.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import ROOT, copy_of_repository, without_papers_like

SITE_TESTS = [f"tests/site/{name}.py" for name in ("test_site", "test_connections", "test_findability", "test_facts")]


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=site, capture_output=True, text=True, check=False)


def test_a_new_paper_and_news_item_keep_the_site_tests_green_and_tests_then_build_works(tmp_path):
    site = copy_of_repository(tmp_path / "site")
    export = ROOT / "tests" / "data" / "scholar-export.bib"
    without_papers_like(site, export)  # whatever refs.bib holds, this paper is new to the copy
    added = run(site, "-m", "sphinx_portfolio", "new-paper", str(export))
    assert added.returncode == 0, added.stderr
    key = added.stdout.split()[1].rstrip(":")
    month = date.today().strftime("%Y-%m")
    news = run(site, "-m", "sphinx_portfolio", "new-news", "Thesis defended.", "--paper", key, "--date", month)
    assert news.returncode == 0, news.stderr

    tests = run(site, "-m", "pytest", "-q", "-m", "not browser", *SITE_TESTS)
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert (site / ".pytest_cache" / "README.md").exists()  # what broke the build before

    built = run(site, "-m", "sphinx_portfolio", "build", ".", "_build/html", "-q")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "_build" / "html" / "papers" / f"{key}.html").exists()
    assert not list((site / "_build" / "html").glob(".pytest_cache*"))
