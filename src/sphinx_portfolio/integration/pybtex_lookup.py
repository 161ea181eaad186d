"""Opt-in (``portfolio_quick_pybtex_lookup``): pybtex's plugin lookups answered without a metadata scan.

Every paper page cites its own entry with ``{footcite}``, and sphinxcontrib-bibtex looks the
formatting style up by name for each one (``pybtex.plugin.find_plugin``); the style looks up
its name, label and sorting styles in turn. pybtex answers each lookup by scanning the entry
points of every installed package through ``importlib.metadata``, which keeps no cache
(python/importlib_metadata#274): about 11 ms per page here, 11 s for 1,000 papers.

So, when a build starts, each plugin the site's style needs is looked up once, the way pybtex
does it (from the entry points), and the class found is registered under the same name with
pybtex's public ``register_plugin``, which ``find_plugin`` consults before the entry points.
pybtex then answers with the very class it would have found. ``tests/engine/test_upstream.py``
fails when ``find_plugin`` stops consulting that registry first.
"""

from __future__ import annotations

from pybtex.plugin import find_plugin, register_plugin
from sphinx.application import Sphinx


def plugins_of_style(style_name: str) -> list[tuple[str, str]]:
    """(group, name) of the style and of every plugin it and sphinxcontrib-bibtex look up per citation."""
    style = find_plugin("pybtex.style.formatting", style_name)
    return [
        ("pybtex.style.formatting", style_name),
        ("pybtex.style.names", style.default_name_style or "plain"),
        ("pybtex.style.labels", style.default_label_style or "number"),
        ("pybtex.style.sorting", style.default_sorting_style or "none"),
        ("pybtex.backends", "plaintext"),
        ("pybtex.backends", "docutils"),
    ]


def remember_plugins(app: Sphinx) -> None:
    """``builder-inited``: each plugin the site's citations use, found once per process."""
    if not app.config.portfolio_quick_pybtex_lookup:
        return
    for group, name in plugins_of_style(app.config.bibtex_default_style):
        register_plugin(group, name, find_plugin(group, name), force=True)
