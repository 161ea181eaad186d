"""The site's own pictures on its pages: the researcher's photo on the home page, the papers' teasers.

The check read each file once before the build (core.check: a PNG, JPEG or WebP inside the site's
folder) and its size is on the environment; each is published beside the page that shows it, and
shown with its width and height.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from ..core.images import Picture
from ..core.output import beside_page, write_if_changed
from ..core.records import Paper
from . import render
from .state import state

#: the name of the published photo, beside the home page
PHOTO = "portfolio-photo"


def teaser_size(app: Sphinx, paper: Paper) -> Picture | None:
    """(width, height, suffix) of the paper's teaser figure, or None when it has none."""
    return state(app.env).teasers.get(paper.key)


def publish_teaser(app: Sphinx, docname: str, paper: Paper) -> None:
    """Copy the teaser figure beside the paper's page (*docname*)."""
    size = teaser_size(app, paper)
    if size is not None and paper.teaser:
        target = beside_page(app, docname, render.teaser_name(paper, size[2]))
        write_if_changed(target, Path(app.srcdir, paper.teaser).read_bytes())


def show_photo(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the photo (``portfolio_photo``) on the home page, under its heading.

    The file is published beside the page."""
    size = state(app.env).photo
    if docname != app.config.root_doc or size is None or app.builder.format != "html":
        return
    width, height, suffix = size
    write_if_changed(
        beside_page(app, docname, PHOTO + suffix), Path(app.srcdir, app.config.portfolio_photo).read_bytes()
    )
    photo = render.picture(
        uri=PHOTO + suffix, alt=app.config.author, width=width, height=height, classes=["portfolio-photo"]
    )
    heading = next(iter(doctree.findall(nodes.title)), None)
    if heading is None:
        doctree.insert(0, photo)
    else:
        heading.parent.insert(heading.parent.index(heading) + 1, photo)


def photo_dependency(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the home page is written again when the photo changes."""
    if app.env.docname == app.config.root_doc and app.config.portfolio_photo:
        app.env.note_dependency(str(Path(app.srcdir, app.config.portfolio_photo)))


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", photo_dependency)
    app.connect("doctree-resolved", show_photo)
