"""Read ``refs.bib``: pybtex decides what is BibTeX; a scanner says where a problem is.

pybtex (the parser sphinxcontrib-bibtex uses) reads the file, strictly: any problem raises.
Its entries become :class:`RawEntry` records that know the line of each entry and field
(:func:`entries_of`). Only when pybtex refuses the file does the scanner below read it, to
name the problem with its line, since pybtex stops at the first problem and its messages
name no field.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser, month_names
from pybtex.exceptions import PybtexError
from pybtex.utils import CaseInsensitiveDict

NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_:.+/-]*")
#: a citation key, as BibTeX and pybtex read one: anything up to a space, a comma or the closing
#: delimiter (ACM's DOI keys "10.1145/3442188.3445922", IEEE's "9157212", DBLP's "DBLP:conf/x/Y24")
KEY_BRACE, KEY_PAREN = re.compile(r"[^\s,}]+"), re.compile(r"[^\s,]+")
#: the longest value an @string macro may expand to: refs.bib's largest field is an abstract,
#: a few thousand characters; macros that grow past this (a # b # b ...) would exhaust memory
MAX_MACRO_LENGTH = 100_000
#: a 'name = {' line, or an '@' opening a line, inside a value: when the entry then fails
#: to close, the sign of a brace that was never closed
FIELD_INSIDE_VALUE = re.compile(r"\n\s*(?:[A-Za-z][A-Za-z0-9_]*\s*=\s*[{\"0-9]|@)")
DIGITS = re.compile(r"\d+")
#: BibTeX's predefined macros, expanded as pybtex expands them
MONTHS = {
    name[:3].lower(): name
    for name in "January February March April May June July August September October November December".split()
}


class BibSyntaxError(ValueError):
    """A problem that stops the file from being read at all."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class RawField:
    name: str  # lower-cased
    value: str  # the LaTeX source between the delimiters, whitespace folded
    line: int


