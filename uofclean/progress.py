"""Progress bars: shown on a terminal, silent otherwise or with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
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


def row_progress(
    chunks: Iterable[T],
    *,
    rows: int,
    size: Callable[[T], int],
    desc: str,
    enabled: bool,
    waiting: str = "loading model",
) -> Iterator[T]:
    """A bar that counts rows, not chunks, and says what it waits for until the first chunk
    comes back (the workers load the model first)."""
    if not enabled:
        yield from chunks
        return
    with tqdm(
        total=rows, desc=f"{desc} ({waiting})", unit="rows", file=sys.stderr, leave=False
    ) as bar:
        for i, chunk in enumerate(chunks):
            if i == 0:
                bar.set_description(desc)
            bar.update(size(chunk))
            yield chunk
