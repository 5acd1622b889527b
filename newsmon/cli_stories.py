"""CLI for stories: ``newsmon story ID``, ``newsmon dedup [--rebuild]``, ``newsmon reindex``.

Registered in ``newsmon.cli`` by ``_register_story_commands``.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from newsmon.cli_common import ConfigOption, fail, load_config_or_exit, open_archive_or_exit
from newsmon.console import out, print_table


def story(
    story_id: Annotated[int, typer.Argument(help="Story id (as in search and export).")],
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show a story, every appearance of it, and related stories in other languages."""
    from sqlmodel import Session, select

    from newsmon.analysis.export import story_record, story_relations
    from newsmon.storage.models import Appearance, Story
    from newsmon.stories.cluster_models import StoryCopy, StoryLink

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    with Session(engine) as session:
        found = session.get(Story, story_id)
        if found is None:
            raise fail(f"no story {story_id}", code=1)
        appearances = list(
            session.exec(
                select(Appearance).where(Appearance.story_id == story_id).order_by(Appearance.id)
            )
        )
        groups, related = story_relations(session, [story_id])
        copies = list(session.exec(select(StoryCopy).where(StoryCopy.story_id == story_id)))
        related_stories = [session.get(Story, rid) for rid in related.get(story_id, [])]
        links = {
            (link.story_id, link.related_id): link
            for link in session.exec(
                select(StoryLink).where(
                    (StoryLink.story_id == story_id) | (StoryLink.related_id == story_id)
                )
            )
        }
    record = story_record(found, appearances, groups.get(story_id), related.get(story_id))
    record["copies"] = [
        {"url": c.url, "source": c.source, "title": c.title, "method": c.method,
         "similarity": c.similarity}
        for c in copies
    ]  # fmt: skip

    def why(other: int) -> dict[str, Any] | None:
        link = links.get(tuple(sorted((story_id, other))))  # type: ignore[arg-type]
        return link.signals if link else None

    record["related"] = [
        {"story_id": s.id, "language": s.language, "source": s.source, "title": s.title,
         "url": s.link, "signals": why(s.id)}  # type: ignore[arg-type]
        for s in related_stories if s is not None
    ]  # fmt: skip
    if as_json:
        json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    out.print(f"[bold]#{found.id}[/] {found.title or '(no title)'}", highlight=False)
    out.print(
        f"{found.source} · {found.language or '?'} · published {record['published']} · "
        f"group {record['group_id'] or '–'}",
        highlight=False,
    )
    print_table(
        "Appearances",
        ["url", "source", "first seen", "canonical"],
        [
            (a["url"], a["source"], a["first_seen"], "yes" if a["canonical"] else "")
            for a in record["appearances"]
        ],
    )
    if record["copies"]:
        print_table(
            "Merged copies (near-duplicates)",
            ["url", "source", "title", "how", "similarity"],
            [
                (c["url"], c["source"], c["title"] or "", c["method"], f"{c['similarity']:.2f}")
                for c in record["copies"]
            ],
        )
    print_table(
        "Related stories in other languages",
        ["id", "lang", "source", "title", "evidence"],
        [
            (r["story_id"], r["language"] or "?", r["source"], r["title"] or "", _evidence(r))
            for r in record["related"]
        ],
    )


def _evidence(related: dict[str, Any]) -> str:
    signals = related.get("signals")
    if not signals:
        return "same group"
    parts = ["source link"] if signals.get("source_link") else []
    if signals.get("outlet_named"):
        parts.append("outlet named")
    if signals.get("numbers"):
        parts.append("numbers " + ", ".join(signals["numbers"][:5]))
    if signals.get("names"):
        parts.append("names " + ", ".join(signals["names"][:5]))
    return "; ".join(parts)


def dedup(
    config: ConfigOption = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute all clustering with the [dedup] config.")
    ] = False,
) -> None:
    """Show the clustering parameters in use, or rebuild the clustering (--rebuild)."""
    from dataclasses import asdict

    from sqlmodel import Session

    from newsmon.stories.neardup import DedupParams, load_params
    from newsmon.stories.rebuild import rebuild as run_rebuild

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    wanted = DedupParams(**settings.dedup.model_dump())
    if rebuild:
        summary = run_rebuild(engine, wanted)
        out.print(
            f"rebuilt: {summary.stories_before} stories -> {summary.stories_after} "
            f"({summary.merged} merged, {summary.split} split out); {summary.copies} merged "
            f"copies, {summary.links} cross-language links",
            highlight=False,
        )
        return
    with Session(engine) as session:
        current = load_params(session)
    print_table(
        "Clustering parameters",
        ["parameter", "archive index", "config"],
        [(k, v, asdict(wanted)[k]) for k, v in asdict(current).items()],
    )
    if current != wanted:
        out.print("config differs from the index: run `newsmon dedup --rebuild`", highlight=False)


def reindex(
    config: ConfigOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Stories per batch.")] = 2000,
) -> None:
    """Rebuild the full-text search index from the stories (run after upgrading newsmon).

    One transaction: searches keep using the old index until it commits, and an
    interrupted run (Ctrl-C) leaves the old index as it was.
    """
    from newsmon.search.reindex import reindex as run_reindex

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)

    def progress(done: int, total: int) -> None:
        out.print(f"indexed {done}/{total} stories", highlight=False)

    summary = run_reindex(engine, batch_size, progress)
    out.print(f"reindexed {summary.stories} stories in {summary.seconds:.1f}s", highlight=False)
