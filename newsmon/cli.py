"""The ``newsmon`` command line: init, crawl, search, export, stats."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from datetime import UTC, datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.text import Text

from newsmon.cli_common import ConfigOption, fail, load_config_or_exit, open_archive_or_exit
from newsmon.config import ConfigError, resolve_config_path
from newsmon.console import err, out, print_table, setup_logging
from storage.locks import EXIT_LOCK_BUSY

app = typer.Typer(
    name="newsmon",
    help="Scheduled news monitoring: crawl news sites, store each story once, search the archive.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class SearchFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _parse_when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: not an ISO date or datetime: {value!r} (e.g. 2025-11-20)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command()
def init(
    path: Annotated[Path | None, typer.Argument(help="Where to write the config.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter config (Vietnamese, German and English outlets)."""
    target = resolve_config_path(path)
    if target.exists() and not force:
        raise fail(f"{target} exists; use --force to overwrite it")
    text = resources.files("newsmon").joinpath("starter_config.toml").read_text("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    out.print(f"wrote {target}: edit the sources, then run `newsmon crawl`", highlight=False)


@app.command()
def crawl(
    config: ConfigOption = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Only this source (repeatable).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON (for scripts).")
    ] = False,
    trigger: Annotated[str, typer.Option(hidden=True)] = "manual",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every step.")] = False,
) -> None:
    """Crawl the configured sources once, now."""
    from crawler.counters import SourceSummary
    from crawler.runner import run_crawl

    setup_logging(verbose)
    settings = load_config_or_exit(config)
    overrides = {"NEWSMON_TRIGGER": trigger}
    try:
        if err.is_terminal and not as_json:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress:
                task = progress.add_task("crawling…")

                def show(summaries: list[SourceSummary]) -> None:
                    total = {
                        k: sum(getattr(s, k) for s in summaries)
                        for k in (
                            "pages_fetched",
                            "stories_new",
                            "stories_updated",
                            "stories_duplicate",
                            "errors",
                        )
                    }
                    progress.update(
                        task,
                        description=(
                            f"crawling: {total['pages_fetched']} pages, "
                            f"{total['stories_new']} new, {total['stories_updated']} updated, "
                            f"{total['stories_duplicate']} duplicate, {total['errors']} errors"
                        ),
                    )

                summary = run_crawl(
                    settings, source, on_progress=show, settings_overrides=overrides
                )
        else:
            summary = run_crawl(settings, source, settings_overrides=overrides)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    for name in summary.busy_sources:
        err.print(f"skipped {name}: another process is crawling it", highlight=False)
    if as_json:
        json.dump(
            {
                "finish_reason": summary.finish_reason,
                "seconds": round(summary.seconds, 2),
                "busy_sources": summary.busy_sources,
                "sources": [asdict(s) for s in summary.sources],
            },
            sys.stdout,
        )
        sys.stdout.write("\n")
    elif summary.sources:
        print_table(
            f"Crawl finished ({summary.finish_reason}) in {summary.seconds:.1f} s",
            [
                "source",
                "pages",
                "articles",
                "new",
                "updated",
                "duplicate",
                "empty body",
                "no date",
                "errors",
            ],
            [
                (
                    s.source,
                    s.pages_fetched,
                    s.articles_extracted,
                    s.stories_new,
                    s.stories_updated,
                    s.stories_duplicate,
                    s.empty_body,
                    s.missing_date,
                    s.errors,
                )
                for s in summary.sources
            ],
        )
    if not summary.sources:
        raise typer.Exit(EXIT_LOCK_BUSY)
    if summary.finish_reason != "finished":
        raise typer.Exit(1)


@app.command()
def run(
    config: ConfigOption = None, verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False
) -> None:
    """Run the daemon: crawl every source on its schedule until SIGTERM/SIGINT."""
    from scheduler.supervisor import DaemonAlreadyRunning, run_daemon

    setup_logging(verbose)
    settings = load_config_or_exit(config)
    try:
        code = run_daemon(settings, resolve_config_path(config))
    except DaemonAlreadyRunning as exc:
        raise fail(str(exc), code=EXIT_LOCK_BUSY) from None
    raise typer.Exit(code)


