"""Extraction stage: HTML page -> ExtractedArticle (text, metadata, dated, language)."""

from .article import extract_article
from .model import DateSource, ExtractedArticle

__all__ = ["DateSource", "ExtractedArticle", "extract_article"]
