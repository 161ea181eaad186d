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

from conftest import ROOT, copy_root, edit

SOURCE = ROOT / "tests" / "roots" / "test-integrity"
SOURCE_ERROR = WARNING_AS_ERROR = 1


def replace(path: str, old: str, new: str):
    return lambda site: edit(site, path, old, new)


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


def all_of(*mutations):
    def mutate(site: Path) -> None:
        for one in mutations:
            one(site)

    return mutate


def delete(path: str):
    return lambda site: (site / path).unlink()


def symlink(path: str, target: str, make_target: bool = False):
    def mutate(site: Path) -> None:
        if make_target:
            (site / path).parent.joinpath(target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / "papers" / "babbage2023notes.md", (site / path).parent / target)
        (site / path).symlink_to(target)

    return mutate


def folder(path: str):
    return lambda site: (site / path).mkdir()


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
    "a news date a thousand years back": (
        replace("news/2024-05-engines.md", "date: 2024-05", "date: 1024-05"),
        "news/2024-05-engines.md:2: ERROR: news date '1024-05' is before 1900: a typo in the year?",
        SOURCE_ERROR,
    ),
    "a news item without its heading": (
        replace("news/2024-05-engines.md", "# Engines accepted at ICML.", "Engines accepted at ICML."),
        "news/2024-05-engines.md:4: ERROR: news item has no '# ' heading: start it with one, the headline its page "
        "and the feed show",
        SOURCE_ERROR,
    ),
    "a file the page rule leaves out, listed in a toctree": (
        all_of(write("Teaching.md", "# Teaching\n"), replace("index.md", "topics/index\n", "topics/index\nTeaching\n")),
        "index.md:12: ERROR: 'Teaching' is Teaching.md, which is not a page: a page's name starts with a lower-case "
        "letter or a digit",
        SOURCE_ERROR,
    ),
    "a citation of a key refs.bib does not have": (
        append("news/2024-05-engines.md", "\nAs in {cite:p}`lovelace2024engines,nobody2024nothing`.\n"),
        "news/2024-05-engines.md:9: ERROR: cites 'nobody2024nothing', which is not in refs.bib",
        SOURCE_ERROR,
    ),
    "a file from outside the site read into a page": (
        append("news/2024-05-engines.md", "\n```{literalinclude} ../../../../etc/hostname\n```\n"),
        "news/2024-05-engines.md:9: ERROR: names '../../../../etc/hostname', which is outside the site's folder: "
        "a page may read or publish only the site's own files",
        SOURCE_ERROR,
    ),
    "an SVG figure with an event handler": (
        all_of(
            write(
                "diagram.svg",
                '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="9" height="9"\n  onclick="alert(1)"/></svg>\n',
            ),
            append("news/2024-05-engines.md", "\n![A diagram](../diagram.svg)\n"),
        ),
        "diagram.svg:2: ERROR: holds an event handler: a file served from the site's own address runs it",
        SOURCE_ERROR,
    ),
    "an HTML file in _static with an entity-encoded javascript: link": (
        all_of(
            lambda site: (site / "_static").mkdir(),
            write("_static/about.html", '<p>About</p>\n<a href="&#106;avascript:alert(1)">me</a>\n'),
        ),
        "_static/about.html:2: ERROR: holds a javascript: link",
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
        "refs.bib:3: WARNING: entry 'lovelace2024engines': author 'Charles Babbage' looks like 'C. Babbage' in entry "
        "'babbage2023notes'",
        WARNING_AS_ERROR,
    ),
    "one spelling where conf.py wants two or more for one person": (
        append("conf.py", 'portfolio_same_person = [["Babbage, Charles"]]\n'),
        "conf.py:13: ERROR: portfolio_same_person holds lists of two or more names as refs.bib writes them, "
        "not ['Babbage, Charles']",
        SOURCE_ERROR,
    ),
    # lived in: what everyday edits and pasted exports bring
    "HTML pasted into a title": (
        replace("refs.bib", "{Notes on the Difference Engine}", "{Notes on the <i>Difference</i> Engine}"),
        "refs.bib:13: ERROR: entry 'babbage2023notes': field 'title' has HTML (<i>); write it as LaTeX",
        SOURCE_ERROR,
    ),
    "a control character pasted into a title": (
        replace("refs.bib", "{Notes on the Difference Engine}", "{Notes on the\x07 Difference Engine}"),
        "refs.bib:13: ERROR: entry 'babbage2023notes': field 'title' holds the control character U+0007",
        SOURCE_ERROR,
    ),
    "an HTML entity pasted into a field": (
        replace("refs.bib", "{We take notes.}", "{Notes &amp; engines.}"),
        "refs.bib:19: ERROR: entry 'babbage2023notes': field 'tldr' has HTML (&amp;)",
        SOURCE_ERROR,
    ),
    "authors separated by commas": (
        replace("refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{Babbage, Charles, Lovelace, Ada}"),
        "refs.bib:14: ERROR: entry 'babbage2023notes': 'Babbage, Charles, Lovelace, Ada' looks like several names "
        "separated by commas; separate authors with ' and '",
        SOURCE_ERROR,
    ),
    "a trailing 'and' in the authors": (
        replace("refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{Babbage, Charles and Lovelace, Ada and}"),
        "refs.bib:14: ERROR: entry 'babbage2023notes': field 'author' has a stray 'and' that leaves an empty name",
        SOURCE_ERROR,
    ),
    "a setting of the wrong type in conf.py": (
        append("conf.py", 'portfolio_latest_news = "five"\n'),
        "conf.py:13: ERROR: portfolio_latest_news must be int, not str: 'five'",
        SOURCE_ERROR,
    ),
    "a count below zero in conf.py": (
        append("conf.py", "portfolio_latest_news = -1\n"),
        "conf.py:13: ERROR: portfolio_latest_news must be 0 or more (how many to show), not -1",
        SOURCE_ERROR,
    ),
    "a missing comma in conf.py": (
        append("conf.py", 'html_theme_options = {"navigation_with_keys": True "top_of_page_buttons": []}\n'),
        "portfolio build: conf.py:13: invalid syntax",
        2,
    ),
    "a name conf.py never defined": (
        append("conf.py", "html_title = project_name\n"),
        "portfolio build: conf.py:13: NameError: name 'project_name' is not defined",
        2,
    ),
    "a mistyped setting name in conf.py": (
        append("conf.py", 'portfolio_self_nmae = "Lovelace, Ada"\n'),
        "conf.py:13: ERROR: unknown setting 'portfolio_self_nmae' (did you mean 'portfolio_self_name'?)",
        SOURCE_ERROR,
    ),
    "the retired setting that named the BibTeX file": (
        append("conf.py", 'portfolio_bibfile = "refs.bib"\n'),
        "conf.py:13: ERROR: 'portfolio_bibfile' is no longer read: bibtex_bibfiles (sphinxcontrib-bibtex's "
        "setting) names the BibTeX file; remove this line",
        SOURCE_ERROR,
    ),
    "two BibTeX files": (
        replace("conf.py", 'bibtex_bibfiles = ["refs.bib"]', 'bibtex_bibfiles = ["refs.bib", "more.bib"]'),
        "conf.py:7: ERROR: bibtex_bibfiles must name one BibTeX file, as ['refs.bib'], not ['refs.bib', 'more.bib']",
        SOURCE_ERROR,
    ),
    "a self name that is no author": (
        replace("conf.py", 'portfolio_self_name = "Lovelace, Ada"', 'portfolio_self_name = "Lovelace, Adam"'),
        "conf.py:8: ERROR: portfolio_self_name 'Lovelace, Adam' is not an author of any entry in refs.bib",
        SOURCE_ERROR,
    ),
    "no self name": (
        replace("conf.py", 'portfolio_self_name = "Lovelace, Ada"', ""),
        "conf.py:1: ERROR: set portfolio_self_name to the researcher's name as refs.bib writes it",
        SOURCE_ERROR,
    ),
    "the same arXiv paper with a version suffix": (
        replace("refs.bib", "{2301.00001}", "{2406.19370v2}"),
        "refs.bib:12: ERROR: entry 'babbage2023notes': same arXiv id as entry 'lovelace2024engines' (line 1)",
        SOURCE_ERROR,
    ),
    "an arXiv preprint pasted as a journal article with another id": (
        replace(
            "refs.bib",
            "@misc{babbage2023notes,",
            "@article{babbage2023notes,\n  journal = {arXiv preprint arXiv:2301.00002},",
        ),
        "refs.bib:13: ERROR: entry 'babbage2023notes': journal names arXiv:2301.00002, but eprint is 2301.00001",
        SOURCE_ERROR,
    ),
    "a news date that is no day": (
        replace("news/2024-05-engines.md", "date: 2024-05", "date: 2025-02-30"),
        "news/2024-05-engines.md:2: ERROR: news date '2025-02-30' is not a day of the calendar",
        SOURCE_ERROR,
    ),
    "a news date far in the future": (
        replace("news/2024-05-engines.md", "date: 2024-05", "date: 2099-05"),
        "news/2024-05-engines.md:2: ERROR: news date '2099-05' is more than 92 days after today",
        SOURCE_ERROR,
    ),
    "a page saved as Latin-1": (
        write("papers/babbage2023notes.md", "---\npaper: babbage2023notes\n---\n\nCaf\xe9 notes.\n".encode("latin-1")),
        "papers/babbage2023notes.md:5: ERROR: not UTF-8 (byte 0xe9); save the file as UTF-8",
        SOURCE_ERROR,
    ),
    "a dangling symbolic link": (
        symlink("papers/ghost.md", "../drafts/ghost.md"),
        "papers/ghost.md:1: ERROR: is a symbolic link to ../drafts/ghost.md, which does not exist",
        SOURCE_ERROR,
    ),
    "a symbolic link to a draft": (
        symlink("papers/copy.md", "../drafts/copy.md", make_target=True),
        "papers/copy.md:1: ERROR: is a symbolic link (to ../drafts/copy.md); a page must be a file of its own",
        SOURCE_ERROR,
    ),
    "a folder named like a page": (
        folder("news/2024-06-later.md"),
        "news/2024-06-later.md:1: ERROR: is a folder; a page must be a Markdown file",
        SOURCE_ERROR,
    ),
    "math the site cannot render": (
        replace("refs.bib", "{Notes on the Difference Engine}", "{Notes on $\\oint f$ Engines}"),
        "refs.bib:13: ERROR: entry 'babbage2023notes': field 'title' uses math the site cannot render: \\oint",
        SOURCE_ERROR,
    ),
    "a macro no @string defines": (
        replace("refs.bib", "{2023}", "twentytwentythree"),
        "refs.bib:15: ERROR: field 'year' of entry 'babbage2023notes' uses 'twentytwentythree', which no @string defines",
        SOURCE_ERROR,
    ),
    # raw HTML in pages and news: judged by nh3, refused with the place
    "an event handler in a page": (
        append("papers/babbage2023notes.md", '\n<img src="x.png" onerror="alert(1)">\n'),
        "papers/babbage2023notes.md:5: WARNING: raw HTML removed: attribute onerror='alert(1)' on <img> is not allowed",
        WARNING_AS_ERROR,
    ),
    "a script in a page": (
        append("papers/babbage2023notes.md", "\n<script>alert(1)</script>\n"),
        "papers/babbage2023notes.md:5: WARNING: raw HTML removed: <script> is not allowed",
        WARNING_AS_ERROR,
    ),
    "a script through the raw directive": (
        append("papers/babbage2023notes.md", "\n```{raw} html\n<p>hi</p><script>alert(1)</script>\n```\n"),
        "papers/babbage2023notes.md:5: WARNING: raw HTML removed: <script> is not allowed",
        WARNING_AS_ERROR,
    ),
    "an iframe with srcdoc": (
        append("papers/babbage2023notes.md", '\n<iframe srcdoc="<script>alert(1)</script>"></iframe>\n'),
        "papers/babbage2023notes.md:5: WARNING: raw HTML removed: <iframe> is not allowed (set portfolio_embed_hosts)",
        WARNING_AS_ERROR,
    ),
    "a javascript link written with an entity": (
        append("papers/babbage2023notes.md", '\n<a href="jav&#x61;script:alert(1)">x</a>\n'),
        "papers/babbage2023notes.md:5: WARNING: raw HTML removed: attribute href='javascript:alert(1)' on <a>",
        WARNING_AS_ERROR,
    ),
    "a javascript link split by a newline": (
        append("papers/babbage2023notes.md", '\n<a href="java\nscript:alert(1)">x</a>\n'),
        "papers/babbage2023notes.md:5: WARNING: raw HTML removed: attribute href='java\\nscript:alert(1)' on <a>",
        WARNING_AS_ERROR,
    ),
    "an event handler in a news heading": (
        replace("news/2024-05-engines.md", "# Engines accepted", '# Engines <b onmouseover="alert(1)">accepted</b>'),
        "news/2024-05-engines.md:5: WARNING: raw HTML removed: attribute onmouseover='alert(1)' on <b>",
        WARNING_AS_ERROR,
    ),
    "a Sphinx warning in a page": (
        append("papers/babbage2023notes.md", "\n```{no-such-directive}\n```\n"),
        "papers/babbage2023notes.md:5: WARNING: Unknown directive type: 'no-such-directive'",
        WARNING_AS_ERROR,
    ),
}


