"""News, topics, co-authors and statistics: generated from refs.bib, and linked both ways."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import feedparser

import oracle
from conftest import ROOT, soup, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
NEWS = sorted(path.stem for path in (ROOT / "news").glob("*.md") if path.stem != "index")


def news_paper_key(stem: str) -> str:
    return re.search(r"\{paper\}`([^`]+)`", (ROOT / "news" / f"{stem}.md").read_text()).group(1)


def test_every_news_item_links_to_its_paper_and_the_paper_links_back(real_site):
    assert NEWS, "the site has news"
    for stem in NEWS:
        key = news_paper_key(stem)
        item = soup(real_site / "news" / f"{stem}.html")
        assert item.select_one(f".portfolio-paper-ref a[href='../papers/{key}.html']"), stem
        paper = soup(real_site / "papers" / f"{key}.html")
        backlinks = {a["href"] for a in paper.select("section#news a")}
        assert f"../news/{stem}.html" in backlinks, key


def news_links(page: Path) -> list[list[str]]:
    """The links of each item of the page's news list, in order."""
    return [[a["href"] for a in item.select("a")] for item in soup(page).select("ul.portfolio-news > li")]


def test_news_list_is_newest_first_and_home_shows_the_latest_five(real_site):
    # each item is one link: its words lead to the paper it names (every item of this site names one)
    newest = sorted(NEWS, reverse=True)
    assert news_links(real_site / "news" / "index.html") == [[f"../papers/{news_paper_key(s)}.html"] for s in newest]
    latest = oracle.latest_news()
    assert news_links(real_site / "index.html") == [[f"papers/{news_paper_key(s)}.html"] for s in newest[:latest]]


def test_a_paper_page_links_the_news_items_that_name_it_to_their_own_pages(real_site):
    for stem in NEWS:
        key = news_paper_key(stem)
        links = news_links(real_site / "papers" / f"{key}.html")
        assert [f"../news/{stem}.html"] in links, key


def test_atom_feed_has_every_item_with_dates_and_absolute_links(real_site):
    raw = (real_site / "news" / "atom.xml").read_bytes()
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):  # RFC 4287, 4.1.1
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(NEWS)
    for entry in entries:  # RFC 4287, 4.1.2: id, title and updated in every entry
        for required in ("id", "title", "updated", "published"):
            assert entry.find(f"{ATOM}{required}").text, required
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(NEWS)
    links = {entry.link for entry in feed.entries}
    assert links == {f"https://ekdeepslubana.github.io/news/{stem}.html" for stem in NEWS}
    dates = {entry.link.rsplit("/", 1)[1][:7]: entry.published[:7] for entry in feed.entries}
    assert all(page == published for page, published in dates.items())


def topic_title(slug: str) -> str:
    """The title the researcher gave a topic: the heading of topics/<slug>.md."""
    return re.search(r"^# (.+)$", (ROOT / "topics" / f"{slug}.md").read_text("utf-8"), re.M).group(1).strip()


def test_each_topic_page_lists_exactly_its_papers(real_site):
    refs = oracle.refs()
    slugs = {p.stem for p in (ROOT / "topics").glob("*.md")} - {"index"}
    assert {slug for entry in refs.values() for slug in oracle.topics(entry)} == slugs
    for slug in slugs:
        page = soup(real_site / "topics" / f"{slug}.html")
        listed = {a["href"] for a in page.select("li.portfolio-entry a.portfolio-title")}
        expected = {f"../papers/{key}.html" for key, entry in refs.items() if slug in oracle.topics(entry)}
        assert listed == expected, slug
    counts = Counter(slug for entry in refs.values() for slug in oracle.topics(entry))
    index = text_of(soup(real_site / "topics" / "index.html").select_one("ul.portfolio-topic-list"))
    for slug in slugs:
        assert f"{topic_title(slug)} ({counts[slug]} paper" in index


def test_every_paper_has_one_to_three_known_topics_and_related_papers(real_site):
    refs = oracle.refs()
    for key, entry in refs.items():
        assert 1 <= len(oracle.topics(entry)) <= 3
        page = soup(real_site / "papers" / f"{key}.html")
        related = [a["href"] for a in page.select("section#related li a")]
        assert 1 <= len(related) <= 5 and f"{key}.html" not in related
        first = related[0].removesuffix(".html")
        assert set(oracle.topics(refs[first])) & set(oracle.topics(entry)), key


def test_coauthors_page_has_one_row_per_person_with_shared_papers(real_site):
    shared = Counter()
    for entry in oracle.refs().values():
        shared.update({oracle.shown(person) for person in oracle.authors(entry)} - {oracle.SELF})
    rows = soup(real_site / "coauthors.html").select("table.portfolio-coauthors tbody tr")
    shown = {text_of(row.select_one("strong.portfolio-person")): len(row.select("ul a")) for row in rows}
    assert shown == dict(shared)
    counts = [len(row.select("ul a")) for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert "Eric J. Bigelow" in shown and "Eric Bigelow" not in shown  # one person, one row


def test_statistics_are_computed_from_refs_bib(real_site):
    refs = oracle.refs()
    page = soup(real_site / "statistics.html")
    per_year = Counter(oracle.year(entry) for entry in refs.values())
    chart = page.select_one("svg.portfolio-chart")
    assert chart["role"] == "img" and chart.select_one("title").get_text().startswith("Papers per year:")
    bars = dict(part.split(": ") for part in chart.select_one("title").get_text().split(":", 1)[1].split(", "))
    assert {year.strip(): int(count) for year, count in bars.items() if int(count)} == {
        str(year): count for year, count in per_year.items()
    }
    assert not page.select("#per-year table")  # the chart's numbers are not repeated in a table
    years = {text_of(a): a["href"] for a in page.select("#per-year .portfolio-year-links a")}
    assert years == {str(year): f"papers/index.html?year={year}" for year in per_year}
    assert 'fill="currentColor"' in str(chart)  # follows the text colour, in dark mode too
    kinds = {
        text_of(r.select("td")[0]).lower(): int(text_of(r.select("td")[1]))
        for r in page.select("#per-venue-type tbody tr")
    }
    assert kinds == dict(Counter(oracle.kind(entry) for entry in refs.values()))
