"""The site as readers use it: Debian's Chromium driven by Playwright, axe-core, Nu Html Checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import KEYS, ROOT, live_preview, page_shows

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: a page of every kind a reader meets
PAGES = [
    "index.html",
    "papers/index.html",
    "papers/anwar2024foundational.html",
    "news/index.html",
    "topics/emergence.html",
    "statistics.html",
    "coauthors.html",
    "search.html?q=emergence",
]


def missing(what: str, hint: str):
    """Skip where a developer lacks a tool; in CI the tool is installed, so fail."""
    message = f"{what} is not installed ({hint})"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(real_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(real_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(base_url):
    # Started after the site is built and closed with this module: a Sphinx build forks a
    # process (sphinx-sitemap's multiprocessing manager) that would inherit the Playwright
    # driver's pipes and keep it from ever exiting.
    if not CHROMIUM.exists():
        missing("Debian's chromium", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        original = launched.new_context

        def new_context(**options):
            context = original(**options)
            context.set_default_timeout(10_000)  # fail in seconds, not Playwright's 30 s
            return context

        launched.new_context = new_context
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def wait_for_search_results(page) -> None:
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)


def test_search_for_a_word_of_an_abstract_opening_opens_the_paper(page, base_url):
    page.goto(base_url + "index.html")
    box = page.locator("input[name='q']").first
    box.fill("percolation")
    box.press("Enter")
    wait_for_search_results(page)
    result = page.locator("#search-results a[href*='papers/lubana2025percolation.html']").first
    assert "Percolation Model of Emergence" in result.inner_text()
    result.click()
    page.wait_for_url("**/papers/lubana2025percolation.html*")
    assert page.locator("h1").inner_text().startswith("A Percolation Model of Emergence")


def test_copy_button_puts_the_exact_bibtex_entry_on_the_clipboard(browser, base_url, real_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "papers/park2024emergence.html")
    block = page.locator("section#cite .portfolio-bibtex div.highlight")
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied == (real_site / "papers" / "park2024emergence.bib").read_text().rstrip("\n")


@pytest.mark.parametrize(("tab", "suffix"), [("CSL-JSON", ".json"), ("RIS", ".ris")])
def test_each_cite_tab_copies_its_own_format(browser, base_url, real_site, tab, suffix):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "papers/park2024emergence.html")
    page.locator("section#cite label.sd-tab-label", has_text=tab).click()
    content = page.locator("section#cite .sd-tab-content:visible")
    content.locator("pre").first.hover()
    content.locator("button.copybtn").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied == (real_site / "papers" / f"park2024emergence{suffix}").read_text().rstrip("\n")


#: the layout shift a page has made so far (what Lighthouse's CLS adds up), from the browser itself
LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 500);
})"""


@pytest.mark.parametrize("width", [360, 1200])
def test_the_publications_list_does_not_move_when_its_filters_appear(browser, base_url, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(base_url + "papers/index.html")
    page.wait_for_selector("form.portfolio-filters:not([hidden]) select")
    shift = page.evaluate(LAYOUT_SHIFT)
    page.close()
    assert shift < 0.01  # Lighthouse scores a CLS under 0.1 as good; this list moved by 0.07


def luminance(page, selector: str, prop: str) -> float:
    colour = page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")
    red, green, blue = [int(part) for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_scheme_follows_the_system_and_the_toggle(browser, base_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + "papers/park2024emergence.html")
    background, text = luminance(page, "body", "backgroundColor"), luminance(page, "article", "color")
    if scheme == "dark":
        assert background < 0.2 < 0.7 < text
    else:
        assert text < 0.3 < 0.8 < background
    # the toggle switches to the other scheme (furo cycles auto, then the other, then this one)
    toggle = page.locator("button.theme-toggle:visible").first
    for _ in range(3):
        toggle.click()
        if (luminance(page, "body", "backgroundColor") < 0.5) != (scheme == "dark"):
            break
    else:
        pytest.fail("the theme toggle never switched the colour scheme")
    context.close()


def test_the_menu_reaches_every_section_on_a_phone(browser, base_url):
    # (that no page scrolls sideways: test_nothing_on_any_page_passes_the_edge_of_the_screen)
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "papers/park2024emergence.html")
    page.locator("label[for='__navigation']:visible").first.click()
    for section in ["Publications", "News", "Topics", "Co-authors", "Statistics"]:
        link = page.locator(".sidebar-tree a", has_text=section).first
        assert link.is_visible(), section
    page.locator(".sidebar-tree a", has_text="Statistics").first.click()
    page.wait_for_url("**/statistics.html")
    context.close()


def test_news_item_opens_its_paper_and_the_paper_links_back(page, base_url):
    page.goto(base_url + "news/2024-09-park2024emergence.html")
    page.locator(".portfolio-paper-ref a").click()
    page.wait_for_url("**/papers/park2024emergence.html")
    page.locator("section#news a[href*='2024-09-park2024emergence']").first.click()
    page.wait_for_url("**/news/2024-09-park2024emergence.html")


def test_publication_filters_narrow_the_list_and_everything_shows_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "papers/index.html")
    assert page.locator("li.portfolio-entry:visible").count() == len(KEYS)
    assert page.locator("form.portfolio-filters:visible").count() == 0  # no controls that do nothing
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "papers/index.html")
    page.locator("select[name=topic]").select_option("pruning")
    on_topic = page.locator("li.portfolio-topic-pruning").count()
    assert 0 < on_topic < len(KEYS)
    assert page.locator("li.portfolio-entry:visible").count() == on_topic
    page.locator("select[name=year]").select_option("2021")
    both = page.locator("li.portfolio-topic-pruning.portfolio-year-2021").count()
    assert page.locator("li.portfolio-entry:visible").count() == both
    shown = f"Showing {both} of {len(KEYS)} paper{'' if len(KEYS) == 1 else 's'}."
    assert shown in page.locator(".portfolio-filters [role=status]").inner_text()
    context.close()


