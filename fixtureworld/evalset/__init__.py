"""Labelled evaluation sets built from the fixture world."""
