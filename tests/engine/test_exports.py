"""Standard BibTeX as exporters write it: keys that start with a digit or hold ':' and '/', crossref,
@preamble, @string and month macros. Each is added with new-paper, or pasted into refs.bib, and builds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_root, soup, text_of
from sphinx_portfolio.config import load_settings
from sphinx_portfolio.core.authoring import add_papers
from sphinx_portfolio.core.check import check_sources

EXPORTS = ROOT / "tests" / "data" / "exports"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("integrity", tmp_path / "site")


def built(site: Path) -> Path:
    app, warnings = build_site(site, site.parent / "out")
    assert warnings == "", warnings
    return Path(app.outdir)


@pytest.mark.parametrize(
    ("export", "key", "venue"),
    [
        # ACM Digital Library: the DOI is the key
        ("acm.bib", "bender2021dangers", "Proceedings of the 2021 ACM Conference on Fairness, Accountability"),
        # IEEE Xplore: a number is the key; empty volume and number
        ("ieee.bib", "he2020momentum", "2020 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"),
        # JabRef: @preamble, @string, a month macro, and the venue given by the proceedings it cross-references
        ("jabref-crossref.bib", "radford2021learning", "International Conference on Machine Learning (ICML), 2021"),
        # ACL Anthology: quoted values, names over several lines with two spaces before "and", a month macro
        ("acl-anthology.bib", "zheng2023imtqa", "Proceedings of the 61st Annual Meeting of the Association"),
        # Springer: a DOI with '/' and '_' as the key, quotes, one name per line
        ("springer.bib", "george2014recognizing", "Computer Vision – ECCV 2014"),
        # PMLR: tabs before the values, and a URL in 'pdf'
        ("pmlr.bib", "abbe2023generalization", "Proceedings of the 40th International Conference on Machine Learning"),
    ],
)
def test_an_export_is_added_with_new_paper_and_builds(site, export, key, venue):
    assert add_papers(site, [str(EXPORTS / export)], load_settings(site)) == [key]
    out = built(site)
    page = soup(out / "papers" / f"{key}.html")
    assert venue in page.select_one(".portfolio-venue-line").get_text()


def test_the_crossref_entry_inherits_its_proceedings_fields_and_is_no_paper_itself(site):
    add_papers(site, [str(EXPORTS / "jabref-crossref.bib")], load_settings(site))
    added = (site / "refs.bib").read_text("utf-8")
    assert "@proceedings" not in added.lower() and "crossref" not in added
    assert "volume" in added and "{139}" in added and "{PMLR}" in added


def test_keys_with_a_digit_first_and_slashes_are_pages_with_safe_names(site):
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@string{facct = {Proceedings of the 2021 ACM Conference on Fairness, Accountability, "
            "and Transparency}}\n"
            '@preamble{"\\providecommand{\\noopsort}[1]{}"}\n'
            "@inproceedings{10.1145/3442188.3445922,\n  title = {On the Dangers of Stochastic Parrots},\n"
            "  author = {Bender, Emily M. and Lovelace, Ada},\n  booktitle = facct,\n  year = {2021},\n"
            "  month = mar,\n  topics = {engines},\n}\n"
        )
    found = check_sources(site, load_settings(site))
    line = (site / "refs.bib").read_text("utf-8").splitlines().index("@inproceedings{10.1145/3442188.3445922,") + 1
    assert [str(finding) for finding in found.findings] == [
        f"refs.bib:{line}: entry '10.1145/3442188.3445922': has no page: create papers/10.1145-3442188.3445922.md"
    ]
    (site / "papers" / "10.1145-3442188.3445922.md").write_text("---\npaper: 10.1145/3442188.3445922\n---\n")
    out = built(site)
    page = out / "papers" / "10.1145-3442188.3445922.html"
    assert "On the Dangers of Stochastic Parrots" in text_of(soup(page).select_one("h1"))
    assert "Fairness, Accountability" in text_of(soup(page).select_one(".portfolio-venue-line"))
    assert "@inproceedings{10.1145/3442188.3445922," in (page.with_suffix(".bib")).read_text("utf-8")
    listed = soup(out / "papers" / "index.html").select("a[href='10.1145-3442188.3445922.html']")
    assert listed


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["a:b", "a/b"], "would share the page papers/a-b.md with entry 'a:b'; rename one key"),
        (["all"], "the key 'all' names a file the site writes itself (papers/all.*); rename it"),
        (["index"], "the key 'index' names a file the site writes itself (papers/index.*); rename it"),
    ],
)
def test_keys_that_would_share_a_page_or_take_the_sites_own_files_are_refused(site, keys, message):
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        for key in keys:
            bib.write(f"\n@misc{{{key},\n  title = {{T}},\n  author = {{Lovelace, Ada}},\n  year = {{2024}},\n")
            bib.write("  topics = {engines},\n}\n")
    messages = [finding.message for finding in check_sources(site, load_settings(site)).findings]
    assert message in messages, messages


def test_string_macros_that_would_grow_without_bound_are_a_located_error(site):
    bomb = '@string{a = "xxxxxxxxxx"}\n' + "".join(
        f"@string{{{chr(98 + level)} = {' # '.join([chr(97 + level)] * 10)}}}\n" for level in range(9)
    )
    (site / "refs.bib").write_text(bomb + (site / "refs.bib").read_text("utf-8"), "utf-8")
    start = time.perf_counter()
    found = check_sources(site, load_settings(site))
    assert time.perf_counter() - start < 30, "stopped early, not after expanding"
    (finding,) = found.findings
    assert finding.path == "refs.bib" and finding.line == 6
    assert "expands to more than the 100,000 characters a value may hold" in finding.message


def test_a_first_author_written_in_another_script_gives_a_key_that_builds(site, tmp_path):
    export = tmp_path / "export.bib"
    export.write_text(
        "@inproceedings{wang2024,\n  title={Learning Engines},\n  author={王, 小明 and Lovelace, Ada},\n"
        "  booktitle={International Conference on Machine Learning (ICML)},\n  year={2024}\n}\n",
        "utf-8",
    )
    (key,) = add_papers(site, [str(export)], load_settings(site))
    out = built(site)
    assert "小明 王" in text_of(soup(out / "papers" / f"{key}.html").select_one(".portfolio-byline"))


def test_pasted_percent_ampersand_hash_and_underscore_are_escaped_not_refused(site, tmp_path):
    export = tmp_path / "export.bib"
    export.write_text(
        "@inproceedings{lovelace2024rd,\n  title={R&D in C# with snake_case names and $x_i$},\n"
        "  author={Lovelace, Ada},\n  booktitle={International Conference on Machine Learning (ICML)},\n"
        "  year={2024},\n  abstract={Half of it: 50% of the time.}\n}\n",
        "utf-8",
    )
    (key,) = add_papers(site, [str(export)], load_settings(site))
    written = (site / "refs.bib").read_text("utf-8")
    assert "R\\&D in C\\# with snake\\_case names and $x_i$" in written
    assert "50\\% of the time" in written
    page = soup(built(site) / "papers" / f"{key}.html")
    assert text_of(page.select_one("h1")).startswith("R&D in C# with snake_case names and")
    assert "Half of it: 50% of the time." in text_of(page.select_one("[role=main]"))


def test_a_zotero_biblatex_export_is_read_as_what_it_means(site):
    # Zotero's "BibLaTeX" export (Zotero 6/7 writes journaltitle, shortjournal and date this way)
    (key,) = add_papers(site, [str(EXPORTS / "zotero-biblatex.bib")], load_settings(site))
    written = (site / "refs.bib").read_text("utf-8")
    entry = written[written.index(key) :]
    assert "journal" in entry and "{Nature Communications}" in entry and "year" in entry and "{2021}" in entry
    assert "journaltitle" not in written and "date" not in entry.split("}\n}")[0]
    page = soup(built(site) / "papers" / f"{key}.html")
    assert "Nature Communications" in text_of(page.select_one(".portfolio-venue-line"))
    assert page.select_one('meta[name="citation_publication_date"]')["content"].startswith("2021")


def test_a_biblatex_field_pasted_into_refs_bib_is_refused_with_the_bibtex_name(site):
    bib = site / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("  year      = {2023},", "  date      = {2023-05},"), "utf-8")
    found = check_sources(site, load_settings(site))
    messages = [finding.message for finding in found.findings]
    wanted = (
        "field 'date' is biblatex's; BibTeX and pybtex read 'year': rename it (new-paper converts biblatex exports)"
    )
    assert wanted in messages, messages


def test_a_semantic_scholar_arxiv_export_is_a_preprint_with_its_arxiv_links(site):
    # Semantic Scholar writes an arXiv paper as journal = {ArXiv}, volume = {abs/<id>}
    assert add_papers(site, [str(EXPORTS / "semantic-scholar.bib")], load_settings(site)) == ["wu2020deep"]
    added = (site / "refs.bib").read_text("utf-8").split("@misc{wu2020deep,", 1)[1]
    assert "eprint" in added and "{2001.08317}" in added
    assert "ArXiv" not in added and "abs/" not in added
    page = soup(built(site) / "papers" / "wu2020deep.html")
    assert "ArXiv" not in text_of(page.select_one(".portfolio-venue-line"))
    assert page.select_one('a[href="https://arxiv.org/abs/2001.08317"]')


def pasted(site: Path, key: str, entry: str) -> None:
    """*entry* pasted at the end of refs.bib, with the page of its *key*."""
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n" + entry)
    (site / "papers" / f"{key}.md").write_text(f"---\npaper: {key}\n---\n")


def test_the_same_export_pasted_into_refs_bib_is_a_preprint_too(site):
    pasted(
        site,
        "wu2020deep",
        "@article{wu2020deep,\n  title = {Deep Transformer Models},\n  author = {Lovelace, Ada},\n"
        "  journal = {ArXiv},\n  year = {2020},\n  volume = {abs/2001.08317},\n  topics = {engines},\n}\n",
    )
    found = check_sources(site, load_settings(site))
    assert found.findings == []
    paper = found.papers["wu2020deep"]
    assert (paper.venue, paper.venue_type, paper.arxiv_id) == (None, "preprint", "2001.08317")


def test_a_url_in_pdf_is_the_papers_pdf_link_not_a_file_of_the_site(site):
    # PMLR writes pdf = {https://proceedings.mlr.press/...pdf}; the site's own 'pdf' names a file in the repository
    assert add_papers(site, [str(EXPORTS / "pmlr.bib")], load_settings(site)) == ["abbe2023generalization"]
    out = built(site)
    page = soup(out / "papers" / "abbe2023generalization.html")
    pdf = "https://proceedings.mlr.press/v202/abbe23a/abbe23a.pdf"
    assert [link["href"] for link in page.select("a.portfolio-link") if link.get_text() == "PDF"] == [pdf]
    assert [tag["content"] for tag in page.select('meta[name="citation_pdf_url"]')] == [pdf]
    assert not (out / "papers" / "abbe2023generalization.pdf").exists()


def test_a_pdf_link_with_another_scheme_is_a_located_error(site):
    pasted(
        site,
        "lovelace2024link",
        "@misc{lovelace2024link,\n  title = {T},\n  author = {Lovelace, Ada},\n  year = {2024},\n"
        "  pdf = {javascript://alert(1)},\n  topics = {engines},\n}\n",
    )
    messages = [str(finding) for finding in check_sources(site, load_settings(site)).findings]
    assert any("field 'pdf': URL scheme must be http or https, not javascript:" in message for message in messages)


def test_new_paper_warns_when_the_researcher_is_no_author_of_the_paper(site, capsys):
    from sphinx_portfolio.cli.commands import new_paper

    assert new_paper([str(EXPORTS / "springer.bib"), "--srcdir", str(site)]) == 0  # George and Floerkemeier
    said = capsys.readouterr()
    assert "added george2014recognizing" in said.out
    assert "'george2014recognizing' names no author as Lovelace, Ada (portfolio_self_name)" in said.err


def test_new_paper_says_nothing_more_when_the_researcher_is_an_author(site, capsys, tmp_path):
    from sphinx_portfolio.cli.commands import new_paper

    export = tmp_path / "mine.bib"
    export.write_text(
        "@misc{x, title = {Notes on Looms}, author = {Lovelace, Ada}, year = {2024}, eprint = {2401.00001}}\n", "utf-8"
    )
    assert new_paper([str(export), "--srcdir", str(site)]) == 0
    assert "warning" not in capsys.readouterr().err
