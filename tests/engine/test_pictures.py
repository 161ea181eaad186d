"""The researcher's photo and a paper's teaser figure: shown with their sizes, published, refused when unsafe."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_build, copy_root, edit, soup, tree_digest

#: the test root's pictures, as the files are (a 300 x 400 JPEG photo, an 800 x 450 PNG teaser)
PHOTO = ("_static/ada.jpg", "300", "400")
TEASER = ("papers/figures/engines.png", "800", "450")
TITLE = "Analytical Engines, Revisited"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("pictures", tmp_path / "site")


@pytest.fixture
def out(make_app, site, tmp_path) -> Path:
    return clean_build(make_app, site, tmp_path / "out")


def published(out: Path, page: str, img) -> bytes:
    """The bytes of the file an <img> on *page* (from *out*) loads."""
    return (out / page).parent.joinpath(img["src"]).read_bytes()


def test_the_photo_is_on_the_home_page_with_its_size_alt_text_and_lazy_loading(out, site):
    photos = soup(out / "index.html").select("article img.portfolio-photo")
    assert len(photos) == 1
    photo = photos[0]
    assert (photo["width"], photo["height"], photo["alt"], photo["loading"]) == (
        PHOTO[1],
        PHOTO[2],
        "Ada Lovelace",
        "lazy",
    )
    assert published(out, "index.html", photo) == (site / PHOTO[0]).read_bytes()
    assert not soup(out / "papers/index.html").select("img.portfolio-photo")  # the home page's only


@pytest.mark.parametrize(
    "page", ["index.html", "papers/index.html", "topics/engines.html", "papers/lovelace2024engines.html"]
)
def test_the_teaser_is_shown_in_lists_and_on_its_page_with_size_and_the_title_as_alt_text(out, site, page):
    teasers = soup(out / page).select("article img.portfolio-teaser")
    assert [(img["alt"], img["width"], img["height"], img["loading"]) for img in teasers] == [
        (TITLE, TEASER[1], TEASER[2], "lazy")
    ]
    assert published(out, page, teasers[0]) == (site / TEASER[0]).read_bytes()


def test_a_paper_without_a_teaser_shows_none(out):
    page = soup(out / "papers/index.html")
    assert page.select("li#entry-lovelace2024engines img") and not page.select("li#entry-babbage2023bounds img")
    assert not soup(out / "papers/babbage2023bounds.html").select("article img")


def test_the_link_preview_of_a_paper_with_a_teaser_is_the_teaser(out):
    page = soup(out / "papers/lovelace2024engines.html")
    image = page.select_one('meta[property="og:image"]')["content"]
    assert image == "https://example.org/papers/lovelace2024engines-teaser.png"
    assert page.select_one('meta[property="og:image:alt"]')["content"] == TITLE
    other = soup(out / "papers/babbage2023bounds.html").select_one('meta[property="og:image"]')["content"]
    assert other == "https://example.org/papers/babbage2023bounds.png"  # the drawn card
    assert (out / "papers/babbage2023bounds.png").is_file()


def build(site: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "build", str(site), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        ("teaser", "../outside.png", "refs.bib:7: ERROR: entry 'lovelace2024engines': teaser '../outside.png' must be"),
        ("teaser", "papers/figures/evil.svg", "teaser 'papers/figures/evil.svg' is not a PNG, JPEG or WebP picture"),
        ("teaser", "papers/figures/gone.png", "teaser 'papers/figures/gone.png' does not exist"),
        ("teaser", "papers/figures/out.png", "teaser 'papers/figures/out.png' leads outside the site's folder"),
        ("photo", "_static/evil.svg", "conf.py:10: ERROR: portfolio_photo '_static/evil.svg' is not a PNG, JPEG"),
        ("photo", "/etc/passwd", "conf.py:10: ERROR: portfolio_photo '/etc/passwd' must be a path inside"),
    ],
)
def test_a_picture_that_is_not_a_picture_of_the_site_is_refused_naming_the_place(site, tmp_path, where, value, said):
    (site / "papers/figures/evil.svg").write_bytes(SVG)
    (site / "_static/evil.svg").write_bytes(SVG)
    outside = tmp_path / "outside.png"
    outside.write_bytes((site / TEASER[0]).read_bytes())
    (site / "papers/figures/out.png").symlink_to(outside)
    if where == "teaser":
        edit(site, "refs.bib", f"teaser    = {{{TEASER[0]}}}", f"teaser    = {{{value}}}")
    else:
        edit(site, "conf.py", f'portfolio_photo = "{PHOTO[0]}"', f'portfolio_photo = "{value}"')
    before = tree_digest(site)
    out = tmp_path / "out"
    done = build(site, out)
    assert done.returncode != 0
    assert said in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not out.exists() or not any(out.rglob("*.html"))  # nothing half-built
    assert tree_digest(site) == before


def test_a_teaser_redrawn_at_another_size_shows_at_its_new_size_everywhere_after_an_incremental_build(
    make_app, site, tmp_path
):
    from PIL import Image

    clean_build(make_app, site, tmp_path / "out")
    Image.new("RGB", (640, 640), (40, 90, 200)).save(site / TEASER[0])
    app = make_app("html", srcdir=site, builddir=tmp_path / "out", warning=io.StringIO())  # incremental
    app.build()
    out = Path(app.outdir)
    for page in ("index.html", "papers/index.html", "topics/engines.html", "papers/lovelace2024engines.html"):
        teaser = soup(out / page).select_one("article img.portfolio-teaser")
        assert (teaser["width"], teaser["height"]) == ("640", "640"), page
        assert published(out, page, teaser) == (site / TEASER[0]).read_bytes(), page
