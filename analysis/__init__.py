"""Analyses over the archive: coverage trends and their charts."""
