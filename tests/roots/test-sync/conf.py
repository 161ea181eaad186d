# the portfolio extension is found on PYTHONPATH (_ext), as nox and the tests set it

project = "Test Portfolio"
author = "Ada Lovelace"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "portfolio"]
bibtex_bibfiles = ["refs.bib"]
portfolio_self_name = "Lovelace, Ada"
portfolio_arxiv_query = 'au:"Lovelace, Ada"'
html_baseurl = "https://example.org/"
smartquotes = False