@app.command()
def status(
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """The daemon's state and each source's last run, next run, failures and health."""
    from scheduler.status import collect_status

    settings = load_config_or_exit(config)
    report = collect_status(open_archive_or_exit(settings), settings)
    if as_json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    out.print(report.daemon_line(), highlight=False)
    print_table(
        "Sources",
        [
            "source",
            "schedule",
            "last run",
            "result",
            "next run",
            "new",
            "failures",
            "empty body",
            "no date",
            "warning",
        ],
        [
            (
                s.source,
                s.schedule,
                _when(s.last_run),
                s.last_result or "",
                _when(s.next_run),
                s.last_new,
                s.failure_streak,
                _share(s.empty_body_share),
                _share(s.missing_date_share),
                s.warning or "",
            )
            for s in report.sources
        ],
    )


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "–"


def _filters(
    source: list[str] | None, lang: list[str] | None, since: str | None, until: str | None
):  # type: ignore[no-untyped-def]
    from storage.search import SearchFilters

    return SearchFilters(
        sources=source or [],
        languages=lang or [],
        since=_parse_when(since, "--since"),
        until=_parse_when(until, "--until"),
    )


SourceFilter = Annotated[
    list[str] | None, typer.Option("--source", "-s", help="Only these sources.")
]
LangFilter = Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only these languages.")]
SinceFilter = Annotated[str | None, typer.Option(help="Published on or after (ISO date).")]
UntilFilter = Annotated[str | None, typer.Option(help="Published before (ISO date).")]


@app.command()
def search(
    query: Annotated[
        str | None, typer.Argument(help='Words, "phrases", OR, NOT/-word, prefix*.')
    ] = None,
    config: ConfigOption = None,
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Only stories that matched this topic.")
    ] = None,
    source: SourceFilter = None,
    lang: LangFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 20,
    format: Annotated[SearchFormat, typer.Option("--format", "-f")] = SearchFormat.table,
) -> None:
    """Full-text search over titles and bodies (diacritics optional), best matches first."""
    from storage.export import published_with_offset, story_record, write_csv
    from storage.search import SearchError
    from storage.search import search as run_search

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    try:
        filters = _filters(source, lang, since, until)
        if topic:
            if topic not in {t.name for t in settings.topics}:
                raise fail(f"--topic: unknown topic {topic!r}")
            filters = replace(filters, topic=topic)
        hits = run_search(engine, query, filters, limit)
    except SearchError as exc:
        raise fail(str(exc)) from None
    if format == SearchFormat.table:

        def when(hit: Any) -> str:
            published = published_with_offset(hit.story)
            return published.strftime("%Y-%m-%d %H:%M %z") if published else ""

        if out.is_terminal:
            print_table(
                f"{len(hits)} stories for " + (f"{query!r}" if query else f"topic {topic}"),
                ["id", "published", "source", "lang", "title", "snippet"],
                [
                    (
                        h.story.id,
                        when(h),
                        h.story.source,
                        h.story.language,
                        h.story.title,
                        _highlighted(h.snippet),
                    )
                    for h in hits
                ],
            )
        else:
            print_table(
                None,
                ["id", "published", "source", "lang", "title", "url"],
                [
                    (
                        h.story.id,
                        when(h),
                        h.story.source,
                        h.story.language,
                        h.story.title,
                        h.story.canonical_url,
                    )
                    for h in hits
                ],
            )
        return
    records = []
    for hit in hits:
        record = story_record(hit.story, [])
        record["urls"] = hit.urls
        record["snippet"] = hit.snippet.marked("**", "**")
        record["rank"] = hit.rank
        records.append(record)
    if format == SearchFormat.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif format == SearchFormat.jsonl:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        write_csv(iter(records), sys.stdout)


@app.command()
def export(
    config: ConfigOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="File (default stdout).")
    ] = None,
    source: SourceFilter = None,
    lang: LangFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
) -> None:
    """Export every story (one record per story, with all its URLs)."""
    from storage.export import iter_records, write_csv, write_jsonl

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    records = iter_records(engine, _filters(source, lang, since, until))
    writer = write_jsonl if format == ExportFormat.jsonl else write_csv
    if out_file is None:
        writer(records, sys.stdout)
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_name(out_file.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        count = writer(records, handle)
    partial.replace(out_file)  # a failed export never leaves a truncated file behind
    err.print(f"exported {count} stories to {out_file}", highlight=False)


def _highlighted(snippet: Any) -> Text:
    text = Text(snippet.text)
    for start, end in snippet.highlights:
        text.stylize("bold yellow", start, end)
    return text


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


@app.command()
def stats(
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Stories per source and language, and extraction health per source."""
    from storage.stats import source_health

    settings = load_config_or_exit(config)
    health = source_health(open_archive_or_exit(settings))
    if as_json:
        payload: list[dict[str, Any]] = [
            {
                "source": h.source,
                "stories": h.stories,
                "languages": h.languages,
                "articles_extracted": h.articles_extracted,
                "empty_body": h.empty_body,
                "missing_date": h.missing_date,
                "empty_body_share": h.empty_body_share,
                "missing_date_share": h.missing_date_share,
                "errors": h.errors,
                "runs": h.runs,
                "last_run": h.last_run.isoformat() if h.last_run else None,
                "last_status": h.last_status,
            }
            for h in health
        ]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    print_table(
        "Archive by source",
        [
            "source",
            "stories",
            "languages",
            "crawls",
            "last crawl",
            "status",
            "empty body",
            "no date",
            "errors",
        ],
        [
            (
                h.source,
                h.stories,
                ", ".join(f"{k} {v}" for k, v in sorted(h.languages.items(), key=lambda i: -i[1])),
                h.runs,
                h.last_run.strftime("%Y-%m-%d %H:%M UTC") if h.last_run else "never",
                h.last_status or "",
                _share(h.empty_body_share),
                _share(h.missing_date_share),
                h.errors,
            )
            for h in health
        ],
    )


def _register_alert_commands() -> None:
    from newsmon.cli_alerts import digest_app, match, subscribers_app

    app.add_typer(digest_app, name="digest")
    app.add_typer(subscribers_app, name="subscribers")
    app.command()(match)


_register_alert_commands()


def _register_story_commands() -> None:
    from newsmon.cli_stories import dedup, story

    app.command()(story)
    app.command()(dedup)


_register_story_commands()


def _register_web_commands() -> None:
    from newsmon.cli_web import serve

    app.command()(serve)


_register_web_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