#: the screens every reader check runs on: a phone and a laptop, each in light and dark
SCREENS = [(width, scheme) for width in (375, 1280) for scheme in ("light", "dark")]


@pytest.fixture(params=SCREENS, ids=[f"{width}px-{scheme}" for width, scheme in SCREENS])
def screen(browser, request):
    width, scheme = request.param
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 800}, color_scheme=scheme, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.width = width
    yield page
    context.close()


#: elements of the page's content whose right edge passes the window's (what a reader must scroll
#: sideways to read, or never sees where a parent clips it)
PAST_THE_EDGE = """() => {
  const edge = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll("article *"))
    .filter((e) => { const box = e.getBoundingClientRect(); return box.width > 0 && box.right > edge + 1; })
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + "." + Array.from(e.classList).join(".") + ": " + e.textContent.slice(0, 40));
}"""


def test_nothing_on_any_page_passes_the_edge_of_the_screen(screen, base_url):
    for name in [*PAGES, "papers/park2024emergence.html", "news/2024-09-park2024emergence.html"]:
        screen.goto(base_url + name)
        if "search" in name:
            wait_for_search_results(screen)
        overflow = screen.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        assert screen.evaluate(PAST_THE_EDGE) == [], name


def visible_entries(page) -> list[str]:
    return page.eval_on_selector_all("li.portfolio-entry", "items => items.filter(i => !i.hidden).map(i => i.id)")


def entries_with(page, classes: str) -> list[str]:
    return page.eval_on_selector_all(f"li.portfolio-entry{classes}", "items => items.map(i => i.id)")


def heading_counts(page) -> dict[str, str]:
    """Each visible section of the list -> the count its heading shows."""
    return page.eval_on_selector_all(
        "section[id^='year-'], section#undergraduate",
        "sections => Object.fromEntries(sections.filter(s => !s.hidden)"
        ".map(s => [s.id, s.querySelector('.portfolio-count').textContent]))",
    )


def test_a_filtered_list_is_restored_from_its_address_and_its_counts_follow(screen, base_url):
    screen.goto(base_url + "papers/index.html?year=2024&kind=conference")
    expected = entries_with(screen, ".portfolio-year-2024.portfolio-type-conference")
    assert 0 < len(expected) < len(KEYS)
    assert visible_entries(screen) == expected
    assert (screen.locator("select[name=year]").input_value(), screen.locator("select[name=kind]").input_value()) == (
        "2024",
        "conference",
    )
    assert heading_counts(screen) == {"year-2024": f"({len(expected)})"}
    assert f"Showing {len(expected)} of {len(KEYS)} papers." in screen.locator("[role=status]").inner_text()

    # a menu changed: the address says so, a reload keeps it, back returns to the address before
    screen.locator("select[name=kind]").select_option("")
    screen.wait_for_url("**/papers/index.html?year=2024")
    of_year = entries_with(screen, ".portfolio-year-2024")
    assert visible_entries(screen) == of_year and heading_counts(screen) == {"year-2024": f"({len(of_year)})"}
    screen.reload()
    assert visible_entries(screen) == of_year
    screen.go_back()
    screen.wait_for_url("**/papers/index.html?year=2024&kind=conference")
    assert visible_entries(screen) == expected

    # reset: every paper, every heading's own count, a plain address
    screen.locator("button[type=reset]").click()
    screen.wait_for_url("**/papers/index.html")
    assert len(visible_entries(screen)) == len(KEYS)
    counts = heading_counts(screen)
    assert all(
        counts[s] == f"({len(entries_with(screen, f'.portfolio-year-{s[5:]}'))})" for s in counts if s[:5] == "year-"
    )
    assert screen.locator("[role=status]").inner_text() == ""


