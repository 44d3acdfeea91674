"""Recognizers: one family per module, each a presidio EntityRecognizer."""
