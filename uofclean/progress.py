"""Progress bars: shown on a terminal, silent otherwise or with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def show_progress(quiet: bool = False) -> bool:
    return not quiet and sys.stderr.isatty()


def progress(
    items: Iterable[T], *, total: int | None = None, desc: str = "", enabled: bool = False
) -> Iterator[T]:
    """Wrap an iterable in a tqdm bar on stderr when enabled."""
    if not enabled:
        yield from items
        return
    yield from tqdm(items, total=total, desc=desc, unit="rows", file=sys.stderr, leave=False)
