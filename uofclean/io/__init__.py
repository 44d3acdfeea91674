"""Reading extracts and writing outputs: the only place that touches CSV bytes."""

from uofclean.io.reader import RaggedRow, Table, read_table
from uofclean.io.writer import atomic_path, write_csv, write_text

__all__ = ["RaggedRow", "Table", "read_table", "atomic_path", "write_csv", "write_text"]
