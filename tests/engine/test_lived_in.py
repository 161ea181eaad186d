"""A site lived in for years: stray files, pasted exports and everyday habits publish the right pages.

Each test edits a copy of the tiny site in tests/roots/test-integrity the way a researcher
would, builds it strictly, and reads the facts back from the HTML.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from conftest import build_site, copy_root, edit, soup, text_of
from sphinx_portfolio.core.sources import is_page


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("integrity", tmp_path / "site")


def build(site: Path, tmp_path: Path) -> Path:
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == "", warnings
    return Path(app.outdir)


def head_tags(page, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'meta[name="{name}"]')]


def json_ld(page) -> list[dict]:
    return [json.loads(block.string) for block in page.select('script[type="application/ld+json"]')]


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("index.md", True),
        ("coauthors.md", True),
        ("papers/lovelace2024engines.md", True),
        ("papers/Lovelace2024Engines.md", True),  # a Zotero key
        ("news/2024-05-engines.md", True),
        ("README.md", False),
        ("BENCHMARKS.md", False),
        (".pytest_cache/README.md", False),
        (".venv/lib/site-packages/x/README.md", False),
        ("papers/old/lovelace2024engines.md", False),
        ("papers/lovelace2024engines.md.orig", False),
        ("papers/lovelace2024engines.md~", False),
        ("papers/.#lovelace2024engines.md", False),
        ("drafts/idea.md", False),
        ("_build/html/_sources/index.md", False),
    ],
)
def test_what_is_a_page_is_one_rule(path, page):
    assert is_page(path, ("papers", "news", "topics")) is page


def test_caches_backups_and_stray_copies_are_never_pages(site, tmp_path):
    original = (site / "papers" / "lovelace2024engines.md").read_text()
    strays = {
        ".pytest_cache/README.md": "# pytest cache directory #\n",
        ".venv/lib/README.md": "# a package\n",
        "papers/old/lovelace2024engines.md": original,
        "papers/lovelace2024engines.md~": original,
        "drafts/lovelace2024engines.md": original,
        "README.md": "# The repository\n",
        "NOTES.md": "# Notes\n",
    }
    for path, text in strays.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text)
    out = build(site, tmp_path)
    pages = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html"))
    assert not [page for page in pages if page.startswith(("papers/old", "drafts", ".", "README", "NOTES"))]
    with_tags = [page for page in pages if soup(out / page).select('meta[name="citation_title"]')]
    assert with_tags == ["papers/babbage2023notes.html", "papers/lovelace2024engines.html"]


def test_a_page_with_a_byte_order_mark_is_read_as_any_other(site, tmp_path):
    page = site / "papers" / "babbage2023notes.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    out = build(site, tmp_path)
    assert text_of(soup(out / "papers" / "babbage2023notes.html").select_one("h1")).startswith("Notes on the")


def words(node) -> str:
    return " ".join(node.get_text().split())


def test_the_researcher_is_one_person_however_the_name_is_written(site, tmp_path):
    (site / "coauthors.md").write_text("---\norphan: true\n---\n# Co-authors\n\n```{coauthors}\n```\n")
    edit(site, "conf.py", 'portfolio_self_name = "Lovelace, Ada"', 'portfolio_self_name = "Ada Lovelace"')
    edit(site, "refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{Babbage, Charles and Ada Lovelace}")
    out = build(site, tmp_path)
    for key in ("babbage2023notes", "lovelace2024engines"):
        assert text_of(soup(out / "papers" / f"{key}.html").select_one(".portfolio-self")) == "Ada Lovelace"
    people = [text_of(node) for node in soup(out / "coauthors.html").select("strong.portfolio-person")]
    assert "Ada Lovelace" not in people and "Charles Babbage" in people


def test_and_others_is_et_al_and_never_a_person(site, tmp_path):
    edit(site, "refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{Babbage, Charles and Lovelace, Ada and others}")
    out = build(site, tmp_path)
    page = soup(out / "papers" / "babbage2023notes.html")
    assert words(page.select_one(".portfolio-byline")) == "Charles Babbage, Ada Lovelace, et al."
    assert head_tags(page, "citation_author") == ["Babbage, Charles", "Lovelace, Ada"]
    (article,) = json_ld(page)
    assert [author["name"] for author in article["author"]] == ["Charles Babbage", "Ada Lovelace"]
    assert words(page.select_one(".portfolio-citation")).startswith("Charles Babbage, Ada Lovelace, et al.")
    shown = [soup(path) for path in out.rglob("*.html")]
    for html in shown:  # BibTeX's own text (the entry to copy) may say it; nothing a reader reads does
        for block in html.select("pre, .highlight"):
            block.decompose()
    assert not [text_of(html) for html in shown if "others" in text_of(html).lower()]


def test_an_arxiv_preprint_pasted_as_a_journal_article_is_a_preprint(site, tmp_path):
    # Google Scholar's export of an arXiv paper
    edit(
        site,
        "refs.bib",
        "@misc{babbage2023notes,",
        "@article{babbage2023notes,\n  journal   = {arXiv preprint arXiv:2301.00001},",
    )
    edit(
        site,
        "refs.bib",
        "  eprint    = {2301.00001},\n  archiveprefix = {arXiv},\n  topics    = {engines},\n  tldr",
        "  topics    = {engines},\n  tldr",
    )
    out = build(site, tmp_path)
    page = soup(out / "papers" / "babbage2023notes.html")
    assert head_tags(page, "citation_arxiv_id") == ["2301.00001"]
    assert head_tags(page, "citation_journal_title") == []
    assert "Preprint, 2023" in text_of(page.select_one(".portfolio-venue-line"))
    assert "https://arxiv.org/abs/2301.00001" in {a["href"] for a in page.select("a.portfolio-link")}
    listing = soup(out / "papers" / "index.html").select_one("#entry-babbage2023notes")
    assert "portfolio-type-preprint" in listing["class"]


def test_a_repeated_topic_is_one_topic(site, tmp_path):
    edit(site, "refs.bib", "{engines},\n  code", "{engines, engines},\n  code")
    out = build(site, tmp_path)
    topics = soup(out / "papers" / "lovelace2024engines.html").select(".portfolio-topics a")
    assert [a["href"] for a in topics] == ["../topics/engines.html"]
    listed = soup(out / "topics" / "engines.html").select("li.portfolio-entry")
    assert len(listed) == len({item["id"] for item in listed})
    counted = text_of(soup(out / "topics" / "engines.html").select_one(".portfolio-counts"))
    assert counted.startswith(f"{len(listed)} papers")


def test_math_in_titles_is_rendered_and_plain_in_meta_tags(site, tmp_path):
    edit(site, "refs.bib", "{Notes on the Difference Engine}", "{Engines in $O(n^2)$ Time with $\\alpha$-Gears}")
    out = build(site, tmp_path)
    page = soup(out / "papers" / "babbage2023notes.html")
    assert words(page.select_one("h1")).startswith("Engines in O(n²) Time with α-Gears")
    assert head_tags(page, "citation_title") == ["Engines in O(n²) Time with α-Gears"]
    assert page.select_one("title").get_text().startswith("Engines in O(n²) Time with α-Gears")


def test_the_full_abstract_is_shown_and_given_to_search_engines(site, tmp_path):
    abstract = "We study engines. They compute $n^2$ tables. Their gears rarely slip."
    edit(site, "refs.bib", "  tldr      = {We take notes.},", f"  abstract  = {{{abstract}}},")
    out = build(site, tmp_path)
    page = soup(out / "papers" / "babbage2023notes.html")
    assert text_of(page.select_one("section#abstract h2")).startswith("Abstract")
    assert (
        words(page.select_one(".portfolio-abstract"))
        == "We study engines. They compute n² tables. Their gears rarely slip."
    )
    (article,) = json_ld(page)
    assert article["abstract"] == "We study engines. They compute n² tables. Their gears rarely slip."
    assert head_tags(page, "description") == ["We study engines."]
    search = (out / "searchindex.js").read_text()
    assert "slip" in search  # the abstract's words find the paper


def test_downloads_escape_latex_specials(site, tmp_path):
    edit(site, "refs.bib", "{Notes on the Difference Engine}", "{Notes & Tables of the Engine_2 #1}")
    out = build(site, tmp_path)
    download = (out / "papers" / "babbage2023notes.bib").read_text()
    assert "title = {Notes \\& Tables of the Engine\\_2 \\#1}" in " ".join(download.split())
    entry = parse_string(download, "bibtex").entries["babbage2023notes"]
    assert entry.fields["title"] == "Notes \\& Tables of the Engine\\_2 \\#1"
    page = soup(out / "papers" / "babbage2023notes.html")
    assert text_of(page.select_one("h1")).startswith("Notes & Tables of the Engine_2 #1")


def test_sphinx_never_walks_into_caches_or_virtual_environments(site, tmp_path, monkeypatch):
    """A .nox or node_modules folder holds thousands of files; listing them slowed every build."""
    import os

    deep = site / ".nox" / "tests" / "lib" / "python3" / "site-packages" / "pkg"
    deep.mkdir(parents=True)
    (deep / "README.md").write_text("# a package\n")
    walked = []
    real_walk = os.walk

    def recording_walk(top, *args, **kwargs):
        for found in real_walk(top, *args, **kwargs):
            walked.append(Path(found[0]))
            yield found

    monkeypatch.setattr(os, "walk", recording_walk)
    build(site, tmp_path)
    assert site / "papers" in walked  # Sphinx's own walk, seen
    inside = [path.relative_to(site) for path in walked if site in path.parents]
    assert not [path for path in inside if len(path.parts) > 2]


COAUTHORS_PAGE = "---\norphan: true\n---\n# Co-authors\n\n```{coauthors}\n```\n"


def coauthors(out: Path) -> dict[str, str]:
    """Each person on the co-authors page -> the count of papers shown beside them ("2 papers").

    People of one paper are in a table of their own, each beside that paper's title."""
    found = {}
    for row in soup(out / "coauthors.html").select("table.portfolio-coauthors tbody tr"):
        summary = row.select_one("summary")
        count = text_of(summary) if summary else f"{len(row.select('ul a'))} paper"
        found[text_of(row.select_one("strong.portfolio-person"))] = count
    return found


