"""A literal gate read from a pattern: substrings one of which every match must contain.

Most recognizer patterns need a word or a sign ("flat", "@", "dob", "/") that most narratives
lack; testing for it with `in` (a C substring search) costs far less than the regex's scan of
the whole text. The gate is derived from the pattern's parse tree (`re._parser`), never written
by hand, so it cannot drift from the pattern: a construct it does not know contributes nothing,
and a pattern with no required literal gets no gate (it always runs).

Case-blind literals are compared in a folded copy of the text that equates exactly what `re`'s
IGNORECASE equates or more ("ſ" with "s", "ı" and "İ" with "i"), so the gate never rejects a
text the pattern matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

try:  # internal to the standard library: without it, no gates (every pattern runs)
    from re import _casefix as _CF  # type: ignore[attr-defined]
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons
    _CF = C = P = None

_MAX_ALTERNATIVES = 40  # beyond this the `in` tests cost more than they save
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}  # consume nothing: literals either side still touch


def _fold_tables() -> tuple[dict[int, str], dict[int, str]]:
    """`str.lower` lowers as `re` does except "İ" (two characters, not "i"); `re` also equates
    the extra cases ("s" and "ſ"), which are mapped to one representative here."""
    before = {0x130: "i"}
    after: dict[int, str] = {}
    extra = getattr(_CF, "_EXTRA_CASES", {}) if _CF is not None else {}
    for code, others in extra.items():
        first = min((code, *others))
        for c in (code, *others):
            if c != first:
                after[c] = chr(first)
    return before, after


_BEFORE, _AFTER = _fold_tables()


def fold(text: str) -> str:
    """The text with case differences `re` ignores removed (ASCII text: just lower case)."""
    if text.isascii():
        return text.lower()
    return text.translate(_BEFORE).lower().translate(_AFTER)


@lru_cache(maxsize=4)
def folded(text: str) -> str:
    """`fold`, made once for all the rules that test the same text."""
    return fold(text)


@dataclass(frozen=True)
class Gate:
    """Every match contains one of `exact` as written or one of `blind` in `fold` form."""

    exact: tuple[str, ...]
    blind: tuple[str, ...]

    def passes(self, text: str) -> bool:
        if any(lit in text for lit in self.exact):
            return True
        if self.blind:
            low = folded(text)
            return any(lit in low for lit in self.blind)
        return False


# A requirement: alternatives (literal, case-blind?), one of which every match contains.
_Need = frozenset[tuple[str, bool]]


def _flat(seq, blind: bool) -> list[tuple[str, object, bool]]:
    """The sequence's items with plain groups opened in place (a group changes no adjacency),
    each with whether it is case-blind there."""
    out = []
    for op, av in seq:
        if str(op) == "SUBPATTERN":
            _group, add, drop, sub = av
            inner = (
                blind or bool(add & C.SRE_FLAG_IGNORECASE)
            ) and not drop & C.SRE_FLAG_IGNORECASE
            out += _flat(sub, inner)
        else:
            out.append((str(op), av, blind))
    return out


def _better(a: _Need | None, b: _Need | None) -> _Need | None:
    """The more selective requirement: longer shortest literal, then fewer alternatives."""
    if a is None:
        return b
    if b is None:
        return a

    def key(n: _Need) -> tuple[int, int]:
        return (min(len(s) for s, _ in n), -len(n))

    return a if key(a) >= key(b) else b


def _need(seq, blind: bool) -> _Need | None:
    """The best requirement of a sequence: a run of adjacent literals, or a requirement of a
    branch or repeat every match passes through."""
    best: _Need | None = None
    run: list[str] = []
    run_blind = False

    def close() -> None:
        nonlocal best, run
        if run:
            best = _better(best, frozenset({("".join(run), run_blind)}))
        run = []

    for name, av, here_blind in _flat(seq, blind):
        if name == "LITERAL":
            if run and here_blind != run_blind:
                close()
            run_blind = here_blind
            run.append(chr(av))
            continue
        if name in _ZERO_WIDTH:
            continue  # consumes nothing; a lookaround's literals are not counted
        close()
        if name == "BRANCH":
            best = _better(best, _branch(av[1], here_blind))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            best = _better(best, _need(av[2], here_blind))
        elif name == "ATOMIC_GROUP":
            best = _better(best, _need(av, here_blind))
    close()
    return best


def _branch(alternatives, blind: bool) -> _Need | None:
    """One of the alternatives' requirements; none if any alternative has none."""
    union: set[tuple[str, bool]] = set()
    for alternative in alternatives:
        need = _need(alternative, blind)
        if need is None:
            return None
        union |= need
    return frozenset(union) if len(union) <= _MAX_ALTERNATIVES else None


def literal_gate(pattern: str, flags: int = 0) -> Gate | None:
    """The gate of a pattern compiled by `re` with these flags, or None (the pattern always
    runs)."""
    if P is None:
        return None
    try:
        parsed = P.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None
    need = _need(parsed, bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE))
    if need is None or all(not s.strip() for s, _ in need):
        return None  # nothing required, or only spaces: every text passes
    exact = tuple(sorted(s for s, b in need if not b))
    blind = tuple(sorted(fold(s) for s, b in need if b))
    return Gate(exact, blind)
