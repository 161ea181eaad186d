"""Inline math of titles and summaries (``$O(n^2)$``) as text a page and a meta tag can show.

Titles use a small part of TeX math: letters, digits, Greek letters, operators, sub- and
superscripts, a few alphabets (``\\mathcal{O}``, ``\\mathbb{R}``). Those become Unicode,
with ``<sup>``/``<sub>`` on pages and Unicode super- and subscripts in plain text (meta
tags, feeds). Anything else is named by :func:`problems`, so the check refuses it with
its place instead of publishing raw TeX.
"""

from __future__ import annotations

import functools
import re

from pybtex.richtext import String, Tag, Text

GREEK = {
    name: chr(code)
    for name, code in [
        ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3F5),
        ("varepsilon", 0x3B5), ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("vartheta", 0x3D1),
        ("iota", 0x3B9), ("kappa", 0x3BA), ("lambda", 0x3BB), ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE),
        ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4), ("upsilon", 0x3C5), ("phi", 0x3D5),
        ("varphi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8), ("omega", 0x3C9), ("Gamma", 0x393),
        ("Delta", 0x394), ("Theta", 0x398), ("Lambda", 0x39B), ("Xi", 0x39E), ("Pi", 0x3A0),
        ("Sigma", 0x3A3), ("Phi", 0x3A6), ("Psi", 0x3A8), ("Omega", 0x3A9),
    ]
}  # fmt: skip
SYMBOLS = {
    **GREEK,
    "times": "×", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…", "pm": "±", "mp": "∓",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "simeq": "≃", "propto": "∝", "equiv": "≡", "infty": "∞", "partial": "∂", "nabla": "∇",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "Rightarrow": "⇒", "mapsto": "↦",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "forall": "∀",
    "exists": "∃", "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√", "ell": "ℓ", "circ": "∘",
    "log": "log", "exp": "exp", "max": "max", "min": "min", "sin": "sin", "cos": "cos",
    "lim": "lim", "det": "det", "top": "⊤", "star": "⋆", "ast": "∗", "langle": "⟨", "rangle": "⟩",
    "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
    ",": "\u2009", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": "  ",
}  # fmt: skip
#: alphabets (\mathbb, \mathcal); letters without a Unicode form keep their plain form
ALPHABETS = {
    "mathbb": dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True)),
    "mathcal": dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "𝒜ℬ𝒞𝒟ℰℱ𝒢ℋℐ𝒥𝒦ℒℳ𝒩𝒪𝒫𝒬ℛ𝒮𝒯𝒰𝒱𝒲𝒳𝒴𝒵", strict=True)),
}
#: commands whose argument is shown as it is
TEXT_COMMANDS = {"mathrm", "mathit", "mathbf", "mathsf", "mathtt", "text", "textrm", "operatorname", "boldsymbol"}
SUPERSCRIPT = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
SUBSCRIPT = dict(zip("0123456789+-=()aeiklmnopstx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₖₗₘₙₒₚₛₜₓ", strict=True))

_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([{}^_])|(\s+)|([^\\{}^_\s]+)")


class MathError(ValueError):
    pass


def _tokens(formula: str) -> list[tuple[str, str]]:
    found = []
    for match in _TOKEN.finditer(formula):
        command, special, space, text = match.groups()
        if command is not None:
            found.append(("command", command))
        elif special is not None:
            found.append((special, special))
        elif space is None:
            found.append(("text", text))
    return found


#: a formula read: text, or ("sup"|"sub", the parts scripted)
Part = str | tuple[str, "list[Part]"]


class _Reader:
    """Reads a formula into a list of parts: str, or ("sup"|"sub", parts)."""

    def __init__(self, formula: str) -> None:
        self.tokens, self.at = _tokens(formula), 0

    def parse(self, until: str | None = None) -> list[Part]:
        parts: list[Part] = []
        while self.at < len(self.tokens):
            kind, value = self.tokens[self.at]
            self.at += 1
            if kind == until:
                return parts
            if kind == "{":
                parts += self.parse("}")
            elif kind == "}":
                raise MathError("has an unbalanced '}' in math")
            elif kind in "^_":
                parts.append(("sup" if kind == "^" else "sub", self.argument()))
            elif kind == "command":
                parts += self.command(value)
            else:
                parts.append(value)
        if until is not None:
            raise MathError("has an unbalanced '{' in math")
        return parts

    def argument(self) -> list[Part]:
        if self.at >= len(self.tokens):
            raise MathError("has '^' or '_' with nothing after it in math")
        kind, value = self.tokens[self.at]
        self.at += 1
        if kind == "{":
            return self.parse("}")
        if kind == "command":
            return self.command(value)
        if kind == "text":  # only the first character: x^2n is x² n
            if len(value) > 1:
                self.tokens.insert(self.at, ("text", value[1:]))
            return [value[0]]
        raise MathError(f"has '{value}' where a sub- or superscript should be in math")

    def command(self, name: str) -> list[Part]:
        if name in SYMBOLS:
            return [SYMBOLS[name]]
        if name in ALPHABETS:
            letters = "".join(_plain(self.argument()))
            return ["".join(ALPHABETS[name].get(letter, letter) for letter in letters)]
        if name in TEXT_COMMANDS:
            return self.argument()
        if name == "frac":
            top, bottom = "".join(_plain(self.argument())), "".join(_plain(self.argument()))
            return [f"{_grouped(top)}/{_grouped(bottom)}"]
        raise MathError(f"uses math the site cannot render: \\{name}")


def _grouped(text: str) -> str:
    return text if len(text) == 1 else f"({text})"


def _script(kind: str, inner: list[Part]) -> str | None:
    """A sub- or superscript in Unicode's own characters, when every character has one."""
    text = "".join(_plain(inner))
    table = SUPERSCRIPT if kind == "sup" else SUBSCRIPT
    return "".join(table[char] for char in text) if all(char in table for char in text) else None


def _plain(parts: list[Part]) -> list[str]:
    """Parts as plain text: Unicode super- and subscripts where they exist, else ^(...) and _(...)."""
    found = []
    for part in parts:
        if isinstance(part, str):
            found.append(part)
            continue
        kind, inner = part
        script = _script(kind, inner)
        found.append(
            script if script is not None else ("^" if kind == "sup" else "_") + _grouped("".join(_plain(inner)))
        )
    return found


def _rich(parts: list[Part]) -> list[String | Tag]:
    """Parts as rich text: Unicode super- and subscripts where they exist (so titles read the same
    in a page's <title> and in its heading), else <sup> and <sub>."""
    found: list[String | Tag] = []
    for part in parts:
        if isinstance(part, str):
            found.append(String(part))
            continue
        kind, inner = part
        script = _script(kind, inner)
        found.append(String(script) if script is not None else Tag(kind, *_rich(inner)))
    return found


@functools.lru_cache(maxsize=4096)
def _read(formula: str) -> list[Part]:
    return _Reader(formula).parse()


def to_rich(formula: str) -> Text:
    """The formula (without its ``$``) as rich text; call only when :func:`problems` found none."""
    return Text(*_rich(_read(formula)))


def to_plain(formula: str) -> str:
    return "".join(_plain(_read(formula)))


def problems(formula: str) -> list[str]:
    try:
        _read(formula)
    except MathError as exc:
        return [str(exc)]
    return []