def test_co_authors_written_in_any_script_are_each_their_own_person(site, tmp_path):
    (site / "coauthors.md").write_text(COAUTHORS_PAGE)
    written = "Babbage, Charles and 李, 明 and 李, 明华 and 王, 芳 and علي, محمد and शर्मा, राहुल and शर्मा, रोहित"
    edit(site, "refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{" + written + " and Lovelace, Ada}")
    out = build(site, tmp_path)  # no warning: '明' is a given name, not the initial of '明华'
    people = coauthors(out)
    for name in ("明 李", "明华 李", "芳 王", "محمد علي", "राहुल शर्मा", "रोहित शर्मा"):
        assert people.get(name) == "1 paper", (name, people)
    assert people["Charles Babbage"] == "2 papers"
    byline = words(soup(out / "papers" / "babbage2023notes.html").select_one(".portfolio-byline"))
    assert "明 李" in byline and "राहुल शर्मा" in byline


def test_near_names_are_a_warning_until_conf_py_says_one_person_or_two(site, tmp_path):
    (site / "coauthors.md").write_text(COAUTHORS_PAGE)
    edit(site, "refs.bib", "{Babbage, Charles and Lovelace, Ada}", "{Babbage, C. and Lovelace, Ada}")
    app, warnings = build_site(site, tmp_path / "warned")
    assert "refs.bib:3: WARNING: entry 'lovelace2024engines': author 'Charles Babbage' looks like 'C. Babbage'" in (
        warnings
    )
    assert "portfolio_same_person (one person) or portfolio_different_people (two)" in warnings
    assert (Path(app.outdir) / "papers" / "babbage2023notes.html").is_file()  # a warning: the site builds
    checked = subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "check", str(site)], capture_output=True, text=True, check=False
    )
    assert "refs.bib:3: warning: entry 'lovelace2024engines': author 'Charles Babbage' looks like" in checked.stdout
    assert checked.returncode == 1  # as `portfolio build`, which stops on warnings

    conf = (site / "conf.py").read_text("utf-8")
    (site / "conf.py").write_text(conf + 'portfolio_same_person = [["Babbage, Charles", "Babbage, C."]]\n')
    people = coauthors(build(site, tmp_path / "one"))
    assert [name for name in people if "Babbage" in name] == ["Charles Babbage"]
    assert people["Charles Babbage"] == "2 papers"

    (site / "conf.py").write_text(conf + 'portfolio_different_people = [["Babbage, Charles", "Babbage, C."]]\n')
    people = coauthors(build(site, tmp_path / "two"))
    assert people["Charles Babbage"] == "1 paper" and people["C. Babbage"] == "1 paper"


def test_roles_shown_in_a_code_block_are_text_not_references(site, tmp_path):
    shown = "How to cite:\n\n```markdown\n{cite:p}`yourkey2024`, see {doc}`Teaching`\n```\n"
    (site / "news" / "2024-05-engines.md").write_text(
        (site / "news" / "2024-05-engines.md").read_text("utf-8") + "\n" + shown, "utf-8"
    )
    (site / "Teaching.md").write_text("# Teaching\n")  # not a page (upper case), and not linked: no problem
    out = build(site, tmp_path)
    code = soup(out / "news" / "2024-05-engines.html").select_one("div.highlight pre")
    assert "{cite:p}`yourkey2024`" in code.get_text()
