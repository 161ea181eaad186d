#!/usr/bin/env python3
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Sessions to build, preview, check and test the portfolio (``nox -l`` lists them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")


def install(session: nox.Session, group: str) -> None:
    session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session(default=False)
def check(session: nox.Session) -> None:
    """Check refs.bib and the pages; print every problem with its file and line."""
    install(session, "site")
    session.run("portfolio", "check", ".")


@nox.session
def build(session: nox.Session) -> None:
    """Build the site into _build/html from scratch; any problem or warning fails and removes _build/html."""
    install(session, "site")
    session.run("portfolio", "build", ".", "_build/html", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Preview with live reload: rebuilds on every save of a page or of refs.bib."""
    install(session, "serve")
    session.run("portfolio", "serve", *session.posargs)


@nox.session(name="new-paper", default=False)
def new_paper(session: nox.Session) -> None:
    """Add papers from BibTeX files or arXiv ids: nox -s new-paper -- FILE.bib | arXiv:YYMM.NNNNN."""
    install(session, "site")
    session.run("portfolio", "new-paper", *session.posargs)


@nox.session(name="new-news", default=False)
def new_news(session: nox.Session) -> None:
    """Add a news item: nox -s new-news -- "text" --paper KEY [--date YYYY-MM]."""
    install(session, "site")
    session.run("portfolio", "new-news", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the site's tests."""
    install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site; the report is in _build/linkcheck/."""
    install(session, "site")
    shutil.rmtree(ROOT / "_build" / "linkcheck", ignore_errors=True)
    session.run("sphinx-build", "-b", "linkcheck", "-n", "-q", ".", "_build/linkcheck", *session.posargs)


if __name__ == "__main__":
    nox.main()
