"""Link-preview images (``og:image``): a card per paper, and one for the site's other pages.

Drawn at build time with Pillow, in a font installed from PyPI with the site (nothing is
downloaded while building), as small greyscale PNGs. A card depends only on what it shows, so it is kept in
the site's cache folder (``portfolio_cache_dir``, outside the build's output) under a name made from
that, and drawn again only when its words change, whether the build is clean or not.
"""

from __future__ import annotations

import hashlib
import io
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

import font_source_sans_pro
from PIL import Image, ImageDraw, ImageFont

from ..core.output import atomic_write, write_if_changed

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
#: grey levels: a greyscale PNG is small and quick to write (quantising colour is not)
INK, MUTED, ACCENT, PAPER = 20, 80, 60, 255
#: bump when the drawing changes, so cached cards are redrawn
VERSION = "2"
SITE_CARD = "site-card.png"


@cache
def font(size: int, weight: str = "Regular") -> ImageFont.FreeTypeFont:
    """Source Sans Pro (SIL OFL), from its PyPI package: Latin with accents, Greek, Cyrillic."""
    return ImageFont.truetype(
        font_source_sans_pro.font_files_ttf[f"SourceSansPro{weight}".replace("Regular", "")], size
    )


def wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """*text* in at most *lines* lines of at most *width* pixels; the last one ends with … if cut."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=face) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words and out:
        last = out[-1]
        while last and draw.textlength(last + " …", font=face) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        out[-1] = last + " …"
    return out


def draw_card(title: str, byline: str, footer: str) -> bytes:
    """A 1200x630 PNG: the title large, the byline below it, the footer (venue, site) at the bottom."""
    image = Image.new("L", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    width = WIDTH - 2 * MARGIN
    size = 60 if len(title) < 90 else 50
    y = MARGIN
    for line in wrap(draw, title, font(size, "Semibold"), width, 4):
        draw.text((MARGIN, y), line, font=font(size, "Semibold"), fill=INK)
        y += int(size * 1.22)
    y += 24
    for line in wrap(draw, byline, font(32), width, 3):
        draw.text((MARGIN, y), line, font=font(32), fill=MUTED)
        y += 42
    for line in wrap(draw, footer, font(30), width, 1):
        draw.text((MARGIN, HEIGHT - MARGIN - 30), line, font=font(30), fill=ACCENT)
    out = io.BytesIO()
    # a 4-bit greyscale PNG: 16 levels keep the antialiased edges, and half the bytes to compress
    image.point(lambda level: level >> 4).save(out, format="PNG", bits=4, compress_level=1)
    return out.getvalue()


class CardPainter:
    """Draws and writes cards on a worker thread while the build goes on.

    Pillow lets go of the interpreter while it renders text and compresses the PNG, so in a
    serial build the cards cost little wall time. In a parallel build each writer process
    draws the cards of the pages it writes, in turn (a thread would be forked with it).
    """

    def __init__(self, threaded: bool) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="portfolio-cards") if threaded else None
        self.pending: list[Future[None]] = []

    def paint(self, target: Path, cache_dir: Path, title: str, byline: str, footer: str) -> None:
        if self.pool is None:
            paint_card(target, cache_dir, title, byline, footer)
        else:
            self.pending.append(self.pool.submit(paint_card, target, cache_dir, title, byline, footer))

    def finish(self) -> None:
        """Wait for every card; a failure to write one fails the build here."""
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pending = []
            if self.pool is not None:
                self.pool.shutdown()


def paint_card(target: Path, cache_dir: Path, title: str, byline: str, footer: str) -> None:
    write_if_changed(target, card(cache_dir, title, byline, footer))


def card(cache_dir: Path, title: str, byline: str, footer: str) -> bytes:
    """The card for these words, drawn once and kept in *cache_dir*."""
    name = hashlib.sha256("\0".join((VERSION, title, byline, footer)).encode()).hexdigest()[:32]
    cached = cache_dir / f"{name}.png"
    if cached.is_file():
        return cached.read_bytes()
    data = draw_card(title, byline, footer)
    atomic_write(cached, data)
    return data