#: the choices of a menu whose text is wider than the closed menu shows (its padding and arrow
#: included): what a reader sees cut, as "Emergence and learning dyr"
CUT_CHOICES = """(menu) => {
  const style = getComputedStyle(menu);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = style.font;
  const room = menu.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
  return Array.from(menu.options).map((o) => o.text).filter((text) => pen.measureText(text).width > room);
}"""


def test_a_chosen_topic_or_co_author_shows_whole_in_its_menu_on_a_laptop(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base_url + "papers/index.html")
    cut = {name: page.eval_on_selector(f"select[name={name}]", CUT_CHOICES) for name in ("topic", "coauthor")}
    page.close()
    assert cut == {"topic": [], "coauthor": []}


def test_the_text_box_finds_title_words_and_names_without_their_accents(screen, base_url):
    screen.goto(base_url + "papers/index.html?q=raphael%20sarfati")
    expected = entries_with(screen, ".portfolio-with-raphael-sarfati")
    assert expected and visible_entries(screen) == expected
    assert screen.locator("form.portfolio-filters input[name=q]").input_value() == "raphael sarfati"
    screen.locator("form.portfolio-filters input[name=q]").fill("percolation")
    screen.wait_for_url("**/papers/index.html?q=percolation")
    titles = screen.eval_on_selector_all(
        "li.portfolio-entry:not([hidden]) .portfolio-title", "links => links.map(a => a.textContent)"
    )
    assert titles and all("percolation" in title.lower() for title in titles)


def test_a_co_author_links_to_the_list_of_their_papers(screen, base_url):
    screen.goto(base_url + "coauthors.html")
    row = screen.locator("table.portfolio-coauthors tbody tr").first
    name = row.locator(".portfolio-person").inner_text()
    summary = row.locator("summary")
    shared = int(summary.inner_text().split()[0])
    assert not row.locator("details a").first.is_visible()  # folded
    summary.click()
    assert row.locator("details li a").count() == shared and row.locator("details a").first.is_visible()
    row.locator("a.portfolio-person-papers").click()
    screen.wait_for_url("**/papers/index.html?coauthor=*")
    assert len(visible_entries(screen)) == shared
    assert screen.locator("select[name=coauthor] option:checked").inner_text() == name


def test_the_co_authors_page_is_short_and_every_list_is_quick_to_read(screen, base_url):
    screen.goto(base_url + "coauthors.html")
    height = screen.evaluate("document.documentElement.scrollHeight")
    if screen.width == 1280:
        assert height <= 3000, f"the co-authors page is {height}px tall"
    screen.goto(base_url + "index.html")
    assert screen.locator("#selected-publications .portfolio-badge-selected").count() == 0  # all are selected
    news = screen.locator("ul.portfolio-news > li")
    assert news.count() > 0
    assert all(news.nth(i).locator("a").count() == 1 for i in range(news.count()))  # one link per item


def test_the_cite_tabs_stay_on_one_row_and_the_title_is_sized_for_the_screen(screen, base_url):
    screen.goto(base_url + "papers/anwar2024foundational.html")
    tops = screen.eval_on_selector_all("section#cite label.sd-tab-label", "labels => labels.map(l => l.offsetTop)")
    assert len(tops) >= 4 and len(set(tops)) == 1, tops
    lines = screen.evaluate(
        "(() => { const h = document.querySelector('article h1'); const s = getComputedStyle(h);"
        " return h.getBoundingClientRect().height / parseFloat(s.lineHeight); })()"
    )
    assert lines <= 5, f"the paper's title takes {lines:.1f} lines"


@pytest.fixture(scope="module")
def pictures_site(tmp_path_factory) -> Path:
    """The test root with a photo and a teaser, built."""
    import sys

    out = tmp_path_factory.mktemp("pictures") / "html"
    site = ROOT / "tests" / "roots" / "test-pictures"
    built = subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "build", str(site), str(out)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out


