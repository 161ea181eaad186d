"""Every bad input gets one clear line naming the place, a non-zero exit, and no site.

Each case mutates a copy of the tiny site in tests/roots/test-integrity, runs the real
publish step (as ``nox -s build`` does) over an output folder that holds an older site,
and checks the message, the exit code, and that nothing is left in the output folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SOURCE = ROOT / "tests" / "roots" / "test-integrity"
SOURCE_ERROR = WARNING_AS_ERROR = 1


def replace(path: str, old: str, new: str):
    def mutate(site: Path) -> None:
        text = (site / path).read_text("utf-8")
        assert old in text, f"{old!r} not in {path}"
        (site / path).write_text(text.replace(old, new, 1), "utf-8")

    return mutate


def append(path: str, text: str):
    def mutate(site: Path) -> None:
        with (site / path).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return mutate


def write(path: str, content: str | bytes):
    def mutate(site: Path) -> None:
        target = site / path
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, "utf-8")

    return mutate


def delete(path: str):
    return lambda site: (site / path).unlink()


def latin1_name(site: Path) -> None:
    bib = site / "refs.bib"
    bib.write_bytes(
        bib.read_bytes().replace(
            b"author    = {Babbage, Charles and Lovelace", b"author    = {Babb\xe4ge, Charles and Lovelace"
        )
    )


FIRST_ENTRY = (SOURCE / "refs.bib").read_text("utf-8").split("\n\n")[0]

CASES = {
    "unbalanced brace": (
        replace("refs.bib", "\\emph{Revisited}},", "\\emph{Revisited},"),
        "refs.bib:2: ERROR: unbalanced braces in field 'title' of entry 'lovelace2024engines': a '{' is never closed",
        SOURCE_ERROR,
    ),
    "missing comma": (
        replace("refs.bib", "de Morgan, Augustus},", "de Morgan, Augustus}"),
        "refs.bib:4: ERROR: expected ',' after the key or a field of entry 'lovelace2024engines', found 'b'",
        SOURCE_ERROR,
    ),
    "not UTF-8": (
        latin1_name,
        "refs.bib:14: ERROR: not UTF-8 (byte 0xe4); save the file as UTF-8",
        SOURCE_ERROR,
    ),
    "duplicate key in the middle": (
        replace("refs.bib", "\n\n@misc", "\n\n" + FIRST_ENTRY + "\n\n@misc"),
        "refs.bib:12: ERROR: entry 'lovelace2024engines': duplicate key (first defined at line 1)",
        SOURCE_ERROR,
    ),
    "same paper under two keys": (
        replace("refs.bib", "{2301.00001}", "{2406.19370}"),
        "refs.bib:12: ERROR: entry 'babbage2023notes': same arXiv id as entry 'lovelace2024engines' (line 1)",
        SOURCE_ERROR,
    ),
    "missing title": (
        replace("refs.bib", "  title     = {Notes on the Difference Engine},\n", ""),
        "refs.bib:12: ERROR: entry 'babbage2023notes': missing required field 'title' for @misc",
        SOURCE_ERROR,
    ),
    "implausible year": (
        replace("refs.bib", "{2023}", "{203}"),
        "refs.bib:15: ERROR: entry 'babbage2023notes': year '203' is not a plausible year",
        SOURCE_ERROR,
    ),
    "malformed arXiv id": (
        replace("refs.bib", "{2301.00001}", "{2301.1}"),
        "refs.bib:16: ERROR: entry 'babbage2023notes': arXiv id '2301.1' is not well-formed",
        SOURCE_ERROR,
    ),
    "malformed DOI": (
        replace("refs.bib", "  tldr ", "  doi = {https://doi.org/10.1/x},\n  tldr "),
        "refs.bib:19: ERROR: entry 'babbage2023notes': DOI 'https://doi.org/10.1/x' is not well-formed",
        SOURCE_ERROR,
    ),
    "bare percent": (
        replace("refs.bib", "{We take notes.}", "{We take 100% of the notes.}"),
        "refs.bib:19: ERROR: bare '%' inside an entry cuts the line short; write '\\%'",
        SOURCE_ERROR,
    ),
    "LaTeX the site cannot render": (
        replace("refs.bib", "{Notes on the Difference Engine}", "{Notes on the \\cite{x} Engine}"),
        "refs.bib:13: ERROR: entry 'babbage2023notes': field 'title' uses LaTeX the site cannot render: \\cite",
        SOURCE_ERROR,
    ),
    "javascript URL in refs.bib": (
        replace("refs.bib", "  tldr ", "  url = {javascript:alert(1)},\n  tldr "),
        "refs.bib:19: ERROR: entry 'babbage2023notes': field 'url': URL scheme must be http or https, not javascript:",
        SOURCE_ERROR,
    ),
    "data URL in a site-only field": (
        replace("refs.bib", "{https://github.com/example/engines}", "{data:text/html,hi}"),
        "refs.bib:9: ERROR: entry 'lovelace2024engines': field 'code': URL scheme must be http or https, not data:",
        SOURCE_ERROR,
    ),
    "javascript link in a page": (
        append("papers/babbage2023notes.md", "\n[click](javascript:alert(1))\n"),
        "papers/babbage2023notes.md:5: ERROR: link scheme 'javascript:' is not allowed (use http or https)",
        SOURCE_ERROR,
    ),
    "javascript link in raw HTML": (
        append("papers/babbage2023notes.md", '\n<a href="javascript:alert(1)">x</a>\n'),
        "papers/babbage2023notes.md:5: ERROR: link scheme 'javascript:' is not allowed (use http or https)",
        SOURCE_ERROR,
    ),
    "page whose key is not in refs.bib": (
        write("papers/ghost.md", "---\npaper: ghost\n---\n"),
        "papers/ghost.md:2: ERROR: paper 'ghost' is not in refs.bib",
        SOURCE_ERROR,
    ),
    "entry without a page": (
        delete("papers/babbage2023notes.md"),
        "refs.bib:12: ERROR: entry 'babbage2023notes': has no page: create papers/babbage2023notes.md",
        SOURCE_ERROR,
    ),
    "broken front matter": (
        write("papers/babbage2023notes.md", "---\npaper: [babbage2023notes\n---\n"),
        "papers/babbage2023notes.md:2: ERROR: front matter is not valid YAML: expected ',' or ']'",
        SOURCE_ERROR,
    ),
    "news refers to an unknown paper": (
        replace("news/2024-05-engines.md", "{paper}`lovelace2024engines`", "{paper}`lovelace2025engines`"),
        "news/2024-05-engines.md:7: ERROR: refers to paper 'lovelace2025engines', which is not in refs.bib",
        SOURCE_ERROR,
    ),
    "bad news date": (
        replace("news/2024-05-engines.md", "date: 2024-05", "date: May 2024"),
        "news/2024-05-engines.md:2: ERROR: news date 'May 2024' must be YYYY-MM or YYYY-MM-DD",
        SOURCE_ERROR,
    ),
    "cross-reference to a missing page": (
        append("news/2024-05-engines.md", "\nSee {doc}`/papers/nothing`.\n"),
        "news/2024-05-engines.md:9: WARNING: unknown document: '/papers/nothing'",
        WARNING_AS_ERROR,
    ),
    "unknown topic": (
        replace("refs.bib", "{engines},\n  code", "{engines, steam},\n  code"),
        "refs.bib:8: ERROR: entry 'lovelace2024engines': unknown topic 'steam': add topics/steam.md or fix the spelling",
        SOURCE_ERROR,
    ),
    "bad value in a site-only field": (
        replace("refs.bib", "  tldr ", "  selected = {yes},\n  tldr "),
        "refs.bib:19: ERROR: entry 'babbage2023notes': field 'selected' must be 'true' or 'false', not 'yes'",
        SOURCE_ERROR,
    ),
    "one person spelled two ways": (
        replace("refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{Babbage, C. and Lovelace, Ada}"),
        "refs.bib:3: ERROR: entry 'lovelace2024engines': author 'Charles Babbage' looks like 'C. Babbage' in entry "
        "'babbage2023notes'",
        SOURCE_ERROR,
    ),
    "a Sphinx warning in a page": (
        append("papers/babbage2023notes.md", "\n```{no-such-directive}\n```\n"),
        "papers/babbage2023notes.md:5: WARNING: Unknown directive type: 'no-such-directive'",
        WARNING_AS_ERROR,
    ),
}


def publish(site: Path, out: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    return subprocess.run(
        [sys.executable, "-m", "portfolio", "publish", str(site), str(out), "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def site(tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(SOURCE, copy)
    return copy


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_with_one_clear_line_and_publishes_nothing(site, tmp_path, case):
    mutate, message, status = CASES[case]
    mutate(site)
    out = tmp_path / "_build" / "html"
    out.mkdir(parents=True)
    (out / "index.html").write_text("an older site")
    result = publish(site, out)
    output = (result.stdout + result.stderr).replace(str(site) + os.sep, "")
    assert message in output, output
    assert result.returncode == status
    assert not out.exists(), "a failed build must not leave a site in place"
    assert not out.with_name("html.new").exists()


def test_the_unmutated_site_builds(site, tmp_path):
    result = publish(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "papers" / "lovelace2024engines.html").exists()


def test_html_in_fields_is_escaped_not_run(site, tmp_path):
    replace("refs.bib", "{Notes on the Difference Engine}", "{Notes <script>alert(1)</script> <b>bold</b>}")(site)
    result = publish(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "html" / "papers" / "babbage2023notes.html").read_text("utf-8")
    assert "<script>alert(1)" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
