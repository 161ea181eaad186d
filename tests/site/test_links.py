"""Links: every internal link resolves, and the external link check catches what it should."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def broken_internal_links(site: Path) -> list[str]:
    """Every href/src (and CSS url()) inside the site that points at no file or no id."""
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            ids[page] = {tag["id"] for tag in soup.select("[id]")} | {tag["name"] for tag in soup.select("a[name]")}
        return ids[page]

    broken = []
    for page in sorted(site.rglob("*")):
        if page.suffix == ".html":
            soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            targets = [tag.get("href") or tag.get("src") for tag in soup.select("[href], [src]")]
        elif page.suffix == ".css":
            targets = CSS_URL.findall(page.read_text("utf-8"))
        else:
            continue
        for url in targets:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("data:"):
                continue
            path = unquote(parts.path)
            if not path:
                target = page
            elif path.startswith("/"):
                target = site / path.lstrip("/")
            else:
                target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {url}"
            if not target.exists():
                broken.append(where)
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                broken.append(where + " (no such id)")
    return broken


def test_every_internal_link_of_the_real_site_resolves(real_site):
    assert broken_internal_links(real_site) == []


def test_the_crawler_finds_a_planted_broken_link(real_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    page = site / "papers" / "index.html"
    page.write_text(
        page.read_text("utf-8").replace(
            "</article>",
            '<a href="nothing.html">x</a><a href="park2024emergence.html#no-such-id">y</a></article>',
            1,
        )
    )
    assert broken_internal_links(site) == [
        "papers/index.html: nothing.html",
        "papers/index.html: park2024emergence.html#no-such-id (no such id)",
    ]


class Handler(BaseHTTPRequestHandler):
    """Stand-ins for the hosts a portfolio links to."""

    busy_seen: ClassVar[set[str]] = set()  # pages that already answered 429 once

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: str = "", headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        data = body.encode()
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path
        page = '<html><body><h2 id="results">Results</h2></body></html>'
        if path.endswith("/good") or path.endswith("v2") or path.endswith("/publisher/paper"):
            self.send(200, page)
        elif path.endswith("/missing"):
            self.send(404, "not found")
        elif path == "/arxiv.org/abs/2406.19370":
            self.send(301, headers={"Location": "/arxiv.org/abs/2406.19370v2"})
        elif path.startswith("/doi.org/"):
            self.send(302, headers={"Location": "/publisher/paper"})
        elif path.endswith("/moved"):
            self.send(301, headers={"Location": "/example.org/elsewhere"})
        elif path.endswith("/elsewhere"):
            self.send(200, page)
        elif path.endswith("/slow"):
            time.sleep(3)
            self.send(200, page)
        elif path.endswith("/busy"):
            if self.command == "GET" and path not in Handler.busy_seen:
                Handler.busy_seen.add(path)
                self.send(429, "slow down", {"Retry-After": "1"})
            else:
                self.send(200, page)
        else:
            self.send(404, "unknown")

    do_HEAD = do_GET


@pytest.fixture
def link_server(monkeypatch):
    Handler.busy_seen.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("PORTFOLIO_LINKCHECK_SERVER", f"http://127.0.0.1:{server.server_port}")
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.sphinx("linkcheck", testroot="linkcheck", freshenv=True)
def test_linkcheck_with_the_site_settings_reports_what_is_broken(link_server, app):
    app.build()
    results = {}
    for line in (Path(app.outdir) / "output.json").read_text().splitlines():
        result = json.loads(line)
        results[result["uri"].split("/", 3)[-1]] = result["status"]
    assert results == {
        "example.org/good": "working",
        "example.org/good#results": "working",
        "example.org/missing": "broken",
        "example.org/good#no-such-anchor": "broken",
        "arxiv.org/abs/2406.19370": "working",  # allowed: arXiv's version redirect
        "doi.org/10.18653/v1/2026.findings-acl.1139": "working",  # allowed: DOI to publisher
        "example.org/moved": "redirected",  # not an allowed redirect: reported
        "example.org/slow": "broken",  # timed out
        "example.org/busy": "working",  # 429 with Retry-After, then fine
        "scholar.google.com/citations?user=x": "ignored",
    }
    assert (Path(app.outdir) / "output.txt").exists()
