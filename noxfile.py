#!/usr/bin/env python3
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Sessions to build, preview, check and test the portfolio (``nox -l`` lists them)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
# a session's environment is made once and kept; install() below brings it up to date
nox.options.reuse_venv = "yes"
# nox looks for uv whatever the backend and says so on every run; this project does not use uv
logging.getLogger("nox").addFilter(lambda record: record.getMessage() != "uv binary not found.")

ROOT = Path(__file__).parent
WORKFLOWS = sorted(str(path.relative_to(ROOT)) for path in (ROOT / ".github" / "workflows").glob("*.yml"))
PYPROJECT = nox.project.load_toml("pyproject.toml")


def install(session: nox.Session, group: str) -> None:
    """The sphinx-portfolio package built from this repository, and the group's pinned dependencies.

    Skipped when the kept environment already holds exactly these: a stamp in it records the
    digest of pyproject.toml and of the engine's sources at the last install.
    """
    stamp = Path(session.virtualenv.location) / ".portfolio-installed"
    wanted = sources_digest(group)
    if stamp.is_file() and stamp.read_text("utf-8") == wanted:
        return
    session.install(".", *nox.project.dependency_groups(PYPROJECT, group))
    if stamp.is_file():  # the same version number, other sources: pip would keep the installed copy
        session.install("--no-deps", "--force-reinstall", ".")
    stamp.write_text(wanted, "utf-8")


def sources_digest(group: str) -> str:
    digest = hashlib.sha256(group.encode())
    for path in [ROOT / "pyproject.toml", *sorted((ROOT / "src").rglob("*"))]:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@nox.session(default=False)
def check(session: nox.Session) -> None:
    """Check refs.bib and the pages; print every problem with its file and line."""
    install(session, "site")
    session.run("portfolio", "check", ".")


@nox.session
def build(session: nox.Session) -> None:
    """Build the site into _build/html from scratch; any problem or warning fails and removes _build/html."""
    install(session, "site")
    # one step: publish checks the sources first, and on any problem removes the old site too
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


@nox.session(name="cite-pages", default=False)
def cite_pages(session: nox.Session) -> None:
    """Make paper pages written before pages cited their entry cite it as new pages do."""
    install(session, "site")
    session.run("portfolio", "cite-pages", *session.posargs)


@nox.session(default=False)
def rename(session: nox.Session) -> None:
    """Rename a paper's key, keeping its old address: nox -s rename -- OLD NEW."""
    install(session, "site")
    session.run("portfolio", "rename", *session.posargs)


@nox.session(default=False)
def sync(session: nox.Session) -> None:
    """Compare refs.bib with the arXiv listing: nox -s sync [-- --add]."""
    install(session, "site")
    session.run("portfolio", "sync", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (Sphinx test roots, the real site, the browser)."""
    install(session, "test")
    if not (ROOT / "node_modules").exists():  # axe-core and the Nu Html Checker, from package-lock.json
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    session.run("pytest", *session.posargs)


@nox.session(default=False)
def linkcheck(session: nox.Session) -> None:
    """Check every external link of the site; the report is in _build/linkcheck/."""
    install(session, "site")
    shutil.rmtree(ROOT / "_build" / "linkcheck", ignore_errors=True)
    session.run("sphinx-build", "-b", "linkcheck", "-n", "-q", ".", "_build/linkcheck", *session.posargs)


#: Lighthouse for the benchmark only (its dependencies cannot be locked for `npm ci`)
LIGHTHOUSE = "lighthouse@12.8.2"


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmark builds against plain MyST (N = 50, 200, 1000) and write BENCHMARKS.md."""
    install(session, "site")
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        session.run("npm", "install", "--no-save", "--no-audit", "--no-fund", LIGHTHOUSE, external=True)
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """The checks of .pre-commit-config.yaml, from PyPI: ruff, mypy --strict, the configs, spelling, workflows."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("lint-imports")  # the layers and acyclic contracts of pyproject.toml [tool.importlinter]
    session.run("validate-pyproject", "pyproject.toml")
    session.run("check-jsonschema", "--builtin-schema", "vendor.readthedocs", ".readthedocs.yaml")
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    session.run("check-jsonschema", "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml")
    session.run("codespell")
    session.run("zizmor", "--offline", ".github/workflows")
    session.run("repo-review", ".")
    session.run("python", "tools/translations.py", "--check")


@nox.session(default=False)
def translations(session: nox.Session) -> None:
    """Update the message catalogs from the engine's messages and compile them (tools/translations.py)."""
    install(session, "site")
    session.run("python", "tools/translations.py", *session.posargs)


if os.environ.get("CI"):
    nox.options.error_on_missing_interpreters = True

if __name__ == "__main__":
    nox.main()
