"""Extract the engine's reader-facing messages, update every catalog, compile them.

``nox -s translations``: writes ``src/sphinx_portfolio/locale/sphinx_portfolio.pot`` from
every ``_("...")`` and ``plural(n, "...", "...")`` in the package, merges it into each
``<language>/LC_MESSAGES/sphinx_portfolio.po`` (new messages arrive untranslated, for a
translator to fill in), and compiles each ``.po`` to the ``.mo`` that Sphinx reads.
``--check`` changes nothing and fails when a catalog lacks a translation or is out of date.
"""

from __future__ import annotations

import ast
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sphinx_portfolio"
LOCALE = PACKAGE / "locale"
DOMAIN = "sphinx_portfolio"


def messages() -> dict[str, list[tuple[str, int]]]:
    """Every message of the package, with where it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = {"_": node.args[:1], "plural": node.args[1:3]}.get(node.func.id, [])
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, []).append((str(path.relative_to(ROOT)), node.lineno))
        # messages named in comments for the catalogs: # ... _("arXiv"), _("PDF")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.lstrip().startswith("#"):
                for piece in line.split('_("')[1:]:
                    found.setdefault(piece.split('")')[0], []).append((str(path.relative_to(ROOT)), number))
    return found


def template() -> Catalog:
    catalog = Catalog(project="sphinx-portfolio", domain=DOMAIN, copyright_holder="the sphinx-portfolio authors")
    for message, places in sorted(messages().items()):
        catalog.add(message, locations=places)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # no source locations: a catalog changes only when its messages do, not when code moves
    write_po(out, catalog, width=100, no_location=True, sort_output=True, include_previous=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    pot = template()
    problems: list[str] = []
    for po_path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3], domain=DOMAIN)
        created = catalog.creation_date
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.creation_date = created  # the catalog's own date, not the template's
        catalog.obsolete.clear()
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        problems += [f"{po_path.relative_to(ROOT)}: no translation of {message!r}" for message in missing]
        targets = {po_path: po_bytes(catalog), po_path.with_suffix(".mo"): mo_bytes(catalog)}
        for target, data in targets.items():
            if check:
                if not target.exists() or target.read_bytes() != data:
                    problems.append(f"{target.relative_to(ROOT)} is out of date: run nox -s translations")
            else:
                target.write_bytes(data)
    if not check:
        (LOCALE / f"{DOMAIN}.pot").write_bytes(po_bytes(pot))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
