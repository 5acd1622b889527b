"""A fake news world on 127.0.0.1 for newsmon's tests, demo and benchmarks.

Three outlets (Vietnamese, German, English), each its own ``host:port``, with realistic
pages, feeds, sitemaps and every crawler hard case we care about, plus ground truth.
"""

from fixtureworld.model import Article
from fixtureworld.server import LoggedRequest
from fixtureworld.truth import GroundTruth, TruthArticle
from fixtureworld.world import FixtureWorld

__all__ = ["Article", "FixtureWorld", "GroundTruth", "LoggedRequest", "TruthArticle"]
