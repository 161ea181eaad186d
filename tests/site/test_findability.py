"""Found by Google Scholar, search engines and the site's own search."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import extruct
import pytest
from sphinx.search.en import SearchEnglish

import oracle
from conftest import KEYS, soup, text_of
from sphinx_portfolio.integration.seo import json_ld  # the function under test of its own test, no oracle

BASE = "https://ekdeepslubana.github.io/"
#: the Highwire tag that names each kind of venue, as Google Scholar's inclusion guidelines and Zotero's
#: Embedded Metadata translator read them (a preprint names none)
VENUE_TAGS = {
    "conference": "citation_conference_title",
    "workshop": "citation_conference_title",
    "journal": "citation_journal_title",
}


def metas(page, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'meta[name="{name}"]')]


@pytest.mark.parametrize("key", KEYS)
def test_paper_page_has_highwire_tags_in_order(real_site, key):
    entry = oracle.refs()[key]
    eprint, doi = entry.fields.get("eprint"), entry.fields.get("doi")
    page = soup(real_site / "papers" / f"{key}.html")
    assert metas(page, "citation_title") == [oracle.plain(entry.fields["title"])]
    assert metas(page, "citation_author") == [oracle.last_first(person) for person in oracle.authors(entry)]
    assert metas(page, "citation_publication_date") == [entry.fields["year"]]
    venue_tag = VENUE_TAGS.get(oracle.kind(entry))  # preprints name no venue
    for tag in set(VENUE_TAGS.values()):
        assert metas(page, tag) == ([oracle.venue(entry)] if tag == venue_tag else []), tag
    assert metas(page, "citation_doi") == ([doi] if doi else [])
    assert metas(page, "citation_arxiv_id") == ([eprint] if eprint else [])
    # refs.bib keeps no PDF of its own (no pdf field): an arXiv paper's PDF is arXiv's
    assert "pdf" not in entry.fields
    assert metas(page, "citation_pdf_url") == ([f"https://arxiv.org/pdf/{eprint}"] if eprint else [])
    assert all(tag.get("content", "").strip() for tag in page.select('meta[name^="citation_"]'))


@pytest.mark.parametrize("key", KEYS)
def test_paper_page_has_a_scholarly_article_and_social_tags(real_site, key):
    entry = oracle.refs()[key]
    title = oracle.plain(entry.fields["title"])
    html = (real_site / "papers" / f"{key}.html").read_text("utf-8")
    data = extruct.extract(html, base_url=f"{BASE}papers/{key}.html", syntaxes=["json-ld"])["json-ld"]
    (article,) = [item for item in data if item["@type"] == "ScholarlyArticle"]
    assert article["name"] == title
    assert [person["name"] for person in article["author"]] == [oracle.shown(p) for p in oracle.authors(entry)]
    assert article["datePublished"] == entry.fields["year"]
    if oracle.venue(entry):
        assert article["isPartOf"]["name"] == oracle.venue(entry)
    assert article.get("sameAs", []) == [u for u in (oracle.arxiv_url(entry), oracle.doi_url(entry)) if u]
    opening = oracle.text_field(entry, "abstract_opening")
    if opening:
        assert article["abstract"].startswith(opening)
    page = soup(real_site / "papers" / f"{key}.html")
    description = oracle.text_field(entry, "tldr") or opening or title
    assert metas(page, "description") == [description]
    assert page.select_one('meta[property="og:description"]')["content"] == description
    assert page.select_one('meta[property="og:title"]')["content"] == title
    assert page.select_one('meta[name="twitter:card"]')


def test_home_page_has_a_person(real_site):
    html = (real_site / "index.html").read_text("utf-8")
    data = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    (person,) = [item for item in data if item["@type"] == "Person"]
    assert person["name"] == "Ekdeep Singh Lubana"
    assert person["affiliation"]["name"] == "Harvard University"
    assert set(person["sameAs"]) == {
        "https://scholar.google.com/citations?user=OP7S3vsAAAAJ&hl=en",
        "https://github.com/EkdeepSLubana",
    }
    assert "email" not in person


def test_json_ld_cannot_be_broken_out_of():
    block = json_ld({"name": "</script><script>alert(1)</script>"})
    assert block.count("</script>") == 1 and block.endswith("</script>")
    assert json.loads(block.removeprefix('<script type="application/ld+json">').removesuffix("</script>")) == {
        "name": "</script><script>alert(1)</script>"
    }


def public_pages(real_site) -> set[str]:
    return {p.relative_to(real_site).as_posix() for p in real_site.rglob("*.html")} - {
        "search.html",
        "404.html",
    }


def test_every_page_has_a_description_and_a_canonical_url(real_site):
    for name in public_pages(real_site):
        page = soup(real_site / name)
        assert [d for d in metas(page, "description") if d.strip()], name
        assert page.select_one('link[rel="canonical"]')["href"] == BASE + name


def test_sitemap_lists_every_public_page_and_robots_names_it(real_site):
    root = ET.fromstring((real_site / "sitemap.xml").read_bytes())
    locations = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert locations == {BASE + name for name in public_pages(real_site)}
    assert f"Sitemap: {BASE}sitemap.xml" in (real_site / "robots.txt").read_text().splitlines()


def test_404_page_works_at_any_depth(real_site):
    page = soup(real_site / "404.html")
    assert "Page not found" in page.get_text()
    for tag in page.select("link[href], script[src], a[href]"):
        target = tag.get("href") or tag.get("src")
        assert target.startswith(("/", "https://", "#")), target  # absolute: works from /a/b/c/missing
    # the words of the message link where they say
    body = page.select_one("article")
    said = {text_of(a): a["href"] for a in body.select("a") if not a.has_attr("class")}
    assert {"home page", "publications", "search"} <= set(said)
    assert said["search"].endswith("/search.html") and said["publications"].endswith("/papers/index.html")


def search_index(real_site) -> dict:
    text = (real_site / "searchindex.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize(
    ("key", "venue"),
    [  # the venue as readers search for it: the short name in its booktitle or journal
        ("park2024emergence", "NeurIPS"),
        ("yang2025dynamics", "ICLR"),
        ("lubana2022quadratic", "CoLLAs"),
        ("anwar2024foundational", "TMLR"),
    ],
)
def test_search_finds_a_paper_by_title_earlier_title_tldr_abstract_coauthor_and_venue(real_site, key, venue):
    index = search_index(real_site)
    docnames, terms = index["docnames"], index["terms"]
    entry = oracle.refs()[key]
    assert venue in (entry.fields.get("booktitle") or entry.fields["journal"])
    stem = SearchEnglish({}).stem
    sources = {
        "title": oracle.plain(entry.fields["title"]),
        "earlier title": " ".join(oracle.separated(entry, "alt_titles")),
        "tldr": oracle.text_field(entry, "tldr") or "",
        "abstract": oracle.text_field(entry, "abstract_opening") or "",
        "co-author": oracle.shown(oracle.authors(entry)[0]),
        "venue": venue,
    }
    for what, text in sources.items():
        words = [w for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in {"about", "their", "which"}]
        if not words:
            continue
        for word in words[:3]:
            found = set()
            for table in (terms, index["titleterms"]):  # as Sphinx's search looks words up
                hits = table.get(stem(word.lower()), [])
                found |= {hits} if isinstance(hits, int) else set(hits)
            assert f"papers/{key}" in {docnames[i] for i in found}, f"{what}: {word}"


# --- llms.txt and each paper as text ---------------------------------------------------------

LLMS_LINK = re.compile(r"^- \[(?P<title>(?:[^\]\\]|\\.)+)\]\((?P<url>[^)]+)\)(?P<rest>.*)$")


def site_path(real_site, url: str):
    assert url.startswith(BASE), url
    return real_site / url.removeprefix(BASE)


def test_llms_txt_names_the_researcher_and_links_every_paper_as_text(real_site):
    text = (real_site / "llms.txt").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Ekdeep Singh Lubana"  # llmstxt.org: an H1, then a blockquote summary
    assert lines[2].startswith("> ") and "Harvard University" in lines[2]
    sections = {line.removeprefix("## ") for line in lines if line.startswith("## ")}
    assert sections == {"Papers", "Pages"}
    links = [found for line in lines if (found := LLMS_LINK.match(line))]
    papers = [found for found in links if found["url"].endswith(".txt")]
    assert sorted(found["url"] for found in papers) == sorted(f"{BASE}papers/{key}.txt" for key in KEYS)
    for found in papers:
        key = found["url"].removeprefix(f"{BASE}papers/").removesuffix(".txt")
        entry = oracle.refs()[key]
        assert found["title"].replace("\\", "") == oracle.plain(entry.fields["title"])
        assert oracle.shown(oracle.authors(entry)[0]) in found["rest"]
        assert site_path(real_site, found["url"]).is_file()
    pages = [found for found in links if not found["url"].endswith(".txt")]
    assert {"Publications", "News"} <= {found["title"] for found in pages}
    assert all(site_path(real_site, found["url"]).is_file() for found in pages)


@pytest.mark.parametrize("key", KEYS)
def test_each_paper_as_text_tells_what_its_page_tells(real_site, key):
    entry = oracle.refs()[key]
    text = (real_site / "papers" / f"{key}.txt").read_text("utf-8")
    page = soup(real_site / "papers" / f"{key}.html")
    assert text.startswith(f"# {oracle.plain(entry.fields['title'])}\n")
    for person in oracle.authors(entry):
        assert oracle.shown(person) in text
    # the proceedings or journal, else the school, institution or publisher, else arXiv
    assert (oracle.venue(entry) or oracle.where(entry) or f"arXiv:{entry.fields['eprint']}") in text
    shown_abstract = page.select_one(".portfolio-abstract, .portfolio-opening")
    if shown_abstract is not None:
        assert " ".join(shown_abstract.get_text(" ").split()) in " ".join(text.split())
    assert f"- Page: {BASE}papers/{key}.html" in text
    if oracle.arxiv_url(entry):
        assert f"- arXiv: {oracle.arxiv_url(entry)}" in text
    cite = text.split("```bibtex\n", 1)[1].split("\n```", 1)[0]
    assert cite == (real_site / "papers" / f"{key}.bib").read_text("utf-8").rstrip("\n")
    (alternate,) = page.select('head link[rel="alternate"][type="text/markdown"]')
    assert alternate["href"] == f"{BASE}papers/{key}.txt"
