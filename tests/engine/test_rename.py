"""Renaming a paper's key (``portfolio rename OLD NEW``): every reference follows, the old address redirects.

The root ``test-rename`` names the paper ``lovelace2024engines`` on its own page (front matter
and a footnote citation), in a news item ({paper}) and on a topic page ({doc} and {paper}).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import build_site, copy_root, soup, tree_digest
from sphinx_portfolio.cli.commands import rename

OLD, NEW = "lovelace2024engines", "lovelace2024analytical"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("rename", tmp_path / "site")


def built(site: Path, out: Path) -> Path:
    app, warnings = build_site(site, out)
    assert warnings == "", warnings
    return Path(app.outdir)


def test_rename_moves_the_page_rewrites_every_reference_and_redirects_the_old_address(site, tmp_path, capsys):
    assert rename([OLD, NEW, "--srcdir", str(site)]) == 0
    bib = (site / "refs.bib").read_text("utf-8")
    assert f"@inproceedings{{{NEW}," in bib and OLD not in bib
    assert not (site / "papers" / f"{OLD}.md").exists()
    page = (site / "papers" / f"{NEW}.md").read_text("utf-8")
    assert f"paper: {NEW}" in page and f"{{footcite:t}}`{NEW}`" in page
    assert f"{{paper}}`{NEW}`" in (site / "news" / "2024-05-engines.md").read_text("utf-8")
    topic = (site / "topics" / "engines.md").read_text("utf-8")
    assert f"{{doc}}`the engines <../papers/{NEW}>`" in topic and f"{{paper}}`{NEW}`" in topic
    assert json.loads((site / "redirects.json").read_text("utf-8")) == {f"papers/{OLD}": f"papers/{NEW}"}
    assert "refs.bib" in capsys.readouterr().out

    out = built(site, tmp_path / "out")
    assert (out / "papers" / f"{NEW}.html").is_file()
    moved = soup(out / "papers" / f"{OLD}.html")
    assert moved.select_one('meta[http-equiv="refresh"]')["content"] == f"0; url={NEW}.html"
    assert moved.select_one('link[rel="canonical"]')["href"] == f"https://example.org/papers/{NEW}.html"
    assert moved.select_one('meta[name="robots"]')["content"] == "noindex"
    assert moved.select_one("a")["href"] == f"{NEW}.html"
    sitemap = (out / "sitemap.xml").read_text("utf-8") if (out / "sitemap.xml").exists() else ""
    assert f"papers/{OLD}.html" not in sitemap


def test_a_second_rename_sends_every_old_address_to_the_newest(site):
    assert rename([OLD, NEW, "--srcdir", str(site)]) == 0
    assert rename([NEW, "lovelace2024third", "--srcdir", str(site)]) == 0
    assert json.loads((site / "redirects.json").read_text("utf-8")) == {
        f"papers/{OLD}": "papers/lovelace2024third",
        f"papers/{NEW}": "papers/lovelace2024third",
    }
    assert rename(["lovelace2024third", OLD, "--srcdir", str(site)]) == 0  # and back where it was
    assert json.loads((site / "redirects.json").read_text("utf-8")) == {
        f"papers/{NEW}": f"papers/{OLD}",
        "papers/lovelace2024third": f"papers/{OLD}",
    }


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (OLD, "babbage2023notes", "refs.bib: the key 'babbage2023notes' is taken"),
        ("nobody2020none", NEW, "refs.bib: no paper has the key 'nobody2020none'"),
        (OLD, "two words", "'two words' is not a BibTeX key"),
        (OLD, "all", "the key 'all' names a file the site writes itself"),
    ],
)
def test_a_rename_that_cannot_be_done_changes_no_file(site, capsys, old, new, message):
    before = tree_digest(site)
    assert rename([old, new, "--srcdir", str(site)]) == 1
    said = capsys.readouterr().err
    assert message in said and "Traceback" not in said
    assert tree_digest(site) == before


def test_a_key_renamed_by_hand_is_a_warning_naming_the_old_address_and_the_command(site, tmp_path):
    built(site, tmp_path / "out")
    for path in [site / "refs.bib", *site.rglob("*.md")]:
        path.write_text(path.read_text("utf-8").replace(OLD, NEW), "utf-8")
    (site / "papers" / f"{OLD}.md").rename(site / "papers" / f"{NEW}.md")
    app, warnings = build_site_again(site, tmp_path / "out")
    assert f"entry '{OLD}' is now '{NEW}': the address of papers/{OLD}.html breaks" in warnings
    assert f"nox -s rename -- {OLD} {NEW}" in warnings
    bib = (site / "refs.bib").read_bytes()
    assert rename([OLD, NEW, "--srcdir", str(site)]) == 0  # what is left to do: the redirect
    assert (site / "refs.bib").read_bytes() == bib
    assert json.loads((site / "redirects.json").read_text("utf-8")) == {f"papers/{OLD}": f"papers/{NEW}"}
    app, warnings = build_site_again(site, tmp_path / "out")
    assert warnings == ""
    assert soup(Path(app.outdir) / "papers" / f"{OLD}.html").select_one('meta[http-equiv="refresh"]')


def build_site_again(srcdir: Path, outdir: Path):
    """An incremental build (the environment of the last one kept), as ``nox -s build`` runs after an edit."""
    from sphinx.testing.util import SphinxTestApp

    warnings = io.StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=outdir, status=io.StringIO(), warning=warnings, confoverrides={"nitpicky": True}
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            '{"papers/babbage2023notes": "papers/lovelace2024engines"}',
            "'papers/babbage2023notes' is a page of the site",
        ),
        ('{"../../etc/passwd": "papers/lovelace2024engines"}', "'../../etc/passwd' is not a page name inside the site"),
        ('{"papers/gone": "papers/nowhere"}', "'papers/nowhere', where 'papers/gone' moved, is not a page of the site"),
        ('{"papers/gone": ', "redirects.json:2: not valid JSON"),
    ],
)
def test_a_wrong_redirects_record_is_a_located_error(site, tmp_path, record, message):
    (site / "redirects.json").write_text(record + "\n", "utf-8")
    from sphinx_portfolio.config import load_settings
    from sphinx_portfolio.core.check import check_sources

    found = [str(finding) for finding in check_sources(site, load_settings(site)).findings]
    assert any(message in finding for finding in found), found
    assert all(finding.startswith("redirects.json:") for finding in found)
