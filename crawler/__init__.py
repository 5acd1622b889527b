"""Fetching and extraction: Scrapy spiders, middlewares and pipelines."""
