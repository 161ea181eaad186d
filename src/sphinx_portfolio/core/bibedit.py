"""One field of one entry of a .bib file set in place, the rest of the file kept byte for byte.

The researcher's refs.bib has its own layout (aligned '=', standard fields first, comments
between entries); a tool that fills one field writes that field in the same layout and
touches nothing else. :func:`set_field` works on the text; the caller checks the result.
"""

from __future__ import annotations

import re

from .fields import STANDARD_FIELDS

#: where an entry opens: '@type{key,' (or '(')
ENTRY_OPENING = r"@[ \t]*[A-Za-z]+[ \t\r\n]*([{(])[ \t\r\n]*"
FIELD_NAME = re.compile(r"([A-Za-z][A-Za-z0-9_:.+/-]*)[ \t\r\n]*=[ \t\r\n]*")
#: a field that opens its own line: its indent, and its name padded up to the '='
FIELD_LINE = re.compile(r"^([ \t]*)([A-Za-z][A-Za-z0-9_:.+/-]*[ \t]*)=[ \t]*", re.MULTILINE)


class EditError(ValueError):
    """The entry cannot be edited safely by a tool; the message says why, for the researcher."""


def _closing(text: str, start: int, opening: str) -> int:
    """Offset of the delimiter that closes the one at *start* (braces nest; a '(' entry ends at ')')."""
    depth, index = 0, start
    closer = "}" if opening == "{" else ")"
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if opening == "{" and depth == 0:
            return index
        if opening == "(" and depth == 0 and char == closer and index > start:
            return index
        index += 1
    raise EditError("the entry is not closed")


def _value_end(text: str, start: int) -> int:
    """Offset just after the value that starts at *start*: ``{...}``, ``"..."`` or a word."""
    if text[start] == "{":
        return _closing(text, start, "{") + 1
    if text[start] == '"':
        depth, index = 0, start + 1
        while index < len(text):
            char = text[index]
            depth += {"{": 1, "}": -1}.get(char, 0)
            if char == '"' and depth == 0:
                return index + 1
            index += 1
        raise EditError("a quoted value is not closed")
    found = re.compile(r"[^\s,})#]+").match(text, start)
    if not found:
        raise EditError("a field has no value")
    return found.end()


def _fields(text: str, body: int, close: int) -> list[tuple[str, int, int, int]]:
    """(name, start, value start, value end) of each field between *body* and *close*."""
    found: list[tuple[str, int, int, int]] = []
    index = body
    while True:
        while index < close and text[index] in " \t\r\n,":
            index += 1
        if index >= close:
            return found
        name = FIELD_NAME.match(text, index)
        if not name:
            raise EditError(f"cannot read the fields after offset {index}")
        value_start = name.end()
        value_end = _value_end(text, value_start)
        rest = re.compile(r"[ \t\r\n]*#").match(text, value_end)
        if rest:
            raise EditError(f"field '{name.group(1).lower()}' joins values with '#'; edit it by hand")
        found.append((name.group(1).lower(), index, value_start, value_end))
        index = value_end


def entry_opening(text: str, key: str) -> re.Match[str]:
    """Where entry *key* opens (``@type{key,``; group 1 is its delimiter); EditError unless it is there once."""
    openings = list(re.finditer(ENTRY_OPENING + "(" + re.escape(key) + r")[ \t\r\n]*,", text))
    if len(openings) != 1:
        raise EditError(f"entry '{key}' is {'not there' if not openings else 'there more than once'}")
    return openings[0]


def set_key(text: str, key: str, new: str) -> str:
    """*text* with entry *key* named *new*, every other byte as it was."""
    opening = entry_opening(text, key)
    return text[: opening.start(2)] + new + text[opening.end(2) :]


def set_field(text: str, key: str, name: str, value: str) -> str:
    """*text* with field *name* of entry *key* set to ``{value}``, written in the entry's layout.

    An existing field keeps its place and only its value changes. A new standard field goes
    after the entry's last standard field, on its own line, indented and aligned as that
    line is; a site field at the end. Raises EditError when the entry is not there once or
    cannot be read safely.
    """
    opening = entry_opening(text, key)
    close = _closing(text, opening.start(1), opening.group(1))
    fields = _fields(text, opening.end(), close)
    braced = "{" + value + "}"
    for field_name, _start, value_start, value_end in fields:
        if field_name == name:
            return text[:value_start] + braced + text[value_end:]
    newline = "\r\n" if "\r\n" in text else "\n"
    standard = [field for field in fields if field[0] in STANDARD_FIELDS]
    anchor = (standard or fields)[-1] if name in STANDARD_FIELDS and fields else None
    after = [field for field in fields if anchor and field[1] > anchor[1]]
    layout = FIELD_LINE.match(text, text.rfind("\n", 0, fields[0][1]) + 1) if fields else None
    indent, width = (layout.group(1), len(layout.group(2))) if layout else ("  ", 0)
    line = f"{indent}{name.ljust(width - 1) if width else name} = {braced},"
    own_line = FIELD_LINE.match(text, text.rfind("\n", 0, after[0][1]) + 1) if after else None
    if own_line and own_line.start(2) == after[0][1]:  # the next field opens its line: the new one goes before it
        return text[: own_line.start()] + line + newline + text[own_line.start() :]
    body_end = len(text[:close].rstrip())
    comma = "" if text[:body_end].endswith(",") or not fields else ","
    return text[:body_end] + comma + newline + line + newline + text[close:]
