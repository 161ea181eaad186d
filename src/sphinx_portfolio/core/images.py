"""Pictures of the site's own: the researcher's photo and the papers' teaser figures.

A picture is a PNG, JPEG or WebP file inside the site's folder, read by Pillow for its size, so
pages give its width and height (no layout shift). SVG is refused: it can carry a script.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

#: the formats a page may show, as Pillow names them -> the file's suffix when published
FORMATS = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}


#: what a page needs of a picture: (width, height, suffix to publish it with)
Picture = tuple[int, int, str]


class PictureError(ValueError):
    """Why a file cannot be shown as a picture."""


def picture_size(srcdir: Path, relative: str, what: str) -> Picture:
    """(width, height, suffix to publish it with) of the picture at *relative*, from *srcdir*.

    *what* names it in the message of a :class:`PictureError` ("teaser", "portfolio_photo").
    """
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        raise PictureError(f"{what} '{relative}' must be a path inside the site's folder, such as _static/photo.jpg")
    found = srcdir / path
    if not found.is_file():
        raise PictureError(f"{what} '{relative}' does not exist (the path is from the folder conf.py is in)")
    if not found.resolve().is_relative_to(srcdir.resolve()):  # a link that leads out of the site
        raise PictureError(f"{what} '{relative}' leads outside the site's folder")
    try:
        with Image.open(found) as image:
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError) as exc:
        raise PictureError(
            f"{what} '{relative}' is not a PNG, JPEG or WebP picture ({exc.__class__.__name__})"
        ) from exc
    if kind not in FORMATS:
        raise PictureError(f"{what} '{relative}' is {kind}; a picture must be PNG, JPEG or WebP")
    return width, height, FORMATS[kind]
