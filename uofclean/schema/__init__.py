"""One definition of the columns, vocabularies and kinds, shared by every command."""
