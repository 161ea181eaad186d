"""Sphinx configuration of the research portfolio of Ekdeep Singh Lubana."""

import os
from urllib.parse import urlsplit

project = "Ekdeep Singh Lubana"
author = "Ekdeep Singh Lubana"
copyright = "Ekdeep Singh Lubana"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinx_portfolio",
]

# The repository root is the source directory. What is a page is the portfolio's rule
# (README.md, "What is a page"): top-level lower-case .md files and those directly in
# papers/, news/ and topics/; so conf.py lists no exclusions.
nitpicky = True
# Titles, summaries and news are shown verbatim, so quotes are not made typographic.
smartquotes = False
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2

# refs.bib is the single source of bibliographic facts (see README.md).
bibtex_bibfiles = ["refs.bib"]
# the style of {bibliography} lists and citation tooltips: the one paper pages use
bibtex_default_style = "portfolio"
portfolio_self_name = "Lubana, Ekdeep Singh"
# his arXiv listing, which nox -s sync compares refs.bib with
portfolio_arxiv_query = 'au:"Ekdeep Singh Lubana"'
# valid HTML in the Cite tabs: sphinx-design 0.8 writes aria-controls on tab labels
# (executablebooks/sphinx-design#283), which the HTML standard does not allow there
portfolio_valid_tab_labels = True
# the other workarounds of upstream behaviour (README.md, "Workarounds"): all pages in
# sitemap.xml after an incremental build; pybtex styles found without a scan per citation;
# faster builds with -j
portfolio_complete_sitemap = True
portfolio_quick_pybtex_lookup = True
portfolio_parallel_writers = True
portfolio_lean_parallel_reads = True
# the home page's schema.org Person (profile facts; no email address is known)
portfolio_person = {
    "jobTitle": "Postdoc",
    "affiliation": {"@type": "Organization", "name": "Harvard University"},
    "alumniOf": [
        {"@type": "CollegeOrUniversity", "name": "University of Michigan"},
        {"@type": "CollegeOrUniversity", "name": "Indian Institute of Technology (IIT), Roorkee"},
    ],
    "sameAs": [
        "https://scholar.google.com/citations?user=OP7S3vsAAAAJ&hl=en",
        "https://github.com/EkdeepSLubana",
    ],
}

# Read the Docs sets the canonical URL; local builds use the researcher's homepage.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://ekdeepslubana.github.io/")
html_title = "Ekdeep Singh Lubana"
html_theme = "furo"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_use_index = False  # the site has no index entries; no empty genindex page
html_show_sourcelink = False
html_permalinks_icon = "#"

copybutton_selector = "div.highlight pre"

# Found by search engines: sitemap.xml (robots.txt names it), OpenGraph and a 404 page
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "404.html"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # the portfolio draws its own cards; these need matplotlib
# every page has a 1200x630 card (README.md, "Link previews")
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image">']
notfound_urls_prefix = urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1><p>There is no page at this address. Try the "
        f'<a href="{urlsplit(html_baseurl).path}index.html">home page</a>, the '
        f'<a href="{urlsplit(html_baseurl).path}papers/index.html">publications</a> or the '
        f'<a href="{urlsplit(html_baseurl).path}search.html">search</a>.</p>'
    ),
}

# External links: `nox -s linkcheck`, weekly in CI. Every exception carries its reason.
linkcheck_timeout = 30
linkcheck_retries = 3
linkcheck_workers = 5
linkcheck_rate_limit_timeout = 300  # wait out a 429 (Retry-After) up to five minutes
linkcheck_report_timeouts_as_broken = True
linkcheck_anchors = True
linkcheck_allowed_redirects = {
    # a DOI resolves to its publisher's page
    r"https://doi\.org/.+": r"https://.+",
    # arXiv sends an unversioned link on to its latest version (…v2)
    r"https://arxiv\.org/(abs|pdf)/[^/]+": r"https://arxiv\.org/(abs|pdf)/[^/]+",
    # renamed GitHub repositories and owners redirect to the new name
    r"https://github\.com/.+": r"https://github\.com/.+",
}
linkcheck_anchors_ignore_for_url = [
    r"https://github\.com/.+",  # GitHub renders its anchors with JavaScript
]
linkcheck_ignore = [
    r"https://scholar\.google\.com/.+",  # answers automated requests with a CAPTCHA (403/429)
]
