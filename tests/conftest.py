"""Shared fixtures: Sphinx test roots under tests/roots/, and one build of the real site."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# test roots are copied elsewhere before they build; they find the site through this
os.environ["PORTFOLIO_SITE"] = str(ROOT)

from sphinx_portfolio.config import load_settings  # noqa: E402
from sphinx_portfolio.core.check import check_sources  # noqa: E402

#: the key of every paper page of the real site
KEYS = sorted(path.stem for path in (ROOT / "papers").glob("*.md") if path.stem != "index")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots (tests/roots/test-<name>)."""
    return ROOT / "tests" / "roots"


def build_site(srcdir: Path, outdir: Path, parallel: int = 0, buildername: str = "html"):
    """Build a portfolio in-process, strict as ``nox -s build``; return (app, warnings)."""
    from sphinx.testing.util import SphinxTestApp

    warnings = io.StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=outdir,
        freshenv=True,
        status=io.StringIO(),
        warning=warnings,
        parallel=parallel,
        confoverrides={"nitpicky": True},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


def clean_build(make_app, site: Path, out: Path, buildername: str = "html", **options) -> Path:
    """A clean in-process build of a tiny root with ``sphinx.testing``'s *make_app*; fails on any warning."""
    app = make_app(buildername, srcdir=site, builddir=out, freshenv=True, warning=io.StringIO(), **options)
    app.build()
    # a second application in one process warns that Sphinx's own nodes are registered again
    problems = [line for line in app._warning.getvalue().splitlines() if "already registered" not in line]
    assert problems == []
    return Path(app.outdir)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once for the session; fails on any warning."""
    app, warnings = build_site(ROOT, tmp_path_factory.mktemp("site"))
    assert warnings == "", warnings
    return Path(app.outdir)


@pytest.fixture(scope="session")
def real_sources():
    """refs.bib and the pages as the extension reads them."""
    found = check_sources(ROOT, load_settings(ROOT))
    assert found.findings == []
    return found


@contextlib.contextmanager
def live_preview(site: Path):
    """``portfolio serve`` on *site*, on a free port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "sphinx_portfolio", "serve", "--port", str(port), "--srcdir", str(site)]
    command += ["--outdir", str(site / "_build" / "serve")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def page_shows(url: str, text: str, seconds: float = 90) -> bool:
    """Whether the page at *url* comes to contain *text* within *seconds* (a preview rebuilding)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode():
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def edit(site: Path, path: str, old: str, new: str) -> None:
    """Replace the first *old* in *site*/*path* by *new*; *old* must be there (else the test is stale)."""
    text = (site / path).read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    (site / path).write_text(text.replace(old, new, 1), "utf-8")


def without_papers_like(site: Path, *exports: Path) -> None:
    """The copy *site* as it would be without the papers of *exports* (entries, pages, news).

    Tests that add these exports then hold whatever refs.bib holds: the researcher may add the
    same paper one day, with the project's own command.
    """
    from sphinx_portfolio.core.authoring import Spellings, duplicate_of, normalise
    from sphinx_portfolio.core.bibfile import read_bibfile

    settings = load_settings(site)
    found = check_sources(site, settings)
    spellings = Spellings.of(found.entries)
    keys = set()
    for export in exports:
        for entry in read_bibfile(export).entries:
            duplicate = duplicate_of(dict(normalise(entry, spellings, found.papers)[2]), found.papers)
            if duplicate:
                keys.add(duplicate[0])
    if not keys:
        return
    bib = site / settings.bibfile
    lines = bib.read_text("utf-8").split("\n")
    starts = sorted(entry.line for entry in found.entries.values())
    dropped = set()
    for key in keys:
        start = found.entries[key].line
        end = next((line - 1 for line in starts if line > start), len(lines))
        dropped.update(range(start, end + 1))
    bib.write_text("\n".join(line for number, line in enumerate(lines, start=1) if number not in dropped), "utf-8")
    for key in keys:
        (site / settings.papers_dir / f"{key}.md").unlink()
    for page in (site / settings.news_dir).glob("*.md"):
        if any(f"{{paper}}`{key}`" in page.read_text("utf-8") for key in keys):
            page.unlink()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


DATA = ROOT / "tests" / "data"


class Replay(http.server.BaseHTTPRequestHandler):
    """Answers as the arXiv API did: a listing page by ``start``, one paper by ``id_list``."""

    faults: ClassVar[dict[str, list[str]]] = {}  # answer name -> faults to show first, one per request
    requests: ClassVar[list[dict[str, list[str]]]] = []

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        type(self).requests.append(query)
        if "id_list" in query:
            name = f"arxiv-api-{query['id_list'][0]}.xml"
            path = DATA / name
        else:
            name = f"page-{query['start'][0]}.xml"
            path = DATA / "arxiv-sync" / name
        fault = type(self).faults.get(name, [])
        kind = ""
        if fault:
            kind = fault.pop(0)
            if kind == "503":
                self.send_response(503)
                self.send_header("Retry-After", "1")
                self.end_headers()
                return
            if kind == "slow":
                time.sleep(1.5)
        if not path.exists():
            self.send_response(404)
            self.end_headers()
            return
        body = path.read_bytes()
        if kind in ("short", "empty"):  # a page with fewer entries than asked for, totalResults unchanged
            entries = re.findall(rb"<entry>.*?</entry>\s*", body, re.DOTALL)
            for entry in entries[1:] if kind == "short" else entries:
                body = body.replace(entry, b"", 1)
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def arxiv_api(monkeypatch):
    """A local server replaying the arXiv API's recorded answers; PORTFOLIO_ARXIV_API_BASE names it."""
    from sphinx_portfolio.core import arxiv

    Replay.faults, Replay.requests = {}, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/api/query"
    monkeypatch.setenv(arxiv.BASE_VARIABLE, base)
    yield base
    server.shutdown()
    server.server_close()


def tree_digest(folder: Path, skip: str = "_build") -> dict[str, str]:
    """Each file under *folder*, but in a *skip* folder, -> a digest: what a refusal must leave as it was."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and skip not in path.parts
    }


def copy_root(name: str, target: Path) -> Path:
    """A copy of the tiny site ``tests/roots/test-<name>`` at *target*, to change freely."""
    shutil.copytree(ROOT / "tests" / "roots" / f"test-{name}", target)
    return target


def copy_of_repository(target: Path) -> Path:
    """The working tree as git sees it (untracked files too), copied to *target*."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
    else:  # not a git checkout (an unpacked archive)
        ignored = shutil.ignore_patterns(".git", "_build", ".nox", ".venv", "node_modules", ".pytest_cache")
        shutil.copytree(ROOT, target, ignore=ignored, dirs_exist_ok=True)
    if (ROOT / "node_modules").exists():
        (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target
