"""A site with the researcher's photo and a paper's teaser figure."""

project = "Ada Lovelace"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_design", "sphinxext.opengraph", "sphinx_portfolio"]
exclude_patterns = ["_build"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "portfolio"
portfolio_self_name = "Lovelace, Ada"
portfolio_photo = "_static/ada.jpg"
html_baseurl = "https://example.org/"
html_theme = "furo"
smartquotes = False
portfolio_valid_tab_labels = True  # as the site: labels the HTML standard allows (sphinx-design#283)
