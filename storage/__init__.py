"""The archive: stories stored once, with every URL they appeared at."""
