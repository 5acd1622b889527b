"""Keyword topics, match records, subscribers and email digests.

``rules`` parses the topic language into a public AST, ``matcher`` compiles
topics once and matches stories, ``matching`` records matches in the archive,
``outbox`` decides and sends digests exactly once per (subscriber, story).
"""
