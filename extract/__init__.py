"""Extraction stage: HTML page -> ExtractedArticle (text, metadata, dated, language)."""

from .article import extract_article, extract_page, read_page
from .model import DateSource, ExtractedArticle

__all__ = ["DateSource", "ExtractedArticle", "extract_article", "extract_page", "read_page"]
