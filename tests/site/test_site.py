"""The real site: every page shows exactly what refs.bib says, and nothing else."""

from __future__ import annotations

import json
import pickle
import re
from collections import Counter
from pathlib import Path

import pytest
import sphinx.builders
from pybtex.database import parse_string

import oracle
from conftest import KEYS, ROOT, build_site, soup, text_of
from oracle import plain, shown


def test_every_entry_has_a_page_and_every_page_an_entry(refs):
    assert KEYS and sorted(refs) == KEYS


#: the fields README.md ("Fields of refs.bib") lists as read by the site only, never in a citation readers copy
SITE_ONLY_FIELDS = {
    "topics", "venue_type", "award", "also_presented", "equal_contribution", "selected", "undergraduate",
    "code", "project", "alt_titles", "tldr", "abstract_opening", "pdf",
}  # fmt: skip


@pytest.fixture(scope="module")
def refs() -> dict:
    """refs.bib as pybtex reads it: the expected values of these tests, independent of the engine's records."""
    return oracle.refs()


def as_list(names: list[str]) -> str:
    return (
        names[0]
        if len(names) == 1
        else " and ".join(names)
        if len(names) == 2
        else ", ".join(names[:-1]) + ", and " + names[-1]
    )


@pytest.mark.parametrize("key", KEYS)
def test_paper_page_shows_what_refs_bib_says(real_site, refs, key):
    entry = refs[key]
    page = soup(real_site / "papers" / f"{key}.html")
    title = plain(entry.fields["title"])
    assert text_of(page.select_one("h1")).rstrip("#").strip() == title
    assert page.title.get_text().startswith(title)

    byline = page.select_one(".portfolio-byline .portfolio-authors")
    authors = oracle.authors(entry)
    assert " ".join(byline.get_text("").replace("*", "").split()) == as_list([shown(p) for p in authors])
    assert [text_of(node) for node in byline.select("strong.portfolio-self")] == ["Ekdeep Singh Lubana"]
    marked = len(oracle.equal_contribution(entry))
    assert len(byline.select("sup.portfolio-equal")) == marked
    assert bool(page.select(".portfolio-legend")) == bool(marked)

    venue = text_of(page.select_one(".portfolio-venue-line"))
    assert entry.fields["year"] in venue
    for award in [award for award in entry.fields.get("award", "").split(";") if award.strip()]:
        assert plain(award) in venue
    for other in entry.fields.get("also_presented", "").split(";"):
        if other.strip():
            assert plain(other.split("|")[0]) in text_of(page.select_one("ul.portfolio-also"))

    links = {text_of(a): a["href"] for a in page.select(".portfolio-links-line a.portfolio-link")}
    eprint = entry.fields.get("eprint")
    expected_links = {
        "arXiv": eprint and f"https://arxiv.org/abs/{eprint}",
        "PDF": eprint and f"https://arxiv.org/pdf/{eprint}",
        "Code": entry.fields.get("code"),
        "DOI": entry.fields.get("doi") and f"https://doi.org/{entry.fields['doi']}",
        "Project": entry.fields.get("project"),
    }
    assert links == {label: url for label, url in expected_links.items() if url}

    if "tldr" in entry.fields:
        assert plain(entry.fields["tldr"]) in text_of(page.select_one("section#tldr"))
    if "abstract_opening" in entry.fields:
        abstract = page.select_one("section#abstract")
        assert plain(entry.fields["abstract_opening"]) in text_of(abstract)
        assert abstract.select_one(f"a[href='https://arxiv.org/abs/{eprint}']")
    for other_title in [title for title in entry.fields.get("alt_titles", "").split(";") if title.strip()]:
        assert plain(other_title) in text_of(page.select_one(".portfolio-alt-titles"))


@pytest.mark.parametrize("key", KEYS)
def test_copied_bibtex_is_the_standard_entry(real_site, refs, key):
    page = soup(real_site / "papers" / f"{key}.html")
    copied = page.select_one("section#cite div.highlight pre").get_text()
    downloaded = (real_site / "papers" / f"{key}.bib").read_text("utf-8")
    assert copied == downloaded
    entry = parse_string(copied, "bibtex").entries[key]
    assert not set(entry.fields) & set(SITE_ONLY_FIELDS), "site-only fields leak into copied BibTeX"
    original = refs[key]
    # the title reads as written, and a word with capitals inside ("LLMs", "GPT-2") is braced, so
    # that BibTeX styles which lower-case titles keep it
    assert plain(entry.fields["title"]) == plain(original.fields["title"])
    unbraced = re.sub(r"\{[^{}]*\}", " ", entry.fields["title"])
    assert not [word for word in unbraced.split() if re.search(r"\w[A-Z]", word) and "\\" not in word]
    assert [str(person) for person in entry.persons["author"]] == [str(p) for p in original.persons["author"]]
    footnote = page.select_one(f"aside.footnote#footcite-{key} p").get_text()
    assert plain(original.fields["title"]).rstrip(".?!") in " ".join(footnote.split())


