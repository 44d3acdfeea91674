"""Redaction: what is recognised (detect), how it is replaced (operators), how it runs fast."""
