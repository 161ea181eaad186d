"""Reader-facing words follow ``language`` in conf.py, through Sphinx's message catalogs."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, build_site, soup, text_of

SOURCE = ROOT / "tests" / "roots" / "test-integrity"


def test_every_message_has_a_german_translation_and_the_compiled_catalog_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "translations.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module", params=["en", "de"])
def built(request, tmp_path_factory):
    site = tmp_path_factory.mktemp(f"site-{request.param}") / "src"
    shutil.copytree(SOURCE, site)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nlanguage = {request.param!r}\n")
    # two equal contributors, so that the list explains the mark
    bib = site / "refs.bib"
    bib.write_text(
        bib.read_text("utf-8").replace(
            "  topics    = {engines},",
            "  topics    = {engines},\n  equal_contribution = {Lovelace, Ada and Babbage, Charles},",
            1,
        ),
        "utf-8",
    )
    (site / "statistics.md").write_text("---\norphan: true\n---\n# Statistics\n\n```{statistics}\n```\n", "utf-8")
    app, warnings = build_site(site, site.parent / "out")
    assert warnings == "", warnings
    return request.param, app.outdir


#: what the engine writes on the pages, in each language
WORDS = {
    "en": {
        "papers/lovelace2024engines.html": ["Topics:", "Related papers", "Cite", "Formatted", " and "],
        "papers/index.html": ["2 papers:", "denotes equal contribution", "Every paper as"],
        "news/index.html": ["Subscribe to the Atom feed", "May 2024"],
        "statistics.html": ["Papers per year", "Most frequent collaborators", "Kind of venue"],
    },
    "de": {
        "papers/lovelace2024engines.html": [
            "Themen:",
            "Verwandte Veröffentlichungen",
            "Zitieren",
            "Formatiert",
            " und ",
        ],
        "papers/index.html": ["2 Veröffentlichungen:", "kennzeichnet gleichen Beitrag", "Alle Veröffentlichungen als"],
        "news/index.html": ["Den Atom-Feed abonnieren", "Mai 2024"],
        "statistics.html": ["Veröffentlichungen pro Jahr", "Häufigste Koautor:innen", "Art der Veröffentlichung"],
    },
}


def test_the_engine_words_are_in_the_sites_language(built):
    language, out = built
    for page, words in WORDS[language].items():
        text = text_of(soup(out / page).select_one("[role=main]") or soup(out / page).body)
        for word in words:
            assert word in text, (language, page, word)
    other = WORDS["de" if language == "en" else "en"]
    for page, words in other.items():
        text = text_of(soup(out / page).select_one("[role=main]") or soup(out / page).body)
        # (titles from refs.bib may hold any word: " and " is left out here)
        leaked = [word for word in words if word != " and " and f" {word.strip()} " in f" {text} "]
        assert leaked == [], (language, page, leaked)


def test_the_publication_filters_speak_the_sites_language(built):
    language, out = built
    box = soup(out / "papers/index.html").select_one("form.portfolio-filters")
    year = box.select_one("label:has(select[name=year])")
    shown = (year.contents[0].strip(), year.select_one("option[value='']").text, box.select_one("button").text)
    assert shown == {"en": ("Year", "All", "Reset"), "de": ("Jahr", "Alle", "Zurücksetzen")}[language]
    assert "{shown}" in box["data-showing"] and "{total}" in box["data-showing"]
