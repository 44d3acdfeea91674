"""uofclean: validate, dedupe, redact and publish police use-of-force extracts."""

__version__ = "0.1.0"
