#!/usr/bin/env python3
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Sessions to build, preview, check and test the portfolio (``nox -l`` lists them)."""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
# a session's environment is made once and kept; install() below brings it up to date
nox.options.reuse_venv = "yes"
# nox looks for uv whatever the backend and says so on every run; this site does not use uv
logging.getLogger("nox").addFilter(lambda record: record.getMessage() != "uv binary not found.")

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
#: the engine's wheel, kept here until sphinx-portfolio is on a package index (README.md)
WHEELS = ROOT / "wheels"


def install(session: nox.Session, group: str) -> None:
    """The group's packages; skipped when the kept environment has them (pyproject.toml and wheels/ unchanged)."""
    stamp = Path(session.virtualenv.location) / ".portfolio-installed"
    digest = hashlib.sha256(group.encode() + (ROOT / "pyproject.toml").read_bytes())
    wheels = sorted(WHEELS.glob("*.whl"))
    for wheel in wheels:
        digest.update(wheel.name.encode() + wheel.read_bytes())
    if stamp.is_file() and stamp.read_text("utf-8") == digest.hexdigest():
        return
    find_links = ["--find-links", str(WHEELS)] if wheels else []
    session.install(*find_links, *nox.project.dependency_groups(PYPROJECT, group))
    stamp.write_text(digest.hexdigest(), "utf-8")


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
