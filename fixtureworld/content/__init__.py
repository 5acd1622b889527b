"""Hand-written articles per outlet (fixed 2025 dates; never relative to the wall clock)."""

from __future__ import annotations

import copy

from fixtureworld.content import harbourtimes, rheinblatt, thoidai
from fixtureworld.model import Article

SECTIONS: dict[str, dict[str, str]] = {
    "thoidai": thoidai.SECTIONS,
    "rheinblatt": rheinblatt.SECTIONS,
    "harbourtimes": harbourtimes.SECTIONS,
}


def load_articles() -> dict[str, list[Article]]:
    """Fresh copies, so a world mutating its articles never leaks into another world."""
    result: dict[str, list[Article]] = {}
    for outlet, module in (
        ("thoidai", thoidai),
        ("rheinblatt", rheinblatt),
        ("harbourtimes", harbourtimes),
    ):
        articles = copy.deepcopy(module.ARTICLES)
        for article in articles:
            article.outlet = outlet
        result[outlet] = articles
    return result
