"""Render the LaTeX of BibTeX fields faithfully, or say why it cannot be.

pybtex decodes accents and symbols (through latexcodec) but prints markup commands
such as ``\\emph{X}`` literally. :func:`to_rich` adds the common markup commands, and
:func:`problems` names whatever would still reach a page as raw LaTeX.
"""

from __future__ import annotations

import functools
import re

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import BaseMultipartText, BaseText, Protected, String, Tag, Text

from . import math

#: markup commands and the pybtex tag each becomes (None: the text stays plain)
MARKUP_COMMANDS = {
    "emph": "em",
    "textit": "em",
    "textbf": "strong",
    "texttt": "tt",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "textrm": None,
    "textsf": None,
    "textsc": None,
    "textnormal": None,
    "mbox": None,
    "text": None,
}
_COMMAND_BEFORE_GROUP = re.compile(r"\\(" + "|".join(MARKUP_COMMANDS) + r")\s*$")
_BARE_PERCENT = re.compile(r"(?<!\\)%")
#: what the LaTeX decoder would change: commands, groups, math, ties, dashes, quotes
_LATEX_SYNTAX = re.compile(r"[\\{}$~%&#^_]|--|''|``")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
_LEFTOVER_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")
#: inline math, $...$ (an escaped \$ is a dollar sign)
_MATH = re.compile(r"(?<!\\)\$(.*?)(?<!\\)\$")


@functools.lru_cache(maxsize=65536)
def to_rich(latex: str) -> Text:
    """The field as pybtex rich text, with markup commands turned into tags and math rendered.

    Memoised: decoding LaTeX is the costliest step of a build, and every title is
    shown on several pages. Callers only render the result, never change it.
    Text with nothing for LaTeX to interpret is taken as it is, without the decoder.
    """
    if not _LATEX_SYNTAX.search(latex):
        return Text(latex)
    parts: list[BaseText] = []
    for index, piece in enumerate(_MATH.split(latex)):
        if index % 2:
            parts.append(math.to_rich(piece))
            continue
        core = piece.strip()  # the decoder drops the spaces around a piece; keep them
        if not core:
            parts.append(String(piece))
            continue
        decoded = _apply_markup(Text.from_latex(core)) if _LATEX_SYNTAX.search(core) else Text(core)
        parts += [String(piece[: len(piece) - len(piece.lstrip())]), decoded, String(piece[len(piece.rstrip()) :])]
    return Text(*parts)


@functools.cache
def _bare(specials: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\\)([{re.escape(specials)}])")


def escape_bare(text: str, specials: str) -> str:
    """*text* with each of *specials* that is not escaped already escaped with a backslash."""
    return _bare(specials).sub(r"\\\1", text)


def escape_specials(latex: str) -> str:
    """*latex* with bare ``&``, ``_`` and ``#`` outside math escaped, so LaTeX can typeset it."""
    pieces = _MATH.split(latex)
    for index in range(0, len(pieces), 2):
        pieces[index] = escape_bare(pieces[index], "&_#")
    return "".join(piece if index % 2 == 0 else f"${piece}$" for index, piece in enumerate(pieces))


#: rendering through an instance, not ``render_as("text")``, which looks the backend up
#: in the package metadata on every call (most of the build time before this)
_PLAIN_TEXT = PlainTextBackend()


@functools.lru_cache(maxsize=65536)
def to_plain(latex: str) -> str:
    """The field as plain text, as a reader sees it (memoised: names recur across entries)."""
    pieces = _MATH.split(latex) if "$" in latex else [latex]
    if len(pieces) == 1:
        return str(to_rich(latex).render(_PLAIN_TEXT))
    return "".join(math.to_plain(piece) if index % 2 else to_plain(piece) for index, piece in enumerate(pieces))


@functools.lru_cache(maxsize=65536)
def math_as_text(latex: str) -> str:
    """*latex* with each inline formula replaced by the text :func:`to_plain` shows for it, braced.

    For LaTeX that another decoder reads (pybtex's, in formatted citations): the formula then
    reads there exactly as on the page and in the meta tags ("$\\sqrt{n}$" is "√n" everywhere).
    """
    if "$" not in latex:
        return latex
    return _MATH.sub(lambda found: "{" + escape_specials(math.to_plain(found.group(1))) + "}", latex)


def problems(latex: str) -> list[str]:
    """What in this LaTeX the site cannot show faithfully (empty when all is well)."""
    found = []
    if _BARE_PERCENT.search(latex):
        found.append("has a bare '%' (it starts a comment in LaTeX); write '\\%'")
    if len(_UNESCAPED_DOLLAR.findall(latex)) % 2:
        found.append("has an unbalanced '$' (math must open and close)")
        return found
    for formula in _MATH.findall(latex):
        found += math.problems(formula)
    latex = _MATH.sub("x", latex)  # the math is checked above
    try:
        plain = to_plain(latex)
    except Exception as exc:  # pybtex and latexcodec raise several kinds
        return [*found, f"cannot be read as LaTeX ({exc})"]
    leftover = sorted(set(_LEFTOVER_COMMAND.findall(plain)))
    if leftover:
        found.append(
            "uses LaTeX the site cannot render: "
            + ", ".join(leftover)
            + " (supported: accents, symbols, math symbols, \\"
            + ", \\".join(sorted(MARKUP_COMMANDS))
            + ")"
        )
    return found


def _apply_markup(text: BaseMultipartText) -> BaseMultipartText:
    parts = list(text.parts)
    result: list[BaseText] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(part, String):
            match = _COMMAND_BEFORE_GROUP.search(part.value)
            if match and isinstance(following, Protected):
                before = part.value[: match.start()]
                if before:
                    result.append(String(before))
                inner = _apply_markup(following)
                tag = MARKUP_COMMANDS[match.group(1)]
                result.append(Tag(tag, *inner.parts) if tag else Text(*inner.parts))
                index += 2
                continue
            result.append(part)
        elif isinstance(part, BaseMultipartText):
            result.append(_apply_markup(part))
        else:
            result.append(part)
        index += 1
    return _rebuild(text, result)


def _rebuild(original: BaseMultipartText, parts: list[BaseText]) -> BaseMultipartText:
    if isinstance(original, Tag):
        return Tag(original.name, *parts)
    if isinstance(original, Protected):
        return Protected(*parts)
    return type(original)(*parts) if type(original) is Text else Text(*parts)
