# the sphinx-portfolio package, installed in the environment the tests run in

project = "Test Portfolio"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_portfolio"]
bibtex_bibfiles = ["refs.bib"]
portfolio_self_name = "Lovelace, Ada"
portfolio_arxiv_query = 'au:"Lovelace, Ada"'
html_baseurl = "https://example.org/"
smartquotes = False
# the style of every citation, as new sites set it
bibtex_default_style = "portfolio"
