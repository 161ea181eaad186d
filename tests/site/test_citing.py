"""Each reader's tool gets each paper right: Zotero, BibTeX, biber, CSL-JSON, RIS, COinS, feeds, previews.

The downloads are read back by the real clients (``bibtex`` with the standard styles,
``biber``'s data-model check, citation-js, the CSL-JSON schema, rispy); the meta tags by
the rules of Zotero's Embedded Metadata translator, quoted where they are used.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import string
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin

import feedparser
import pytest
import rispy
import yaml
import zotero_rules

import oracle
from conftest import KEYS, ROOT, build_site, soup, text_of
from oracle import authors, family, given, kind, last_first, plain, refs

# Driven here as the code under test of unit tests (the expected values are literals), never as an oracle:
from sphinx_portfolio.config import load_settings
from sphinx_portfolio.core import citations
from sphinx_portfolio.core.bibfile import read_bibfile
from sphinx_portfolio.core.check import check_sources
from sphinx_portfolio.core.citations import protect_capitals
from sphinx_portfolio.core.records import build_paper
from sphinx_portfolio.integration.seo import highwire_tags
from sphinx_portfolio.writers import cards

BASE = "https://ekdeepslubana.github.io/"
FACTS = ROOT.parent / "shared" / "data" / "papers.yaml"
STANDARD_STYLES = ("plain", "unsrt", "alpha", "abbrv")
needs_bibtex = pytest.mark.skipif(not shutil.which("bibtex"), reason="bibtex is not installed (.ci/run installs it)")
needs_biber = pytest.mark.skipif(not shutil.which("biber"), reason="biber is not installed (.ci/run installs it)")


def metas(page, name: str) -> list[str]:
    return [tag["content"] for tag in page.select(f'meta[name="{name}"]')]


# --- Zotero's Embedded Metadata translator ------------------------------------------------


def page_tags(page) -> list[tuple[str, str]]:
    """The ``(name, content)`` of each meta tag of the page's head, in order."""
    return [(tag["name"], tag["content"]) for tag in page.select("head meta[name]")]


#: the Zotero item type of each kind of item: Zotero's item types (zotero/zotero-schema)
ZOTERO_TYPE = {
    "conference": "conferencePaper",
    "journal": "journalArticle",
    "preprint": "preprint",
    "thesis": "thesis",
    "report": "report",
    "chapter": "bookSection",
    "book": "book",
}


def shown_abstract(page) -> str | None:
    """The abstract the page shows, as text: the full one, or its opening (which ends in an ellipsis)."""
    found = page.select_one(".portfolio-abstract, .portfolio-opening")
    return text_of(found) if found else None


@pytest.mark.parametrize("key", KEYS)
def test_zotero_saves_each_paper_page_as_the_whole_item(real_site, key):
    entry = refs()[key]
    page = soup(real_site / "papers" / f"{key}.html")
    item = zotero_rules.embedded_metadata(page_tags(page))
    assert item["creators"] == [(family(person), given(person)) for person in authors(entry)]
    assert item["itemType"] == ZOTERO_TYPE[oracle.item_kind(entry)]
    assert item["title"] == plain(entry.fields["title"])
    assert item["date"] == entry.fields["year"]
    assert item["url"] == f"{BASE}papers/{key}.html"
    if item["itemType"] == "conferencePaper":
        assert item["proceedingsTitle"] == item["conferenceName"] == oracle.venue(entry)
    if item["itemType"] == "journalArticle":
        assert item["publicationTitle"] == oracle.venue(entry)
    eprint = entry.fields.get("eprint")
    if item["itemType"] == "preprint":
        assert item["archiveID"] == f"arXiv:{eprint}"
        assert item["repository"] == "arXiv"
    elif eprint:  # a published paper keeps its arXiv id where Zotero keeps other ids
        assert item["extra"] == f"arXiv: {eprint}"
    assert item.get("abstractNote") == shown_abstract(page)
    assert item.get("DOI") == entry.fields.get("doi")


def meta_tags(paper) -> list[tuple[str, str]]:
    """The paper page's Highwire and Zotero tags, as (name, content) in order."""
    found = []
    for tag in highwire_tags(paper, BASE + "papers/x.html"):
        name, content = re.match(r'<meta name="([^"]+)" content="([^"]*)">', tag).groups()
        found.append((name, html.unescape(content)))
    return found


