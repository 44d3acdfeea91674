"""Word lists the redaction rules read, one file each: `<name>.txt` in this folder.

One entry a line; blank lines and lines starting with # are ignored, and each file starts with
a comment saying what the list is for and where it came from.
"""

from __future__ import annotations

from importlib.resources import files


def load_words(name: str) -> tuple[str, ...]:
    """The entries of `<name>.txt`, in file order, each stripped of surrounding whitespace."""
    text = files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))
