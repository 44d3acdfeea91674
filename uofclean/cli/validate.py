"""`uofclean validate`: not implemented yet."""

from uofclean.cli.app import app  # noqa: F401