def paper_from(tmp_path: Path, bibtex: str, self_name: str = "Lubana, Ekdeep Singh"):
    (tmp_path / "test.bib").write_text(bibtex, "utf-8")
    (entry,) = read_bibfile(tmp_path / "test.bib").entries
    paper, problems = build_paper(entry, self_name=self_name)
    assert problems == []
    return paper


def test_family_names_with_particles_and_two_words_reach_zotero_whole(tmp_path):
    paper = paper_from(
        tmp_path,
        "@article{x, title = {T}, journal = {J}, year = {2024}, topics = {t}, volume = {12}, number = {3},"
        " pages = {101--117}, doi = {10.1234/abc},"
        " author = {{\\'O} h{\\'E}igeartaigh, Se{\\'a}n and de Haan, Tim and Shojaei Baghini, Mahdi"
        " and Lubana, Ekdeep Singh and van der Berg, Jr., Jan}}",
    )
    item = zotero_rules.embedded_metadata(meta_tags(paper))
    assert item["creators"] == [
        ("Ó hÉigeartaigh", "Seán"),
        ("de Haan", "Tim"),
        ("Shojaei Baghini", "Mahdi"),
        ("Lubana", "Ekdeep Singh"),
        ("van der Berg Jr.", "Jan"),
    ]
    assert item["itemType"] == "journalArticle"
    assert item["pages"] == "101-117"
    assert (item["volume"], item["issue"], item["DOI"]) == ("12", "3", "10.1234/abc")


