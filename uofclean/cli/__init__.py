"""Thin command-line layer: one module per command, all core imports done lazily inside them."""

from uofclean.cli import dedupe, profile, publish, redact, scan, synth, validate  # noqa: F401
from uofclean.cli.app import app, main

__all__ = ["app", "main"]
