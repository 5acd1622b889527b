"""What a crawl needs to know from earlier crawls: known URLs and HTTP validators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from newsmon.storage.db import session_scope
from newsmon.storage.models import Appearance, HttpValidator, Story

_LOOKUP_BATCH = 500


@dataclass(frozen=True, slots=True)
class KnownUrl:
    listed_at: datetime | None
    """Feed/sitemap date the URL had when last fetched."""
    changed_at: datetime | None
    """Latest of the story's own modified/published dates."""


def known_urls(engine: Engine, keys: Iterable[str]) -> dict[str, KnownUrl]:
    """Which of these normalised URLs are stored appearances, with their dates."""
    keys = list(dict.fromkeys(keys))
    found: dict[str, KnownUrl] = {}
    with Session(engine) as session:
        for start in range(0, len(keys), _LOOKUP_BATCH):
            batch = keys[start : start + _LOOKUP_BATCH]
            rows = session.exec(
                select(Appearance.url, Appearance.listed_at, Story.modified, Story.published)
                .join(Story, Story.id == Appearance.story_id)
                .where(Appearance.url.in_(batch))
            ).all()
            for url, listed_at, modified, published in rows:
                dates = [d for d in (modified, published) if d is not None]
                found[url] = KnownUrl(listed_at, max(dates) if dates else None)
    return found


def needs_refetch(known: KnownUrl, listed_changed: datetime | None) -> bool:
    """Fetch a stored article again only if a listing reports a change newer than what we hold.

    "What we hold" is the later of the listing date recorded at the last fetch and
    the page's own modified/published date.
    """
    if listed_changed is None:
        return False
    held = [d for d in (known.listed_at, known.changed_at) if d is not None]
    return not held or listed_changed > max(held)


def load_validators(engine: Engine) -> dict[str, HttpValidator]:
    with Session(engine, expire_on_commit=False) as session:
        return {v.url: v for v in session.exec(select(HttpValidator)).all()}


def save_validators(engine: Engine, validators: Iterable[HttpValidator]) -> None:
    with session_scope(engine) as session:
        for validator in validators:
            session.merge(validator)
