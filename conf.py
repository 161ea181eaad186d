"""Sphinx configuration of the research portfolio of Ekdeep Singh Lubana."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Ekdeep Singh Lubana"
author = "Ekdeep Singh Lubana"
copyright = "Ekdeep Singh Lubana"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "portfolio",
]

# The repository root is the source directory: keep everything that is not a page out.
exclude_patterns = [
    "_build",
    "_ext",
    "tests",
    ".nox",
    ".venv",
    ".ci",
    ".github",
    "node_modules",
    "README.md",
    "BENCHMARKS.md",
    "DESIGN.md",
]
nitpicky = True
# Titles, summaries and news are shown verbatim, so quotes are not made typographic.
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2

# refs.bib is the single source of bibliographic facts (see README.md).
bibtex_bibfiles = ["refs.bib"]
portfolio_bibfile = "refs.bib"
portfolio_self_name = "Lubana, Ekdeep Singh"

# Read the Docs sets the canonical URL; local builds use the researcher's homepage.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://ekdeepslubana.github.io/")
html_title = "Ekdeep Singh Lubana"
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["portfolio.css"]
html_js_files = [("portfolio.js", {"defer": "defer"})]
html_copy_source = False
html_show_sourcelink = False
html_permalinks_icon = "#"

copybutton_selector = "div.highlight pre"
