"""Paper pages built again and again: the citation each one formats, and its Cite section's highlighted blocks, kept between builds."""

project = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_portfolio"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_self_name = "Lovelace, Ada"
html_baseurl = "https://example.org/"
smartquotes = False
