"""The ``portfolio`` command as a new user meets it: its help, and ``portfolio build``'s output folder.

``portfolio build`` publishes a clean build only, replaces only what an earlier build made,
and refuses a folder it must not write into, changing nothing there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_root

#: every command the README lists
COMMANDS = ["init", "check", "build", "serve", "new-paper", "new-news", "cite-pages", "sync"]


def portfolio(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.mark.parametrize("args", [["--help"], ["-h"], []], ids=["--help", "-h", "bare"])
def test_help_lists_every_command_with_what_it_does_and_exits_0(args):
    done = portfolio(*args)
    assert done.returncode == 0, done.stderr
    for command in COMMANDS:
        line = re.search(rf"^  {re.escape(command)} +(\S.+)$", done.stdout, re.MULTILINE)
        assert line, f"{command} is not listed:\n{done.stdout}"
        assert len(line.group(1).split()) >= 4, f"{command}: '{line.group(1)}' says too little"


def test_an_unknown_command_is_named_and_the_list_shown():
    done = portfolio("compile")
    assert done.returncode == 2
    assert "unknown command 'compile'" in done.stderr and "new-paper" in done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_has_an_example(command):
    done = portfolio(command, "--help")
    assert done.returncode == 0, done.stderr
    examples = done.stdout.split("example", 1)[-1]
    assert "example" in done.stdout and f"portfolio {command}" in examples, done.stdout


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("integrity", tmp_path / "site")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_clean_build_says_what_was_built_where_and_how_long_and_nothing_else(site, tmp_path):
    out = tmp_path / "out" / "html"
    done = portfolio("build", str(site), str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""  # no notice of a package the build does not use, no progress of Sphinx
    (line,) = done.stdout.splitlines()
    found = re.fullmatch(r"Built (\d+) pages into (.+) in [\d.]+ s: open (.+)", line)
    assert found, line
    assert int(found.group(1)) == len(list(out.rglob("*.html")))
    assert Path(found.group(2)) == out and Path(found.group(3)) == out / "index.html"
    assert sorted(path.name for path in out.parent.iterdir()) == ["html"], "no scratch folder is left"


def test_verbose_shows_sphinxs_progress(site, tmp_path):
    done = portfolio("build", str(site), str(tmp_path / "html"), "-v")
    assert done.returncode == 0, done.stderr
    assert "build succeeded" in done.stdout


@pytest.mark.parametrize(
    ("outdir", "message"),
    [
        (".", "is the site's source folder"),
        ("..", "holds the site's sources"),
        ("papers/out", "lies among the site's sources (papers/)"),
    ],
)
def test_an_output_folder_among_the_sources_is_refused_and_nothing_changes(site, outdir, message):
    before = snapshot(site.parent)
    done = portfolio("build", str(site), str(site / outdir))
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
    assert snapshot(site.parent) == before


def test_a_folder_no_build_made_is_refused_and_kept(site, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    done = portfolio("build", str(site), str(out))
    assert done.returncode == 2
    assert "holds files no build made (e.g. thesis.tex)" in done.stderr
    assert snapshot(out) == {"thesis.tex": b"years of work"}


def test_the_next_build_replaces_what_the_last_made_and_keeps_the_hosts_own_files(site, tmp_path):
    out = tmp_path / "html"
    assert portfolio("build", str(site), str(out)).returncode == 0
    (out / "CNAME").write_text("portfolio.example.org\n")
    (out / ".well-known").mkdir()
    (out / ".well-known" / "security.txt").write_text("Contact: https://example.org\n")
    news = sorted((site / "news").glob("2*.md"))[0]
    published = out / "news" / news.with_suffix(".html").name
    assert published.is_file()
    news.unlink()  # the item is gone from the sources, so its page goes from the site
    done = portfolio("build", str(site), str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "CNAME").read_text() == "portfolio.example.org\n"
    assert (out / ".well-known" / "security.txt").is_file()
    assert not published.exists()
    manifest = set(json.loads((out / ".portfolio-manifest.json").read_text()))
    assert "index.html" in manifest and "CNAME" not in manifest


def test_a_sphinx_build_folder_from_before_manifests_is_replaced(site, tmp_path):
    out = tmp_path / "html"
    out.mkdir()
    (out / ".buildinfo").write_text("# Sphinx build info version 1\n")
    (out / "stale.html").write_text("from an old build")
    assert portfolio("build", str(site), str(out)).returncode == 0
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()


def test_cite_pages_makes_older_paper_pages_cite_their_entry_and_keeps_what_they_hold(site):
    """The integrity root's pages are front matter only, as pages were written before they cited their entry."""
    notes = site / "papers" / "babbage2023notes.md"
    notes.write_bytes(b"---\r\npaper: babbage2023notes\r\n---\r\n\r\nA note of my own.\r\n")
    done = portfolio("cite-pages", str(site))
    assert done.returncode == 0, done.stderr
    assert "cites its entry: papers/babbage2023notes.md" in done.stdout
    assert notes.read_bytes() == (
        b"---\r\npaper: babbage2023notes\r\n---\r\n\r\nA note of my own.\r\n\r\n"
        b"Cite as {footcite:t}`babbage2023notes`.\r\n\r\n```{footbibliography}\r\n```\r\n"
    )
    before = snapshot(site)
    again = portfolio("cite-pages", str(site))
    assert again.returncode == 0 and "0 paper page(s) changed" in again.stdout
    assert snapshot(site) == before
    built = portfolio("build", str(site), str(site.parent / "out"))
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site.parent / "out" / "papers" / "babbage2023notes.html").read_text("utf-8")
    assert 'id="footcite-babbage2023notes"' in page


def test_cite_pages_changes_nothing_when_the_sources_have_a_problem(site):
    (site / "refs.bib").write_text((site / "refs.bib").read_text("utf-8") + "\n@misc{broken,\n", "utf-8")
    before = snapshot(site)
    done = portfolio("cite-pages", str(site))
    assert done.returncode == 1
    assert "refs.bib:" in done.stdout and "no page was changed" in done.stderr
    assert snapshot(site) == before