#: one paper of each kind of item, as refs.bib holds it, and what Zotero saves of it
#: from the paper's page (Embedded Metadata) and from a list's COinS span
EVERY_KIND = {
    "conference": (
        "@inproceedings{k, title = {Engines}, author = {Lovelace, Ada and Babbage, Charles}, year = {2024},"
        " booktitle = {International Conference on Machine Learning (ICML)}, pages = {12--34},"
        " eprint = {2406.19370}, doi = {10.1234/conf}, abstract = {We revisit the engine.}, topics = {t}}",
        {"itemType": "conferencePaper", "proceedingsTitle": "International Conference on Machine Learning (ICML)",
         "conferenceName": "International Conference on Machine Learning (ICML)", "pages": "12-34",
         "DOI": "10.1234/conf", "extra": "arXiv: 2406.19370", "abstractNote": "We revisit the engine.",
         "attachments": ["https://arxiv.org/pdf/2406.19370"]},
        {"itemType": "conferencePaper", "proceedingsTitle": "International Conference on Machine Learning (ICML)",
         "DOI": "10.1234/conf"},
    ),
    "journal": (
        "@article{k, title = {Engines}, author = {Lovelace, Ada}, journal = {Philosophical Magazine}, year = {2018},"
        " volume = {3}, number = {2}, pages = {1--9}, topics = {t}}",
        {"itemType": "journalArticle", "publicationTitle": "Philosophical Magazine", "volume": "3", "issue": "2",
         "pages": "1-9", "attachments": []},
        {"itemType": "journalArticle", "publicationTitle": "Philosophical Magazine"},
    ),
    "preprint": (
        "@misc{k, title = {Engines}, author = {Lovelace, Ada and Babbage, Charles}, year = {2025},"
        " eprint = {2501.00001}, abstract_opening = {We begin}, topics = {t}}",
        {"itemType": "preprint", "repository": "arXiv", "archiveID": "arXiv:2501.00001", "abstractNote": "We begin …",
         "attachments": ["https://arxiv.org/pdf/2501.00001"]},
        {"itemType": "preprint", "repository": "arXiv", "url": "https://arxiv.org/abs/2501.00001"},
    ),
    "thesis": (
        "@phdthesis{k, title = {Engines}, author = {Lovelace, Ada}, school = {University of Michigan},"
        " year = {2023}, topics = {t}}",
        {"itemType": "thesis", "university": "University of Michigan", "thesisType": "PhD thesis"},
        {"itemType": "thesis", "university": "University of Michigan", "thesisType": "PhD thesis"},
    ),
    "report": (
        "@techreport{k, title = {Engines}, author = {Lovelace, Ada}, institution = {Analytical Society},"
        " number = {TR-7}, year = {2022}, topics = {t}}",
        {"itemType": "report", "institution": "Analytical Society", "reportNumber": "TR-7"},
        {"itemType": "report", "institution": "Analytical Society"},
    ),
    "chapter": (
        "@incollection{k, title = {Engines}, author = {Lovelace, Ada}, booktitle = {The Book of Engines},"
        " publisher = {Springer}, year = {2021}, pages = {5--9}, topics = {t}}",
        {"itemType": "bookSection", "bookTitle": "The Book of Engines", "publisher": "Springer", "pages": "5-9"},
        {"itemType": "bookSection", "bookTitle": "The Book of Engines", "publisher": "Springer", "pages": "5-9"},
    ),
    "book": (
        "@book{k, title = {Engines}, author = {Lovelace, Ada}, publisher = {MIT Press}, year = {2020}, topics = {t}}",
        {"itemType": "book", "publisher": "MIT Press"},
        {"itemType": "book", "publisher": "MIT Press"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind_of_item", EVERY_KIND)
def test_zotero_saves_every_kind_of_item_whole_from_the_page_and_from_coins(tmp_path, kind_of_item):
    bibtex, from_page, from_coins = EVERY_KIND[kind_of_item]
    paper = paper_from(tmp_path, bibtex, self_name="Lovelace, Ada")
    item = zotero_rules.embedded_metadata(meta_tags(paper))
    assert {name: item.get(name) for name in from_page} == from_page
    assert item["title"] == "Engines" and item["creators"][0] == ("Lovelace", "Ada")
    assert item["url"] == BASE + "papers/x.html"
    saved = zotero_rules.coins(citations.context_object(paper, BASE + "papers/x.html"))
    assert {name: saved.get(name) for name in from_coins} == from_coins
    assert saved["title"] == "Engines" and saved["creators"][0] == ("Lovelace", "Ada")
    assert len(saved["creators"]) == len(paper.authors)  # the first author once, not twice


# --- BibTeX and biber ---------------------------------------------------------------------


def downloaded(site: Path, suffix: str) -> dict[str, str]:
    return {key: (site / "papers" / f"{key}{suffix}").read_text("utf-8") for key in KEYS}


def run_bibtex(folder: Path, bib: str, style: str, keys: list[str]) -> tuple[str, str]:
    """(the .bbl, the .blg) of ``bibtex`` citing *keys* of *bib* in *style*."""
    (folder / "refs.bib").write_text(bib, "utf-8")
    (folder / "doc.aux").write_text(
        f"\\relax\n\\citation{{{','.join(keys)}}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n"
    )
    subprocess.run(["bibtex", "-terse", "doc"], cwd=folder, capture_output=True, check=False)
    return (folder / "doc.bbl").read_text("utf-8"), (folder / "doc.blg").read_text("utf-8")


@needs_bibtex
@pytest.mark.parametrize("style", STANDARD_STYLES)
def test_bibtex_prints_every_download_without_warning_capitals_kept_preprints_located(real_site, tmp_path, style):
    bbl, blg = run_bibtex(tmp_path, "\n".join(downloaded(real_site, ".bib").values()), style, KEYS)
    assert "Warning--" not in blg, blg
    items = {
        match.group(1): match.group(2)
        for match in re.finditer(r"\\bibitem(?:\[[^]]*\])?\{([^}]+)\}(.*?)(?=\\bibitem|\\end)", bbl, re.S)
    }
    assert set(items) == set(KEYS)
    for key, item in items.items():
        entry = refs()[key]
        text = " ".join(item.replace("{", "").replace("}", "").split())
        for word in plain(entry.fields["title"]).split():
            # a capital after the word's first letter ("LLMs", "BatchNorm", "Fine-Tuning") is what the
            # standard styles' change.case$ "t" lowers in a title unless it is braced
            letters = word.lstrip(string.punctuation)
            if any(char.isupper() for char in letters[1:]) and "$" not in word:
                assert word in text, (key, word)
        if kind(entry) == "preprint":
            assert entry.fields["eprint"] in text, key


@needs_bibtex
def test_bibtex_check_reports_a_broken_entry(tmp_path):
    """The check above can fail: an article without a journal is a bibtex warning."""
    _, blg = run_bibtex(tmp_path, "@article{y, title = {T}, author = {A, B}, year = {2020}}\n", "plain", ["y"])
    assert "Warning--empty journal in y" in blg


@needs_biber
def test_biber_finds_every_download_valid_in_its_data_model(real_site, tmp_path):
    for name, text in [
        ("all", (real_site / "papers" / "all.bib").read_text("utf-8")),
        *downloaded(real_site, ".bib").items(),
    ]:
        target = tmp_path / f"{name}.bib"
        target.write_text(text, "utf-8")
        result = subprocess.run(
            ["biber", "--tool", "--validate-datamodel", "--quiet", "--output-directory", str(tmp_path), target.name],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0 and "WARN" not in result.stdout + result.stderr, (name, result.stdout)


@needs_biber
def test_biber_check_reports_an_unknown_field(tmp_path):
    (tmp_path / "bad.bib").write_text("@misc{x, title = {T}, author = {A, B}, year = {2020}, foo = {bar}}\n")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "bad.bib"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "Field 'foo' invalid in data model" in result.stdout


def test_list_downloads_hold_exactly_the_papers(real_site):
    entries = re.findall(r"^@\w+\{([^,]+),", (real_site / "papers" / "all.bib").read_text("utf-8"), re.M)
    assert sorted(entries) == sorted(refs())
    assert sorted(item["id"] for item in json.loads((real_site / "papers" / "all.json").read_text("utf-8"))) == sorted(
        refs()
    )
    records = rispy.loads((real_site / "papers" / "all.ris").read_text("utf-8"))
    assert sorted(plain(entry.fields["title"]) for entry in refs().values()) == sorted(r["title"] for r in records)


def test_capitals_are_protected_once_and_latex_left_alone():
    assert protect_capitals("SAEs and BatchNorm: on {LLMs} in $O(N)$") == "{SAEs} and {BatchNorm:} on {LLMs} in $O(N)$"
    assert protect_capitals("(In)Abilities of \\emph{FoMo} Models") == "{(In)Abilities} of \\emph{FoMo} Models"


def test_latex_specials_in_a_title_are_escaped_in_the_download(tmp_path):
    paper = paper_from(
        tmp_path, "@misc{x, title = {Q&A on C# and snake_case}, author = {A, B}, year = {2024}, topics = {t}}", "A, B"
    )
    assert "snake\\_case" in citations.bibtex(paper) and "C\\#" in citations.bibtex(paper)


# --- CSL-JSON and citation-js ---------------------------------------------------------------


def test_every_csl_json_download_is_valid_by_the_csl_schema(real_site):
    schema = ROOT / "tests" / "data" / "schemas" / "csl-data.json"
    files = [real_site / "papers" / "all.json", *(real_site / "papers" / f"{key}.json" for key in KEYS)]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


#: the CSL type of each kind of item, by the CSL 1.0.2 types: "paper-conference" for a paper in
#: proceedings, "article-journal" for one in a journal, "article" for a preprint (CSL 1.0.2 has no "preprint")
CSL_TYPE = {
    "conference": "paper-conference",
    "journal": "article-journal",
    "preprint": "article",
    "thesis": "thesis",
    "report": "report",
    "chapter": "chapter",
    "book": "book",
}


def has_locator(entry) -> bool:
    """Whether refs.bib gives the paper a place to be found: an arXiv id, a DOI or a URL."""
    return any(entry.fields.get(name) for name in ("eprint", "doi", "url"))


def test_csl_json_items_name_authors_ids_and_locators(real_site):
    items = json.loads((real_site / "papers" / "all.json").read_text("utf-8"))
    assert sorted(item["id"] for item in items) == sorted(refs())
    for item in items:
        entry = refs()[item["id"]]
        assert item["title"] == plain(entry.fields["title"])
        assert item["author"] == [{"family": family(p), "given": given(p)} for p in authors(entry)]
        assert item["issued"] == {"date-parts": [[oracle.year(entry)]]}
        assert item["type"] == CSL_TYPE[oracle.item_kind(entry)], item["id"]
        if kind(entry) == "preprint":
            assert item["number"] == f"arXiv:{entry.fields['eprint']}"
        elif oracle.venue(entry):  # a journal, proceedings or book the paper is in
            assert item["container-title"] == oracle.venue(entry)
        else:  # a thesis's school, a report's institution, a book's publisher
            assert item["publisher"] == oracle.where(entry)
        if has_locator(entry):
            assert item.get("URL") or item.get("DOI")


@pytest.mark.skipif(not (ROOT / "node_modules" / "@citation-js").exists(), reason="npm ci installs citation-js")
def test_citation_js_reads_a_locator_for_every_paper_that_has_one(real_site):
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "clients" / "citation-js.cjs"), str(real_site / "papers" / "all.bib")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert set(items) == set(refs())
    for key, entry in refs().items():
        if has_locator(entry):
            assert items[key].get("URL") or items[key].get("DOI"), key
        # CSL keeps a particle apart from the family name ("de" of "de Haan")
        families = [" ".join(filter(None, (a.get("non-dropping-particle"), a["family"]))) for a in items[key]["author"]]
        assert families == [family(person) for person in authors(entry)], key


# --- RIS -------------------------------------------------------------------------------------


#: the RIS type of each kind of item, by the RIS specification's reference types (as Zotero's RIS
#: translator imports them): CONF conference proceeding, JOUR journal, UNPB unpublished work,
#: THES thesis, RPRT report, CHAP book chapter, BOOK whole book
RIS_TYPE = {
    "conference": "CONF",
    "journal": "JOUR",
    "preprint": "UNPB",
    "thesis": "THES",
    "report": "RPRT",
    "chapter": "CHAP",
    "book": "BOOK",
}


def test_ris_downloads_read_back_with_their_facts(real_site):
    for key in KEYS:
        entry = refs()[key]
        (record,) = rispy.loads((real_site / "papers" / f"{key}.ris").read_text("utf-8"))
        assert record["type_of_reference"] == RIS_TYPE[oracle.item_kind(entry)]
        assert record["title"] == plain(entry.fields["title"])
        assert record["authors"] == [last_first(person) for person in authors(entry)]
        assert record["year"] == entry.fields["year"]
        if oracle.arxiv_url(entry):
            assert oracle.arxiv_url(entry) in record["urls"]
        if oracle.venue(entry):
            assert record["secondary_title"] == oracle.venue(entry)
        elif oracle.where(entry):
            assert record["publisher"] == oracle.where(entry)


# --- the Cite section ------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_cite_tabs_offer_each_format_to_copy_and_download(real_site, key):
    page = soup(real_site / "papers" / f"{key}.html")
    cite = page.select_one("section#cite .sd-tab-set")
    assert [text_of(label) for label in cite.select("label.sd-tab-label")] == ["BibTeX", "CSL-JSON", "RIS", "Formatted"]
    contents = cite.select(".sd-tab-content")
    for content, suffix in zip(contents, (".bib", ".json", ".ris"), strict=False):
        (link,) = content.select("a.portfolio-download")
        assert link["href"] == f"{key}{suffix}"
        assert content.select_one("pre").get_text() == (real_site / "papers" / link["href"]).read_text("utf-8")
    # the formatted citation: sphinxcontrib-bibtex's footnote of the page's {footcite}, and the same text to copy
    footnote = " ".join(page.select_one(f"aside.footnote#footcite-{key} p").get_text().split())
    assert family(authors(refs()[key])[0]) in footnote
    assert plain(refs()[key].fields["title"]).rstrip(".?!") in footnote
    assert contents[3].select_one("div.highlight pre").get_text().strip() == footnote


# --- COinS on lists ---------------------------------------------------------------------------


def coins(page) -> list[dict[str, list[str]]]:
    return [parse_qs(span["title"]) for span in page.select("span.Z3988")]


#: the OpenURL format (Z39.88-2004 KEV matrix) and genre of each kind of item: a conference paper
#: is a "proceeding" of the book format, a preprint the journal format's "preprint", a thesis the
#: dissertation format's
COINS_FORMAT = {
    "conference": ("info:ofi/fmt:kev:mtx:book", ["proceeding"]),
    "journal": ("info:ofi/fmt:kev:mtx:journal", ["article"]),
    "preprint": ("info:ofi/fmt:kev:mtx:journal", ["preprint"]),
    "thesis": ("info:ofi/fmt:kev:mtx:dissertation", None),
    "report": ("info:ofi/fmt:kev:mtx:book", ["report"]),
    "chapter": ("info:ofi/fmt:kev:mtx:book", ["bookitem"]),
    "book": ("info:ofi/fmt:kev:mtx:book", ["book"]),
}


@pytest.mark.parametrize("listing", ["index.html", "papers/index.html", "topics/emergence.html"])
def test_lists_carry_a_coins_span_per_paper_that_zotero_saves_as_its_item(real_site, listing):
    page = soup(real_site / listing)
    entries = page.select("li.portfolio-entry")
    spans = page.select("span.Z3988")
    assert entries and len(spans) == len(entries)
    for li in entries:
        key = li["id"].removeprefix("entry-")
        (span,) = li.select("span.Z3988")
        context = parse_qs(span["title"])
        entry = refs()[key]
        assert context["ctx_ver"] == ["Z39.88-2004"]
        fmt, genre = COINS_FORMAT[oracle.item_kind(entry)]
        assert context["rft_val_fmt"] == [fmt] and context.get("rft.genre") == genre
        assert context["rft.au"] == [last_first(person) for person in authors(entry)]
        assert context["rft.date"] == [entry.fields["year"]]
        if entry.fields.get("eprint"):
            assert f"info:arxiv/{entry.fields['eprint']}" in context["rft_id"]
        item = zotero_rules.coins(span["title"])
        assert item["itemType"] == ZOTERO_TYPE[oracle.item_kind(entry)]
        assert item["title"] == plain(entry.fields["title"])
        assert item["creators"] == [(family(person), given(person)) for person in authors(entry)]
        if item["itemType"] == "conferencePaper":
            assert item["proceedingsTitle"] == oracle.venue(entry)
        elif item["itemType"] == "journalArticle":
            assert item["publicationTitle"] == oracle.venue(entry)
        if item["itemType"] == "preprint":  # the arXiv page, which names the id, is the item's address
            assert (item["repository"], item["url"]) == ("arXiv", f"https://arxiv.org/abs/{entry.fields['eprint']}")
        else:
            assert item["url"] == f"{BASE}papers/{key}.html"


# --- feeds and link previews --------------------------------------------------------------------


def test_every_page_names_the_feed_and_feed_items_have_distinct_times(real_site):
    feed_url = f"{BASE}news/atom.xml"
    for page in real_site.rglob("*.html"):
        links = soup(page).select('link[rel="alternate"][type="application/atom+xml"]')
        assert [link["href"] for link in links] == [feed_url], page
    feed = feedparser.parse((real_site / "news" / "atom.xml").read_bytes())
    times = [entry.published for entry in feed.entries]
    assert times and len(set(times)) == len(times)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_a_link_preview_image_that_exists(real_site):
    for page in real_site.rglob("*.html"):
        relative = page.relative_to(real_site).as_posix()
        if relative in ("404.html", "search.html"):  # not in the sitemap: served, never shared
            continue
        image = soup(page).select_one('meta[property="og:image"]')
        assert image is not None, relative
        assert image["content"].startswith(BASE), relative
        target = real_site / image["content"][len(BASE) :]
        assert png_size(target) == (1200, 630), relative
        assert target.stat().st_size < 60_000
        if relative.startswith("papers/") and relative[len("papers/") : -5] in KEYS:
            assert image["content"] == urljoin(BASE, relative[:-5] + ".png")


def test_cards_are_drawn_once_and_reused(tmp_path, monkeypatch):
    first = cards.card(tmp_path, "A title", "A. Author", "Venue 2024")
    monkeypatch.setattr(cards, "draw_card", lambda *words: pytest.fail("redrawn"))
    assert cards.card(tmp_path, "A title", "A. Author", "Venue 2024") == first
    monkeypatch.undo()
    assert cards.card(tmp_path, "Another title", "A. Author", "Venue 2024") != first


# --- the home page ---------------------------------------------------------------------------------


def test_home_page_lists_the_papers_of_the_researchers_homepage_with_summaries(real_site):
    page = soup(real_site / "index.html")
    entries = page.select("li.portfolio-entry")
    selected = [key for key, entry in refs().items() if oracle.flag(entry, "selected")]
    assert sorted(entry["id"][len("entry-") :] for entry in entries) == sorted(selected)
    for entry in entries:
        tldr = oracle.text_field(refs()[entry["id"][len("entry-") :]], "tldr")
        if tldr:
            assert text_of(entry.select_one(".portfolio-summary")) == tldr
    listing = entries[-1].find_parent("ul")
    assert listing.find_next("a", string="All publications")["href"] == "papers/index.html"


@pytest.mark.skipif(not FACTS.exists(), reason="the shared fact sheet is not beside this checkout")
def test_papers_the_homepage_lists_are_the_selected_ones():
    facts = yaml.safe_load(FACTS.read_text("utf-8"))
    on_homepage = {paper["key"] for paper in facts if paper.get("in_seed") in ("001", "both")}
    selected = {key for key, entry in refs().items() if oracle.flag(entry, "selected")}
    known = on_homepage & set(refs())
    assert known == known & selected
    assert selected <= on_homepage | (set(refs()) - {paper["key"] for paper in facts})


# --- a PDF on the site's own host ------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def site_with_pdf(tmp_path: Path, key: str, pdf_field: str, content: bytes | None = PDF) -> Path:
    site = tmp_path / "site"
    shutil.copytree(
        ROOT, site, ignore=shutil.ignore_patterns(".git", ".nox", "node_modules", "_build", ".pytest_cache")
    )
    if content is not None:
        (site / "papers" / "pdfs").mkdir()
        (site / "papers" / "pdfs" / f"{key}.pdf").write_bytes(content)
    bib = site / "refs.bib"
    text = bib.read_text("utf-8")
    start = text.index(f"{{{key},")
    text = text[:start] + text[start:].replace("  topics ", f"  pdf                = {{{pdf_field}}},\n  topics ", 1)
    bib.write_text(text, "utf-8")
    return site


def test_a_pdf_in_the_repository_is_published_beside_its_page_and_cited(tmp_path):
    key = KEYS[0]
    site = site_with_pdf(tmp_path, key, f"papers/pdfs/{key}.pdf")
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == ""
    out = Path(app.outdir)
    assert (out / "papers" / f"{key}.pdf").read_bytes() == PDF
    page = soup(out / "papers" / f"{key}.html")
    assert metas(page, "citation_pdf_url") == [f"{BASE}papers/{key}.pdf"]
    assert [a["href"] for a in page.select("a.portfolio-link") if text_of(a) == "PDF"] == [f"{key}.pdf"]
    listing = soup(out / "papers" / "index.html").select_one(f"li#entry-{key}")
    assert [a["href"] for a in listing.select("a.portfolio-link") if text_of(a) == "PDF"] == [f"{key}.pdf"]


@pytest.mark.parametrize(
    ("field", "content", "message"),
    [
        ("papers/pdfs/missing.pdf", None, "pdf 'papers/pdfs/missing.pdf' does not exist"),
        ("papers/pdfs/{key}.pdf", b"<html>not a pdf</html>", "is not a PDF"),
        ("../outside.pdf", None, "must be a path inside the site's folder"),
    ],
)
def test_a_missing_or_wrong_pdf_is_a_located_error(tmp_path, field, content, message):
    key = KEYS[0]
    site = site_with_pdf(tmp_path, key, field.format(key=key), content)
    found = check_sources(site, load_settings(site))
    line = next(
        number
        for number, text in enumerate((site / "refs.bib").read_text("utf-8").split("\n"), 1)
        if text.startswith("  pdf ")
    )
    assert [(f.path, f.line, f.key) for f in found.findings if message in f.message] == [("refs.bib", line, key)]


def test_tab_labels_carry_aria_controls_only_without_the_workaround(tmp_path):
    """sphinx-design 0.8 writes aria-controls on tab labels (executablebooks/sphinx-design#283),
    which the HTML standard forbids; the site opts in to dropping it. When this fails,
    sphinx-design has stopped writing it: remove ``portfolio_valid_tab_labels``."""
    site = tmp_path / "site"
    skipped = shutil.ignore_patterns(".git", ".nox", "node_modules", "_build", ".pytest_cache")
    shutil.copytree(ROOT, site, ignore=skipped)
    conf = site / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace("portfolio_valid_tab_labels = True", ""), "utf-8")
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == ""
    labels = soup(Path(app.outdir) / "papers" / f"{KEYS[0]}.html").select("section#cite label.sd-tab-label")
    assert labels and all(label.get("aria-controls") for label in labels)


def test_the_site_writes_tab_labels_the_html_standard_allows(real_site):
    labels = soup(real_site / "papers" / f"{KEYS[0]}.html").select("section#cite label.sd-tab-label")
    assert labels and not any(label.get("aria-controls") for label in labels)
    assert all(label["for"] for label in labels)