def test_publications_list_links_every_page_newest_first(real_site, refs):
    page = soup(real_site / "papers" / "index.html")
    entries = page.select("li.portfolio-entry")
    assert len(entries) == len(refs)
    linked = [a["href"] for a in page.select("li.portfolio-entry a.portfolio-title")]
    assert sorted(linked) == sorted(f"{key}.html" for key in KEYS)
    research = [entry for entry in entries if not entry.find_parent("section", id="undergraduate")]
    years = [int(next(c for c in entry["class"] if c.startswith("portfolio-year-"))[15:]) for entry in research]
    assert years == sorted(years, reverse=True)
    undergraduate = page.select("section#undergraduate li.portfolio-entry")
    assert {a["href"] for u in undergraduate for a in u.select("a.portfolio-title")} == {
        f"{key}.html" for key, entry in refs.items() if oracle.flag(entry, "undergraduate")
    }
    selected = [entry for entry in entries if entry.select(".portfolio-badge-selected")]
    assert len(selected) == sum(oracle.flag(entry, "selected") for entry in refs.values())
    research_years = Counter(oracle.year(entry) for entry in refs.values() if not oracle.flag(entry, "undergraduate"))
    for year, count in research_years.items():
        assert text_of(page.select_one(f"section#year-{year} h2")).startswith(f"{year} ({count})")


def test_download_of_every_entry_parses_back(real_site):
    entries = parse_string((real_site / "papers" / "all.bib").read_text("utf-8"), "bibtex").entries
    assert sorted(entries) == KEYS


def test_home_page_has_name_bio_links_news_and_selected(real_site, refs):
    page = soup(real_site / "index.html")
    assert text_of(page.select_one("h1")).startswith("Ekdeep Singh Lubana")
    body = text_of(page.select_one("article"))
    assert "I am a postdoc at Harvard University as part of the CBS-NTT Program on Physics of Intelligence." in body
    assert "statistical physics perspective" in body
    hrefs = {a["href"] for a in page.select("article a")}
    assert "https://github.com/EkdeepSLubana" in hrefs
    assert "https://scholar.google.com/citations?user=OP7S3vsAAAAJ&hl=en" in hrefs
    assert not [href for href in hrefs if href.startswith("mailto:")], "no email address is known"
    assert not page.select("article img"), "no photo is known"
    news = [path for path in (ROOT / "news").glob("*.md") if path.stem != "index"]
    assert len(page.select("ul.portfolio-news > li")) == min(len(news), oracle.latest_news())
    selected = {a["href"] for a in page.select("li.portfolio-entry a.portfolio-title")}
    assert selected == {f"papers/{key}.html" for key, entry in refs.items() if oracle.flag(entry, "selected")}


def test_parallel_build_gives_the_same_pages(real_site, tmp_path, monkeypatch):
    pools = []

    class RecordedTasks(sphinx.builders.ParallelTasks):
        def add_task(self, task_func, *args, **kwargs):
            pools.append((task_func.__name__, self.nproc))
            super().add_task(task_func, *args, **kwargs)

    monkeypatch.setattr(sphinx.builders, "ParallelTasks", RecordedTasks)
    app, warnings = build_site(ROOT, tmp_path, parallel=2)
    assert warnings == ""
    # -j 2 reads and writes pages in two processes each (Sphinx alone would write in one)
    assert set(pools) == {("read_process", 2), ("write_process", 2)}
    # pages written in parallel still reach the sitemap in a fixed order
    assert (Path(app.outdir) / "sitemap.xml").read_bytes() == (real_site / "sitemap.xml").read_bytes()
    # parallel readers send back no parsed refs.bib; the saved environment still has all of it
    with open(Path(app.doctreedir) / "environment.pickle", "rb") as saved:
        assert set(KEYS) <= set(pickle.load(saved).domaindata["cite"]["bibdata"].data.entries)
    for page in [
        "index.html",
        "papers/index.html",
        "papers/park2024emergence.html",
        "coauthors.html",
        "statistics.html",
        "topics/emergence.html",
        "news/index.html",
    ]:
        assert text_of(soup(Path(app.outdir) / page).select_one("article")) == text_of(
            soup(real_site / page).select_one("article")
        ), page


def test_the_statistics_page_counts_the_recorded_listing(real_site, refs):
    record = ROOT / "arxiv-listing.json"
    if not record.exists():
        pytest.skip("the site has no arxiv-listing.json yet")
    # the record as sync --add writes it, one item per paper: {"query": ..., "papers": [{"id", "title"}]}
    listed = json.loads(record.read_text("utf-8"))["papers"]
    eprints = {re.sub(r"v\d+$", "", entry.fields["eprint"]) for entry in refs.values() if "eprint" in entry.fields}
    titles = {
        " ".join(title.casefold().split())
        for entry in refs.values()
        for title in [plain(entry.fields["title"]), *oracle.separated(entry, "alt_titles")]
    }
    on_site = [
        item
        for item in listed
        if re.sub(r"v\d+$", "", item["id"]) in eprints or " ".join(item["title"].casefold().split()) in titles
    ]
    text = " ".join((real_site / "statistics.html").read_text("utf-8").split())
    assert f"The site has {len(on_site)} of the {len(listed)} papers on the arXiv listing." in text
