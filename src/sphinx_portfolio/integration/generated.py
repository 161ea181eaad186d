"""Content made from the whole portfolio: lists, topics, co-authors, statistics.

A page asks for it with a directive (``{publications}``, ``{coauthors}``, ...), which
leaves a placeholder; the placeholder is filled when the page is written, from the
records on the environment. Each page remembers a digest of what it was written from,
so an incremental build rewrites exactly the pages whose generated content changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..core.records import Paper
from .state import depend, state


class generated_content(nodes.General, nodes.Element):
    """Placeholder for generated content; always replaced before writing."""


def skip_node(self: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


def generated(kind: str, argument: str, env: BuildEnvironment) -> generated_content:
    depend(env, kind, argument)
    return generated_content(kind=kind, argument=argument)


#: (environment, argument) -> what the content is made from
Inputs = Callable[[BuildEnvironment, str], object]
#: (application, page it is shown on, argument) -> its nodes
Render = Callable[[Sphinx, str, str], list[nodes.Node]]


@dataclass(frozen=True)
class Generator:
    #: what the content is made from; its repr is digested
    inputs: Inputs
    #: the nodes that replace the placeholder: (app, fromdocname, argument) -> nodes
    render: Render


GENERATORS: dict[str, Generator] = {}


def generator(kind: str, inputs: Inputs) -> Callable[[Render], Render]:
    def register(render: Render) -> Render:
        GENERATORS[kind] = Generator(inputs, render)
        return render

    return register


def make_directive(kind: str) -> type[SphinxDirective]:
    class GeneratedDirective(SphinxDirective):
        optional_arguments = 1
        has_content = False

        def run(self) -> list[nodes.Node]:
            argument = self.arguments[0] if self.arguments else self.env.docname.rpartition("/")[2]
            node = generated(kind, argument, self.env)
            self.set_source_info(node)
            return [node]

    GeneratedDirective.__name__ = f"{kind.title().replace('-', '')}Directive"
    return GeneratedDirective


def digest(env: BuildEnvironment, docname: str) -> str:
    current = state(env)
    wanted = sorted(current.depends.get(docname, ()))
    parts = [
        (kind, argument, _with_paper_digests(GENERATORS[kind].inputs(env, argument), current.paper_digests))
        for kind, argument in wanted
        if kind in GENERATORS
    ]
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def _with_paper_digests(inputs: object, paper_digests: dict[str, str]) -> object:
    """*inputs* with each paper record replaced by the digest already taken of it."""
    if isinstance(inputs, Paper):
        return paper_digests[inputs.key]
    if isinstance(inputs, tuple | list):  # most often a list of papers: those without a call each
        return tuple(
            paper_digests[item.key] if type(item) is Paper else _with_paper_digests(item, paper_digests)
            for item in inputs
        )
    return inputs


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose generated content is no longer current."""
    current = state(env)
    changed = []
    for docname in current.depends:
        new = digest(env, docname)
        if current.digests.get(docname) != new:
            current.digests[docname] = new
            changed.append(docname)
    for docname in set(current.digests) - set(current.depends):
        del current.digests[docname]
    return changed


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace each placeholder with its content."""
    for node in list(doctree.findall(generated_content)):
        kind, argument = node["kind"], node["argument"]
        node.replace_self(GENERATORS[kind].render(app, docname, argument))