@pytest.fixture(scope="module")
def pictures_url(pictures_site):
    """The built test root with a photo and a teaser, served."""
    out = pictures_site
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("name", "selector"),
    [
        ("index.html", "img.portfolio-photo"),
        ("papers/index.html", "img.portfolio-teaser"),
        ("papers/lovelace2024engines.html", "img.portfolio-teaser"),
    ],
)
def test_photo_and_teaser_show_at_their_shape_without_moving_the_page(screen, pictures_url, name, selector):
    screen.goto(pictures_url + name)
    shift = screen.evaluate(LAYOUT_SHIFT)
    picture = screen.locator(selector)
    picture.scroll_into_view_if_needed()
    screen.wait_for_function(f"document.querySelector('{selector}').complete")
    natural, box = picture.evaluate("i => [i.naturalWidth, i.naturalHeight]"), picture.bounding_box()
    assert natural[0] > 0  # loaded
    assert abs(box["width"] / box["height"] - natural[0] / natural[1]) < 0.02  # not stretched
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen.width
    assert shift < 0.01
    assert screen.evaluate(PAST_THE_EDGE) == []
    if not AXE.exists():
        missing("axe-core", "npm ci")
    screen.add_script_tag(path=str(AXE))
    result = screen.evaluate(
        "options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    )
    assert [v["id"] for v in result["violations"]] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_21_aa_violations(browser, base_url, name, scheme):
    if not AXE.exists():
        missing("axe-core", "npm ci")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + name)
    if "search" in name:
        wait_for_search_results(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => axe.run(document, options)", {"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    context.close()
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], violations


@pytest.mark.parametrize("site", ["real_site", "pictures_site"])
def test_every_page_is_valid_html(request, site):
    real_site = request.getfixturevalue(site)
    java = shutil.which("java")
    if not VNU.exists() or java is None:
        missing("the Nu Html Checker (vnu-jar) or Java", "npm ci; apt-get install default-jre-headless")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(real_site)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [(m["url"].rsplit("/", 1)[-1], m["message"]) for m in messages] == []
    assert result.returncode == 0


def test_the_live_preview_shows_a_failed_build_in_the_browser_and_recovers(browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-integrity", site)
    with live_preview(site) as base:
        url = base + "papers/babbage2023notes.html"
        assert page_shows(url, "Notes on the Difference Engine")
        page = browser.new_context().new_page()
        page.goto(url)
        assert page.locator("#portfolio-build-problems").count() == 0
        bib = site / "refs.bib"
        good = bib.read_text()
        bib.write_text(good.replace("{2023}", "{203}"))  # the page reloads itself after the rebuild
        banner = page.wait_for_selector("#portfolio-build-problems", timeout=90_000)
        shown = banner.inner_text()
        assert "refs.bib:15" in shown and "year '203' is not a plausible year" in shown
        bib.write_text(good)
        page.wait_for_selector("#portfolio-build-problems", state="detached", timeout=90_000)
        assert "Notes on the Difference Engine" in page.locator("h1").first.inner_text()


@pytest.fixture
def preview_with_problems(tmp_path):
    """A live-preview build of a tiny site whose last rebuild failed: its pages show the banner."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-integrity", site)
    out = tmp_path / "html"
    import sys

    live = ["-D", "portfolio_live_status=1", "-D", "html_theme=furo"]  # this site's theme, with its header
    built = subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "build", str(site), str(out), *live],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (out / "_portfolio").mkdir()
    problems = "refs.bib:15: entry 'babbage2023notes': year '203' is not a plausible year\n" * 3
    (out / "_portfolio" / "build-problems.txt").write_text(problems)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


#: what a reader must still reach with the banner shown: the title on a desktop, the menu on a phone
UNCOVERED = {1280: "article h1", 375: ".mobile-header .nav-overlay-icon"}


@pytest.mark.parametrize("width", sorted(UNCOVERED))
def test_the_previews_problem_banner_hides_nothing_of_the_page_and_can_be_dismissed(
    browser, preview_with_problems, width
):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(preview_with_problems + "papers/babbage2023notes.html")
    banner = page.wait_for_selector("#portfolio-build-problems")
    assert "year '203' is not a plausible year" in banner.inner_text()
    for scrolled in (0, 200):  # at the top, and scrolled a little
        page.evaluate(f"window.scrollTo(0, {scrolled})")
        covered = page.evaluate(
            """(selector) => {
                const target = document.querySelector(selector);
                const box = target.getBoundingClientRect();
                if (box.bottom < 0) return false;  // scrolled out of view: nothing covers it
                const x = box.left + box.width / 2, y = Math.max(box.top, 0) + Math.min(box.height, 10) / 2;
                const found = document.elementFromPoint(x, y);
                return !(found && (found === target || target.contains(found) || found.contains(target)));
            }""",
            UNCOVERED[width],
        )
        assert not covered, f"the banner covers {UNCOVERED[width]} at {width} px, scrolled {scrolled} px"
    page.get_by_role("button", name="Hide the build's problems").click()
    assert page.locator("#portfolio-build-problems").count() == 0
    context.close()
