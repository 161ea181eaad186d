"""Lists of papers (publications, home, topics, co-authors) show each entry's HTML kept between builds.

The kept HTML must be exactly what the entry's nodes make, follow every edit of the entry, and
never reach a builder other than the HTML one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import clean_build, copy_root, soup, text_of

LISTS = ("index.html", "papers/index.html", "topics/engines.html", "coauthors.html")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_root("kept-lists", tmp_path / "site")


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The papers whose list entries were made from nodes in a build."""
    from sphinx_portfolio.integration import render

    found: list[str] = []
    summary = render.paper_summary
    monkeypatch.setattr(
        render, "paper_summary", lambda paper, uri, *style: found.append(paper.key) or summary(paper, uri, *style)
    )
    return found


def test_a_clean_build_shows_the_kept_html_which_is_what_the_nodes_make(make_app, site, tmp_path, made):
    first = clean_build(make_app, site, tmp_path / "first")
    assert {"lovelace2024engines", "babbage2023bounds"} <= set(made)
    made.clear()
    second = clean_build(make_app, site, tmp_path / "second")
    assert made.count("lovelace2024engines") == 0 and made.count("babbage2023bounds") == 0
    for page in LISTS:
        assert (second / page).read_bytes() == (first / page).read_bytes(), page
    # what readers see: each list has its entries, links and co-authors' shared titles
    entries = soup(second / "papers" / "index.html").select("li.portfolio-entry")
    assert [entry["id"] for entry in entries] == ["entry-lovelace2024engines", "entry-babbage2023bounds"]
    assert entries[0].select_one("a.portfolio-title")["href"] == "lovelace2024engines.html"
    topic = soup(second / "topics" / "engines.html").select_one("li#entry-babbage2023bounds a.portfolio-title")
    assert topic["href"] == "../papers/babbage2023bounds.html"
    people = soup(second / "coauthors.html")
    mary = people.select_one("tr#person-mary-somerville")
    assert [a["href"] for a in mary.select("ul.no-search a")] == ["papers/babbage2023bounds.html"]
    assert "Charles Babbage" in text_of(people.select_one("table.portfolio-coauthors tbody tr"))


def test_an_edited_entry_is_shown_as_edited_in_every_list_and_only_it_is_made_again(make_app, site, tmp_path, made):
    clean_build(make_app, site, tmp_path / "first")
    bib = site / "refs.bib"
    bib.write_text(bib.read_text("utf-8").replace("Analytical Engines, \\emph{Revisited}", "Difference Engines"))
    made.clear()
    out = clean_build(make_app, site, tmp_path / "second")
    assert "babbage2023bounds" not in made and "lovelace2024engines" in made
    for page in LISTS:
        shown = text_of(soup(out / page).select_one("[role=main]"))
        assert "Difference Engines" in shown and "Revisited" not in shown, page
        # the home page lists the selected papers only
        assert ("Bounds for Über-Networks" in shown) == (page != "index.html"), page


def test_a_setting_the_entries_read_makes_them_again(make_app, site, tmp_path):
    clean_build(make_app, site, tmp_path / "first")
    conf = site / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('"Lovelace, Ada"', '"Babbage, Charles"'), "utf-8")
    out = clean_build(make_app, site, tmp_path / "second")
    marked = soup(out / "papers" / "index.html").select("li#entry-babbage2023bounds .portfolio-self")
    assert [text_of(node) for node in marked] == ["Charles Babbage"]


def test_other_builders_get_the_entries_themselves(make_app, site, tmp_path):
    clean_build(make_app, site, tmp_path / "html")
    out = clean_build(make_app, site, tmp_path / "text", buildername="text")
    listed = (out / "papers" / "index.txt").read_text("utf-8")
    assert "Analytical Engines" in listed and "Journal of Engines" in listed


def test_the_filters_offer_what_the_list_holds_and_wait_hidden_for_the_script(make_app, site, tmp_path):
    page = soup(clean_build(make_app, site, tmp_path / "out") / "papers" / "index.html")
    form = page.select_one("form.portfolio-filters")
    assert form.has_attr("hidden")  # without JavaScript: the full list, no controls that do nothing
    menus = {menu["name"]: menu for menu in form.select("select")}
    offered = {name: [(o["value"], text_of(o)) for o in menu.select("option")[1:]] for name, menu in menus.items()}
    assert offered == {
        "year": [("2024", "2024"), ("2023", "2023")],
        "topic": [("engines", "Engines")],
        "kind": [("conference", "Conference"), ("journal", "Journal")],
        "coauthor": [("charles-babbage", "Charles Babbage"), ("mary-somerville", "Mary Somerville")],
    }
    # every choice of every menu matches the entries it names, by the class prefix the menu gives
    for name, menu in menus.items():
        for value, _shown in offered[name]:
            assert page.select(f"li.portfolio-entry.{menu['data-prefix']}{value}"), (name, value)
    counts = [(h.contents[0].strip(), text_of(h.select_one(".portfolio-count"))) for h in page.select("section > h2")]
    assert counts == [("2024", "(1)"), ("2023", "(1)")]  # the count the script updates


def test_an_entry_under_its_years_heading_gives_the_short_venue_and_the_full_one_as_its_title(make_app, site, tmp_path):
    out = clean_build(make_app, site, tmp_path / "out")
    listed = soup(out / "papers" / "index.html").select_one("li#entry-lovelace2024engines abbr.portfolio-venue-short")
    assert (text_of(listed), listed["title"]) == ("ICML", "International Conference on Machine Learning (ICML), 2024")
    on_topic = soup(out / "topics" / "engines.html").select_one("li#entry-lovelace2024engines .portfolio-venue-short")
    assert text_of(on_topic) == "ICML 2024"  # no heading of its year there
    home = soup(out / "index.html").select("li.portfolio-entry")
    assert home and not any(entry.select(".portfolio-badge-selected") for entry in home)  # all are selected


def test_names_in_the_filter_menus_are_text_never_markup(make_app, site, tmp_path):
    bib = site / "refs.bib"
    # HTML in refs.bib is refused by the check; math makes the same characters: "<script>"
    hostile = r"Somerville, Mary and Tables, Bobby $<$script$>$"
    bib.write_text(bib.read_text("utf-8").replace("Somerville, Mary", hostile), "utf-8")
    page = soup(clean_build(make_app, site, tmp_path / "out") / "papers" / "index.html")
    assert not page.select("form.portfolio-filters script")
    names = [text_of(option) for option in page.select("select[name=coauthor] option")]
    assert "Bobby <script> Tables" in names
