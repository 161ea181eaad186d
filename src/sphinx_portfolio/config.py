"""A site's ``portfolio_*`` settings, read from its conf.py by Sphinx's own config loading.

The command line (``portfolio check``, ``new-paper``, ``sync``, ...) and the tests read conf.py
exactly as ``sphinx-build`` does: in its folder, with ``tags`` defined, through
:meth:`sphinx.config.Config.read`; every setting is declared once, in
:class:`sphinx_portfolio.core.settings.Settings`, and registered here as the extension
registers it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags

from .core.settings import Settings, declared, from_config


def load_settings(srcdir: Path) -> Settings:
    """The settings of the site in *srcdir*, from the ``portfolio_*`` values of its conf.py."""
    # absolute: Sphinx reads conf.py from inside its folder, where a relative path means nothing
    config = Config.read(srcdir.expanduser().absolute(), overrides={}, tags=Tags())
    for name, default, rebuild, value_type in declared():
        config.add(name, default, rebuild, (value_type,))
    if "bibtex_bibfiles" not in config:  # sphinxcontrib-bibtex's, as it declares it
        config.add("bibtex_bibfiles", [], "env", (list,))
    return from_config(config)
