"""Spiders: one generic spider driven by the sources of the config."""
