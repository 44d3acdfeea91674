"""Validation of extracts and releases against the schema and the rules."""

from uofclean.validate.core import validate_table
from uofclean.validate.report import ValidationReport

__all__ = ["ValidationReport", "validate_table"]
