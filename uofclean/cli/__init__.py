"""Thin command-line layer: one module per command, all core imports done lazily inside them."""

from uofclean.cli import (  # noqa: F401
    dedupe,
    key,
    profile,
    publish,
    redact,
    review,
    scan,
    stats,
    synth,
    validate,
)
from uofclean.cli.app import app, main

__all__ = ["app", "main"]
