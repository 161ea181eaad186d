"""One paper, one page: how a paper page is read and what it shows."""

project = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_portfolio"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_self_name = "Lovelace, Ada"
html_baseurl = "https://example.org/"
smartquotes = False
