"""Adding a paper or a news item in one command, and finding it everywhere after a build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site, live_preview, page_shows, soup, text_of, without_papers_like
from sphinx_portfolio.config import load_settings
from sphinx_portfolio.core.authoring import AuthoringError, add_news, add_papers, make_key, to_latex

DATA = ROOT / "tests" / "data"
#: the exports these tests add to a copy of the site
EXPORTS = [DATA / "scholar-export.bib"]


@pytest.fixture
def site(tmp_path) -> Path:
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(".git", "_build", ".nox", "tests", ".venv", "node_modules")
    )
    without_papers_like(copy, *EXPORTS)
    return copy


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_new_paper_and_news_item_appear_everywhere(site, tmp_path):
    (key,) = add_papers(site, [str(DATA / "scholar-export.bib")], load_settings(site))
    assert key == "lubana2025dynamics"
    entry = (site / "refs.bib").read_text().split("@phdthesis{lubana2025dynamics,")[1]
    # the export's spellings become refs.bib's: accents as LaTeX, one spelling per person
    assert 'Rockt{\\"a}schel, Tim' in entry and "Bigelow, Eric J." in entry and "P{\\'e}rez, Jos{\\'e}" in entry
    assert "timestamp" not in entry and "biburl" not in entry
    news = add_news(site, "Thesis defended.", key, "2025-06", load_settings(site))
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == ""
    out = Path(app.outdir)
    page = soup(out / "papers" / f"{key}.html")
    assert text_of(page.select_one("h1")).startswith("Dynamics of Abstractions in Neural Networks")
    assert "José Pérez" in text_of(page.select_one(".portfolio-byline"))
    assert "University of Michigan" in text_of(page.select_one(".portfolio-venue-line"))
    # the page's Markdown names its key in sphinxcontrib-bibtex's role, which puts the citation on the page
    written = (site / "papers" / f"{key}.md").read_text("utf-8")
    assert f"{{footcite:t}}`{key}`" in written and "```{footbibliography}" in written
    assert "Dynamics of Abstractions in Neural Networks" in page.select_one(f"aside.footnote#footcite-{key}").get_text()
    listed = {a["href"] for a in soup(out / "papers" / "index.html").select("a.portfolio-title")}
    assert f"{key}.html" in listed
    coauthors = {text_of(s) for s in soup(out / "coauthors.html").select("strong.portfolio-person")}
    assert "José Pérez" in coauthors
    feed = (out / "news" / "atom.xml").read_text()
    assert f"news/{news.stem}.html" in feed and "Thesis defended." in feed
    assert f"../news/{news.stem}.html" in {a["href"] for a in page.select("section#news a")}


def test_adding_the_same_paper_twice_is_refused_and_changes_nothing(site):
    add_papers(site, [str(DATA / "scholar-export.bib")], load_settings(site))
    before = snapshot(site)
    with pytest.raises(AuthoringError, match=r"already in refs\.bib"):
        add_papers(site, [str(DATA / "scholar-export.bib")], load_settings(site))
    assert snapshot(site) == before


def test_a_paper_already_present_under_another_key_is_refused(site, tmp_path):
    export = tmp_path / "dblp.bib"
    export.write_text(
        "@inproceedings{DBLP:conf/nips/ParkOLLT24,\n  author = {Core Francisco Park and Maya Okawa},\n"
        "  title = {Emergence of hidden capabilities},\n  booktitle = {NeurIPS},\n  year = {2024},\n"
        "  url = {https://arxiv.org/abs/2406.19370v2},\n}\n"
    )
    before = snapshot(site)
    with pytest.raises(AuthoringError, match=r"'park2024emergence' has the same arXiv id 2406\.19370"):
        add_papers(site, [str(export)], load_settings(site))
    assert snapshot(site) == before


def test_a_paper_from_the_arxiv_api(site, arxiv_api):
    (key,) = add_papers(site, ["arXiv:2611.04321"], load_settings(site))
    assert key == "bronte2026feature"
    entry = (site / "refs.bib").read_text().split(f"@misc{{{key},")[1]
    fields = {
        line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip() for line in entry.splitlines() if "=" in line
    }
    assert fields["title"] == '{Feature Circuits of G{\\"o}del Machines: 50\\% Fewer Parameters \\& More},'
    assert fields["author"] == '{Bront{\\"e}, Zo{\\"e} and Lubana, Ekdeep Singh and Tanaka, Hidenori},'
    assert fields["eprint"] == "{2611.04321}," and fields["year"] == "{2026},"
    assert "$\\alpha$-sparse features" in entry  # math stays math
    assert fields["abstract"] == (  # the whole abstract, not an opening
        "{We study circuits of $\\alpha$-sparse features in self-referential models and find that half of the "
        "parameters suffice.},"
    )
    with pytest.raises(AuthoringError, match="same arXiv id"):
        add_papers(site, ["arXiv:2611.04321"], load_settings(site))


def test_news_for_an_unknown_paper_is_refused(site):
    before = snapshot(site)
    with pytest.raises(AuthoringError, match="no paper 'nothing2026here'"):
        add_news(site, "Hello.", "nothing2026here", "2026-01", load_settings(site))
    with pytest.raises(AuthoringError, match="must be YYYY-MM"):
        add_news(site, "Hello.", "park2024emergence", "June 2026", load_settings(site))
    assert snapshot(site) == before


def test_keys_and_latex_follow_the_conventions():
    assert (
        make_key("Khona, Mikail", "2024", "Towards an Understanding of Stepwise Inference") == "khona2024understanding"
    )
    assert make_key("Bigelow, Eric J.", "2024", "In-Context Learning Dynamics") == "bigelow2024incontext"
    assert make_key("{\\'O} h{\\'E}igeartaigh, Se{\\'a}n", "2024", "A Study") == "oheigeartaigh2024study"
    assert to_latex("Łukasz Çelik & Ø 100%") == "{\\L}ukasz {\\c{C}}elik \\& {\\O} 100\\%"


def test_live_preview_rebuilds_when_refs_bib_is_saved(site):
    with live_preview(site) as base:
        url = base + "papers/lubana2021gradient.html"
        assert page_shows(url, "A Gradient Flow Framework For Analyzing Network Pruning")
        bib = site / "refs.bib"
        bib.write_text(bib.read_text().replace("{A Gradient Flow Framework For", "{A Live Gradient Flow Framework For"))
        assert page_shows(url, "A Live Gradient Flow Framework For")


def test_a_crlf_refs_bib_keeps_its_line_endings_and_a_refusal_changes_no_byte(site, tmp_path):
    bib = site / "refs.bib"
    bib.write_bytes(bib.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    (key,) = add_papers(site, [str(DATA / "scholar-export.bib")], load_settings(site))
    data = bib.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert f"@phdthesis{{{key},".encode() in data
    export = tmp_path / "broken.bib"
    export.write_text(
        "@misc{someone2026,\n  title = {A Study of \\cite{x} Engines},\n  author = {Doe, Jane},\n  year = {2026},\n}\n"
    )
    before = snapshot(site)
    with pytest.raises(AuthoringError) as refused:
        add_papers(site, [str(export)], load_settings(site))
    assert snapshot(site) == before
    message = str(refused.value)
    assert f"{export}:1: entry 'someone2026'" in message and "\\cite" in message
    assert "refs.bib:" not in message  # no line of refs.bib that does not exist


def test_a_failed_write_leaves_every_file_as_it_was(site, monkeypatch):
    import errno

    from sphinx_portfolio.core import output

    before = snapshot(site)
    real_replace = output.os.replace

    def full_disk(source, target):
        if str(target).endswith("refs.bib"):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", full_disk)
    with pytest.raises(AuthoringError, match="No space left on device; nothing was changed"):
        add_papers(site, [str(DATA / "scholar-export.bib")], load_settings(site))
    assert snapshot(site) == before  # no page, no temporary file, refs.bib whole


def test_publisher_html_becomes_latex_and_the_whole_abstract_is_kept(site, tmp_path):
    export = tmp_path / "publisher.bib"
    export.write_text(
        "@article{Doe2026,\n  title = {Engines in <i>Vitro</i> &amp; in Silico},\n"
        "  author = {Lubana, Ekdeep Singh and Doe, Jane},\n  journal = {Journal of Engines},\n  year = {2026},\n"
        "  abstract = {We show that H<sub>2</sub>O at &lt;5 degrees cools engines. A second sentence follows.},\n}\n"
    )
    (key,) = add_papers(site, [str(export)], load_settings(site))
    entry = (site / "refs.bib").read_text().split(f"@article{{{key},")[1]
    assert "title    = {Engines in \\emph{Vitro} \\& in Silico}" in entry
    assert (
        "abstract = {We show that H\\textsubscript{2}O at <5 degrees cools engines. A second sentence follows.}"
        in entry
    )


def test_news_text_is_text_and_its_date_a_real_day(site, tmp_path):
    before = snapshot(site)
    with pytest.raises(AuthoringError, match="is not a day of the calendar; nothing was changed"):
        add_news(site, "Hello.", "park2024emergence", "2025-02-30", load_settings(site))
    assert snapshot(site) == before
    news = add_news(
        site,
        'Talk <img src=x onerror="alert(1)"> on *engines* & [links](javascript:x)',
        "park2024emergence",
        None,
        load_settings(site),
    )
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == ""
    page = soup(Path(app.outdir) / "news" / f"{news.stem}.html")
    assert text_of(page.select_one("h1")).startswith(
        'Talk <img src=x onerror="alert(1)"> on *engines* & [links](javascript:x)'
    )
    assert not page.select("article img, h1 em, h1 a:not(.headerlink)")
