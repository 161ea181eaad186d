import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

project = "Test Portfolio"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
portfolio_self_name = "Lovelace, Ada"
html_baseurl = "https://example.org/"
smartquotes = False