def publish(site: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "build", str(site), str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("integrity", tmp_path / "site")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_with_one_clear_line_and_publishes_nothing(site, tmp_path, case):
    mutate, message, status = CASES[case]
    mutate(site)
    out = tmp_path / "_build" / "html"
    out.mkdir(parents=True)
    (out / "index.html").write_text("an older site")
    (out / ".buildinfo").write_text("# Sphinx build info version 1\n")  # an earlier build's
    result = publish(site, out)
    output = (result.stdout + result.stderr).replace(str(site) + os.sep, "")
    assert message in output, output
    assert result.returncode == status
    assert (out / "index.html").read_text() == "an older site", "a failed build leaves the folder as it was"
    assert sorted(path.name for path in out.parent.iterdir()) == ["html"], "no scratch folder is left"


def test_the_bib_file_renamed_in_its_one_setting_builds(site, tmp_path):
    (site / "refs.bib").rename(site / "publications.bib")
    edit(site, "conf.py", 'bibtex_bibfiles = ["refs.bib"]', 'bibtex_bibfiles = ["publications.bib"]')
    result = publish(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "papers" / "lovelace2024engines.html").exists()


def test_the_unmutated_site_builds(site, tmp_path):
    result = publish(site, tmp_path / "html")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "papers" / "lovelace2024engines.html").exists()