@dataclass(frozen=True)
class RawEntry:
    entry_type: str  # lower-cased, e.g. "inproceedings"
    key: str
    line: int
    fields: dict[str, RawField] = field(default_factory=dict)
    duplicate_fields: tuple[RawField, ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        found = self.fields.get(name)
        return found.value if found else default

    def line_of(self, name: str) -> int:
        found = self.fields.get(name)
        return found.line if found else self.line


@dataclass
class BibFile:
    path: str
    entries: list[RawEntry]
    text: str = ""  # the file as read (without a byte-order mark), for checks of the text itself
    #: (line, message) of pybtex's refusal, when pybtex refused what the scanner could read
    #: (the checks of the entries then name the place; this is said when they find nothing)
    refused: tuple[int, str] | None = None

    def by_key(self) -> dict[str, RawEntry]:
        """First entry for each key (duplicates are reported by the check)."""
        result: dict[str, RawEntry] = {}
        for entry in self.entries:
            result.setdefault(entry.key, entry)
        return result


def read_bibfile(path: Path, display_path: str | None = None, parsed: BibliographyData | None = None) -> BibFile:
    """Read a .bib file as pybtex does, or take pybtex's *parsed* reading of it.

    Raises BibSyntaxError, with the file and line, for a file that is no BibTeX.
    """
    shown = display_path or str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BibSyntaxError(shown, line, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None
    if parsed is None:
        try:
            parsed = parse_bibtex(text)
        except (PybtexError, MacroTooLong) as refusal:
            # pybtex stops at the first problem and names no field: the scanner says where it is
            entries = _Scanner(text, shown).entries()
            return BibFile(shown, entries, text, (getattr(refusal, "lineno", None) or 1, str(refusal)))
    return BibFile(shown, entries_of(parsed, text), text)


class _Scanner:
    def __init__(self, text: str, path: str) -> None:
        self.text, self.path, self.pos = text, path, 0
        self.macros = dict(MONTHS)  # @string definitions add to these
        self._counted_to, self._lines = 0, 1  # line numbers are counted on, not from the top

    def line(self, pos: int | None = None) -> int:
        pos = self.pos if pos is None else pos
        if pos < self._counted_to:
            return self.text.count("\n", 0, pos) + 1
        self._lines += self.text.count("\n", self._counted_to, pos)
        self._counted_to = pos
        return self._lines

    def fail(self, message: str, pos: int | None = None) -> BibSyntaxError:
        return BibSyntaxError(self.path, self.line(pos), message)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def name(self, what: str) -> str:
        self.skip_space()
        match = NAME_RE.match(self.text, self.pos)
        if not match:
            found = self.text[self.pos : self.pos + 1] or "end of file"
            raise self.fail(f"expected {what}, found {found!r}")
        self.pos = match.end()
        return match.group()

    def expect(self, char: str, context: str) -> None:
        self.skip_space()
        if not self.text.startswith(char, self.pos):
            found = self.text[self.pos : self.pos + 1] or "end of file"
            raise self.fail(f"expected {char!r} {context}, found {found!r}")
        self.pos += 1

    def entries(self) -> list[RawEntry]:
        found: list[RawEntry] = []
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                return found
            self.pos = at + 1
            start_line = self.line(at)
            entry_type = self.name("an entry type after '@'").lower()
            self.skip_space()
            if self.text.startswith("{", self.pos):
                close = "}"
            elif self.text.startswith("(", self.pos):
                close = ")"
            else:
                raise self.fail(f"expected '{{' after @{entry_type}")
            self.pos += 1
            if entry_type == "comment":
                continue  # as BibTeX and pybtex do: whatever follows is skipped up to the next '@'
            if entry_type in ("preamble", "string"):
                self.command(entry_type, at, close)
                continue
            self.entry_start = at
            found.append(self.entry(entry_type, start_line, close))

    def command(self, kind: str, start: int, close: str) -> None:
        """``@string{name = value}`` defines a macro; ``@preamble{value}`` is read and left out."""
        if kind == "string":
            name = self.name("a macro name after @string").lower()
            self.expect("=", f"after @string name '{name}'")
            value = self.value("@string", name)
            if len(value) > MAX_MACRO_LENGTH:
                raise self.fail(
                    f"@string '{name}' expands to {len(value):,} characters, more than the "
                    f"{MAX_MACRO_LENGTH:,} a macro may hold",
                    start,
                )
            self.macros[name] = value
        else:
            self.value("@preamble", "preamble")
        self.skip_space()
        if not self.text.startswith(close, self.pos):
            raise self.fail(f"@{kind} is not closed with '{close}'", start)
        self.pos += 1

    def key(self, close: str) -> str:
        self.skip_space()
        match = (KEY_BRACE if close == "}" else KEY_PAREN).match(self.text, self.pos)
        if not match or match.group().endswith(close):
            found = self.text[self.pos : self.pos + 1] or "end of file"
            raise self.fail(f"expected a citation key, found {found!r}")
        self.pos = match.end()
        return match.group()

    def entry(self, entry_type: str, line: int, close: str) -> RawEntry:
        key = self.key(close)
        fields: dict[str, RawField] = {}
        duplicates: list[RawField] = []
        starts: list[tuple[str, int, int]] = []  # (field, where its value starts, where it ends)
        try:
            self.fields_of(key, close, fields, duplicates, starts)
        except BibSyntaxError:
            # a value that holds what looks like the next field, or the next entry, most
            # likely lacks its closing brace: that is the place to report
            for name, start, end in starts:
                if FIELD_INSIDE_VALUE.search(self.text, start, end):
                    raise self.fail(
                        f"unbalanced braces in field '{name}' of entry '{key}': a '{{' is never closed", start
                    ) from None
            raise
        return RawEntry(entry_type, key, line, fields, tuple(duplicates))

    def fields_of(
        self,
        key: str,
        close: str,
        fields: dict[str, RawField],
        duplicates: list[RawField],
        starts: list[tuple[str, int, int]],
    ) -> None:
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise self.fail(f"entry '{key}' is never closed: a '{close}' is missing", self.entry_start)
            if self.text.startswith(close, self.pos):
                self.pos += 1
                break
            self.expect(",", f"after the key or a field of entry '{key}'")
            self.skip_space()
            if self.text.startswith(close, self.pos):
                self.pos += 1
                break
            field_line = self.line()
            name = self.name(f"a field name in entry '{key}'").lower()
            self.expect("=", f"after field '{name}' in entry '{key}'")
            self.skip_space()
            start = self.pos
            value = self.value(key, name)
            starts.append((name, start, self.pos))
            raw = RawField(name, value, field_line)
            if name in fields:
                duplicates.append(raw)
            else:
                fields[name] = raw

    def value(self, key: str, name: str) -> str:
        parts = []
        while True:
            self.skip_space()
            start = self.pos
            char = self.text[self.pos : self.pos + 1]
            if char == "{":
                parts.append(self.braced(start, key, name))
            elif char == '"':
                parts.append(self.quoted(start, key, name))
            elif char.isdigit():
                match = DIGITS.match(self.text, self.pos)
                assert match
                self.pos = match.end()
                parts.append(match.group())
            elif char and NAME_RE.match(char):
                macro = self.name("a macro name")
                if macro.lower() not in self.macros:
                    raise self.fail(
                        f"field '{name}' of entry '{key}' uses '{macro}', which no @string defines; "
                        "write the value in braces instead",
                        start,
                    )
                parts.append(self.macros[macro.lower()])
                if sum(map(len, parts)) > MAX_MACRO_LENGTH:
                    raise self.fail(
                        f"field '{name}' of entry '{key}' expands to more than the "
                        f"{MAX_MACRO_LENGTH:,} characters a value may hold",
                        start,
                    )
            else:
                raise self.fail(f"field '{name}' of entry '{key}' has no value")
            self.skip_space()
            if not self.text.startswith("#", self.pos):
                return " ".join("".join(parts).split())
            self.pos += 1

    def braced(self, start: int, key: str, name: str) -> str:
        depth = 0
        for index in range(start, len(self.text)):
            char = self.text[index]
            # BibTeX counts every brace, escaped or not, as pybtex does
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    self.pos = index + 1
                    return self.text[start + 1 : index]
        raise self.fail(
            f"unbalanced braces in field '{name}' of entry '{key}': a '{{' is never closed",
            start,
        )

    def quoted(self, start: int, key: str, name: str) -> str:
        depth = 0
        for index in range(start + 1, len(self.text)):
            char = self.text[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                self.pos = index + 1
                return self.text[start + 1 : index]
        raise self.fail(f"field '{name}' of entry '{key}' has an unclosed '\"'", start)


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """Write one entry in the house style of refs.bib."""
    width = max((len(name) for name, _ in fields), default=0)
    body = "".join(f"  {name:<{width}} = {{{value}}},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


class MacroTooLong(ValueError):
    """An @string macro, or a value made of macros, longer than MAX_MACRO_LENGTH."""


class _LimitedMacros(CaseInsensitiveDict):  # type: ignore[misc]  # pybtex ships no types
    """pybtex's macro table, refusing a macro that grows past MAX_MACRO_LENGTH (a # a # a ...)."""

    def __setitem__(self, name: str, value: str) -> None:
        if len(value) > MAX_MACRO_LENGTH:
            raise MacroTooLong(name)
        super().__setitem__(name, value)


class BibtexParser(Parser):  # type: ignore[misc]  # pybtex ships no types
    """pybtex's BibTeX parser, strict, with the size limit of MAX_MACRO_LENGTH on macros and values."""

    def __init__(self) -> None:
        super().__init__("utf-8-sig")
        self.macros: CaseInsensitiveDict = _LimitedMacros(month_names)

    def flatten_value_list(self, value_list: list[str]) -> str:
        # a value written out is already in memory (the file); only one made of parts can grow
        if len(value_list) > 1 and sum(map(len, value_list)) > MAX_MACRO_LENGTH:
            raise MacroTooLong("a value")
        return "".join(value_list)


def parse_bibtex(text: str) -> BibliographyData:
    """*text* as pybtex reads it; raises whatever pybtex raises on invalid BibTeX, or MacroTooLong."""
    previous = pybtex.errors.strict
    pybtex.errors.strict = True  # every problem raises, none is printed and passed over
    try:
        return BibtexParser().parse_string(text)
    finally:
        pybtex.errors.strict = previous


#: where a part of a BibTeX file starts: an '@' opening a line (an entry, @string, @preamble, ...)
PART_START = re.compile(r"^[ \t]*@", re.MULTILINE)
#: parts whose reading changes how the parts after them read (macros), or that hold no entry
DEFINES = re.compile(r"@[ \t]*(?:string|preamble)\b", re.IGNORECASE)
#: the entries each part of the file held when it was last read: digest of its text -> keys
PartKeys = dict[str, tuple[str, ...]]


def parts_of(text: str) -> list[str]:
    """*text* cut before every '@' that opens a line; the parts, joined, are *text*."""
    cuts = [0, *(match.start() for match in PART_START.finditer(text) if match.start()), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(cuts) if end > start]


def parse_bibtex_reusing(
    text: str, previous: BibliographyData | None, kept: PartKeys
) -> tuple[BibliographyData, PartKeys]:
    """*text* as pybtex reads it, reading again only the parts that changed since *previous*.

    The file is read part by part, in order, by one parser (so macros defined in a part serve
    the parts after it); a part whose text is unchanged since the last reading reuses the
    entries pybtex made of it then, unless a macro definition changed. The whole file is read
    at once when any part fails: a brace left open across parts, or a real error, which
    :func:`parse_bibtex` then raises. Duplicate keys raise as they do in one reading.
    """
    parts = parts_of(text)
    digests = [hashlib.sha1(part.encode()).hexdigest() for part in parts]
    defines = [bool(DEFINES.search(part)) for part in parts]
    if previous is None or any(d not in kept for d, defining in zip(digests, defines, strict=True) if defining):
        kept = {}  # a macro changed: every entry may read differently
    strict = pybtex.errors.strict
    pybtex.errors.strict = True
    try:
        data, parser, made = BibliographyData(), BibtexParser(), {}
        for part, digest, defining in zip(parts, digests, defines, strict=True):
            keys = None if defining else kept.get(digest)  # a definition is always read
            if keys is not None and previous is not None and all(key in previous.entries for key in keys):
                entries = [(key, previous.entries[key]) for key in keys]
            else:
                parser.data = BibliographyData()
                parser.parse_string(part)
                entries = list(parser.data.entries.items())
                data.add_to_preamble(*parser.data.preamble_list)
            data.add_entries(entries)
            made[digest] = tuple(key for key, _entry in entries)
        return data, made
    except (PybtexError, MacroTooLong):
        return parse_bibtex(text), {}  # raises what a reading of the whole file raises, or reads it whole
    finally:
        pybtex.errors.strict = strict


#: where an entry starts: its type and key (a line index, read after pybtex has accepted the file)
ENTRY_START = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*[{(][ \t\r\n]*([^\s,]+?)[ \t\r\n]*,", re.MULTILINE)
NEWLINE = re.compile("\n")
FIELD_START = re.compile(r"(?:^|[,{])[ \t]*([A-Za-z][A-Za-z0-9_:.+/-]*)[ \t]*=", re.MULTILINE)


def entries_of(data: BibliographyData, text: str) -> list[RawEntry]:
    """The entries pybtex parsed, as :class:`RawEntry` with the line of each entry and field.

    The values are pybtex's (macros expanded, whitespace folded); names are written back as
    pybtex reads them ("von Last, Jr, First"). Lines come from an index of the text: where each
    key's entry starts, and where each of its fields starts.
    """
    starts = {match.group(2).lower(): match for match in ENTRY_START.finditer(text)}
    newlines = [match.start() for match in NEWLINE.finditer(text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    found = []
    for key, entry in data.entries.items():
        start = starts.get(key.lower())
        offset = start.start() if start else 0
        line = line_at(offset)
        end = text.find("\n@", offset + 1)
        field_lines: dict[str, int] = {}
        for match in FIELD_START.finditer(text, offset, end if end >= 0 else len(text)):
            field_lines.setdefault(match.group(1).lower(), line_at(match.start(1)))
        values = {name.lower(): value for name, value in entry.fields.items()}
        for role, persons in entry.persons.items():
            values[role.lower()] = " and ".join(str(person) for person in persons)
        ordered = sorted(values, key=lambda name: field_lines.get(name, line))
        fields = {name: RawField(name, values[name], field_lines.get(name, line)) for name in ordered}
        found.append(RawEntry(entry.type.lower(), key, line, fields))
    return found
