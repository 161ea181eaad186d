"""Every list of papers, built twice: what a list shows when its entries' HTML is kept between builds."""

project = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_portfolio"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_self_name = "Lovelace, Ada"
html_baseurl = "https://example.org/"
smartquotes = False
