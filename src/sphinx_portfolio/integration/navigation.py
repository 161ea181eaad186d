"""The site navigation, rendered once per folder for the pages outside every toctree.

The theme asks Sphinx for the whole site's toctree on every page it writes (the sidebar),
and Sphinx resolves and renders it anew each time: a third of the time spent writing a
paper page. Paper and news pages are in no toctree, so nothing in that tree is marked as
theirs and it differs between them only by the folder its links are relative to. Such a
page gets the tree rendered for the first page of its folder.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.output import page_folder
from .state import state


def outside_every_toctree(app: Sphinx, docname: str) -> bool:
    env = app.env
    return (
        docname != app.config.root_doc
        and not env.files_to_rebuild.get(docname)  # no toctree lists it
        and docname not in env.toctree_includes  # it has no toctree of its own
    )


def share_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``, before the theme's: one rendering per folder and set of options."""
    if "toctree" not in context or pagename not in app.env.all_docs or not outside_every_toctree(app, pagename):
        return
    render = context["toctree"]
    folder = page_folder(app.builder, pagename)
    rendered = state(app.env).navigation

    def toctree(**options: Any) -> str:
        key = (folder, tuple(sorted(options.items())))
        if key not in rendered:
            rendered[key] = render(**options)
        return rendered[key]

    context["toctree"] = toctree


def forget_navigation(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the toctrees may have changed since the last build in this process."""
    state(env).navigation.clear()
