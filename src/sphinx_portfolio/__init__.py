"""sphinx-portfolio: a researcher's portfolio (papers, news, topics, co-authors) built by Sphinx from one BibTeX file.

Add ``"sphinx_portfolio"`` to ``extensions`` in conf.py. The package is layered:

- :mod:`sphinx_portfolio.core`: BibTeX scanning, paper records, LaTeX, checks; imports no Sphinx
- :mod:`sphinx_portfolio.integration`: the Sphinx extension (state on the environment, roles,
  directives, transforms)
- :mod:`sphinx_portfolio.writers`: what a build writes beside the pages (downloads, cards)
- :mod:`sphinx_portfolio.cli`: the ``portfolio`` command
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    # imported here, so that importing the core (``sphinx_portfolio.core``) never loads Sphinx
    from .integration import setup as setup_extension

    return setup_extension(app)
