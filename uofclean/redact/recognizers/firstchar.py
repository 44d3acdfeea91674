"""A lookahead on a pattern's possible first characters, so the regular-expression engine can
skip ahead in C to where a match could start.

Python's `re` finds such a set itself only when a pattern begins with a literal or a class;
most recognizer patterns begin with a lookbehind or a word boundary ("(?<![\\w/])\\d{1,2}..."),
and are then tried at every position of the text. Prepending "(?=[...])" with the same set
changes no match (every match starts with one of those characters) and halves the time of a
typical pattern. Read from the pattern's parse tree (`re._parser`); any construct it does not
know gives no prefix, so the pattern runs as written.
"""

from __future__ import annotations

import re

try:  # the parser is internal to the standard library: without it, patterns run as written
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons
    C = P = None

_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


class _Unknown(Exception):
    """A construct whose first characters this module does not work out."""


def _char(code: int) -> str:
    return re.escape(chr(code))


def _class_items(items) -> list[str]:
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(_char(av))
        elif name == "RANGE":
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            out.append(_CATEGORIES[str(av)])
        else:  # NEGATE and the rest
            raise _Unknown(name)
    return out


def _first(seq, folds: list[bool]) -> tuple[list[str], bool]:
    """The class items a match of `seq` can start with, and whether it can match nothing.
    `folds` gets an entry when an item comes from inside "(?i:...)": the lookahead is then
    made case-blind as a whole (a wider set, never a narrower one)."""
    items: list[str] = []
    for op, av in seq:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if name == "LITERAL":
            return items + [_char(av)], False
        if name == "IN":
            return items + _class_items(av), False
        if name == "SUBPATTERN":
            _group, add_flags, del_flags, sub = av
            if del_flags or add_flags & ~C.SRE_FLAG_IGNORECASE:
                raise _Unknown("inline flags")
            if add_flags:
                folds.append(True)
            first, empty = _first(sub, folds)
        elif name == "BRANCH":
            first, empty = [], False
            for alternative in av[1]:
                f, e = _first(alternative, folds)
                first += f
                empty |= e
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = av
            first, empty = _first(sub, folds)
            empty |= low == 0
        else:  # ANY, NOT_LITERAL, group references, atomic groups...
            raise _Unknown(name)
        items += first
        if not empty:
            return items, False
    return items, True


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class every match of the pattern starts with, or None."""
    if P is None:
        return None
    folds: list[bool] = []
    try:
        items, empty = _first(P.parse(pattern, flags), folds)
    except (_Unknown, re.error, TypeError, ValueError):
        return None
    if empty or not items or r"\W" in items or r"\S" in items or r"\D" in items:
        return None  # could match nothing, or nearly anything: no help
    chars = "[" + "".join(dict.fromkeys(items)) + "]"
    return f"(?i:{chars})" if folds and not flags & re.IGNORECASE else chars


def with_lookahead(pattern: str, flags: int = 0) -> str:
    """The pattern with its first characters as a lookahead in front, where they are known."""
    chars = first_chars(pattern, flags)
    return pattern if chars is None else f"(?={chars})(?:{pattern})"
