"""Every absolute URL of every output agrees with the canonical one, however conf.py writes the address."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import copy_root, edit, soup

ADDRESS = "https://example.org/portfolio"


@pytest.fixture
def built(make_app, tmp_path) -> Path:
    site = copy_root("integrity", tmp_path / "site")
    edit(site, "conf.py", 'html_baseurl = "https://example.org/"', f'html_baseurl = "{ADDRESS}"')
    edit(site, "conf.py", '"sphinx_portfolio"]', '"sphinx_portfolio", "sphinx_sitemap", "sphinxext.opengraph"]')
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("ogp_site_url = html_baseurl\nogp_social_cards = {'enable': False}\nsitemap_url_scheme = '{link}'\n")
    app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())
    app.build()
    return Path(app.outdir)


def test_every_absolute_url_is_under_the_address_written_without_its_slash(built):
    found: dict[str, set[str]] = {}
    for path in sorted(built.rglob("*")):
        if path.suffix in {".html", ".xml", ".txt", ".json"} and path.is_file():
            text = path.read_text("utf-8")
            for url in re.findall(r"https://example\.org[^\s\"'<>)]*", text):
                found.setdefault(url, set()).add(path.relative_to(built).as_posix())
    outside = {url: pages for url, pages in found.items() if not url.startswith(ADDRESS + "/")}
    assert outside == {}
    # the places the slash used to be lost: link previews, Highwire, the feed, robots.txt, the sitemap
    page = soup(built / "papers" / "lovelace2024engines.html")
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"{ADDRESS}/papers/lovelace2024engines.html"
    assert page.select_one('meta[property="og:url"]')["content"] == canonical
    assert page.select_one('meta[name="citation_abstract_html_url"]')["content"] == canonical
    assert f"Sitemap: {ADDRESS}/sitemap.xml" in (built / "robots.txt").read_text("utf-8")
    assert f"<loc>{ADDRESS}/papers/lovelace2024engines.html</loc>" in (built / "sitemap.xml").read_text("utf-8")