def test_unsafe_html_never_reaches_a_page_even_when_warnings_do_not_fail_the_build(site, tmp_path):
    """The live preview builds without -W: the sanitizer still keeps every unsafe fragment out."""
    append(
        "papers/babbage2023notes.md",
        '\n<img src="x.png" onerror="alert(1)">\n\n<p class="kept">Safe <em>markup</em> stays.</p>\n',
    )(site)
    replace("news/2024-05-engines.md", "# Engines accepted", '# Engines <b onmouseover="alert(1)">accepted</b>')(site)
    from conftest import build_site

    app, warnings = build_site(site, tmp_path / "out")
    assert "raw HTML removed" in warnings
    out = Path(app.outdir)
    pages = [path.read_text("utf-8") for path in out.rglob("*.html")]
    assert not [page for page in pages if "onerror" in page or "onmouseover" in page]
    assert '<p class="kept">Safe <em>markup</em> stays.</p>' in (out / "papers" / "babbage2023notes.html").read_text()
    assert "Engines accepted at ICML." in (out / "news" / "atom.xml").read_text()  # the words, not the markup


def test_embeds_from_named_hosts_only(site, tmp_path):
    player = '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Talk" width="560" height="315"></iframe>'
    elsewhere = '<iframe src="https://evil.example/embed" title="Other"></iframe>'
    append("papers/babbage2023notes.md", f"\n{player}\n\n{elsewhere}\n")(site)
    append("conf.py", 'portfolio_embed_hosts = ["www.youtube-nocookie.com"]\n')(site)
    from conftest import build_site

    app, warnings = build_site(site, tmp_path / "out")
    assert "papers/babbage2023notes.md:7: WARNING: raw HTML removed: attribute src='https://evil.example/embed'" in (
        warnings.replace(str(site) + os.sep, "")
    )
    page = (Path(app.outdir) / "papers" / "babbage2023notes.html").read_text()
    assert player in page and "evil.example" not in page
