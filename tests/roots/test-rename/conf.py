# The pages that name a paper by its key: its own page (front matter, a footnote citation), a news item ({paper}), a topic page ({doc} and {paper}); moved by portfolio rename

project = "Test Portfolio"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_portfolio"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
portfolio_self_name = "Lovelace, Ada"
html_baseurl = "https://example.org/"
smartquotes = False
# the style of every citation, as new sites set it
bibtex_default_style = "portfolio"
