"""The archive: database, schema, locks (see docs/architecture.md)."""

EXIT_LOCK_BUSY = 75
"""Exit status of a command that found its lock taken (EX_TEMPFAIL: try again later)."""
