"""CLI for topics and digests: ``newsmon match``, ``newsmon digest …``, ``newsmon subscribers …``.

Registered in ``newsmon.cli`` with ``app.add_typer`` / ``app.command``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from newsmon.cli_common import ConfigOption, fail, load_config_or_exit, open_archive_or_exit
from newsmon.console import out, print_table
from newsmon.schedules import Cadence

digest_app = typer.Typer(
    help="Preview and send email digests.", no_args_is_help=True, rich_markup_mode=None
)
subscribers_app = typer.Typer(
    help="Manage digest subscribers.", no_args_is_help=True, rich_markup_mode=None
)


def match(
    config: ConfigOption = None,
    rematch: Annotated[bool, typer.Option("--rematch", help="Re-scan every story.")] = False,
) -> None:
    """Match stories against the configured topics (only new or changed stories by default)."""
    from newsmon.alerts.matching import match_pending
    from newsmon.query.rules import RuleSyntaxError

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    try:
        summary = match_pending(engine, settings.topics, rematch=rematch)
    except RuleSyntaxError as exc:
        raise fail(f"topics: {exc}") from None
    out.print(
        f"scanned {summary.scanned} stories: {summary.new_matches} new matches, "
        f"{summary.updated_matches} updated",
        highlight=False,
    )


def _prepared(config: Path | None):  # type: ignore[no-untyped-def]
    """Config, archive and alert settings, with config subscribers synced in."""
    from newsmon.alerts.settings import load_settings
    from newsmon.alerts.subscribers import SubscriberError, sync_from_config
    from newsmon.query.rules import RuleSyntaxError

    settings = load_config_or_exit(config)
    engine = open_archive_or_exit(settings)
    try:
        sync_from_config(engine, settings.subscribers)
    except SubscriberError as exc:
        raise fail(f"subscribers: {exc}") from None
    except RuleSyntaxError as exc:
        raise fail(f"topics: {exc}") from None
    return settings, engine, load_settings(engine, settings)


@digest_app.command("preview")
def digest_preview(
    subscriber: Annotated[str, typer.Argument(help="Subscriber email address.")],
    config: ConfigOption = None,
    html_out: Annotated[Path, typer.Option("--html", help="Where to write the HTML part.")] = Path(
        "digest-preview.html"
    ),
) -> None:
    """Show the digest SUBSCRIBER would receive now (records nothing, sends nothing)."""
    from newsmon.alerts.matching import match_pending
    from newsmon.alerts.outbox import preview
    from newsmon.alerts.render import render_parts

    settings, engine, alert_settings = _prepared(config)
    match_pending(engine, settings.topics)
    content = preview(engine, alert_settings, subscriber)
    if content is None:
        raise fail(f"no subscriber {subscriber!r} (see `newsmon subscribers list`)")
    text, html = render_parts(content)
    html_out.parent.mkdir(parents=True, exist_ok=True)
    html_out.write_text(html, encoding="utf-8")
    sys.stdout.write(text)
    typer.echo(f"\n[{content.story_count} stories; HTML written to {html_out}]", err=True)


@digest_app.command("send")
def digest_send(
    config: ConfigOption = None,
    subscriber: Annotated[str | None, typer.Option("--subscriber", help="Only this email.")] = None,
    now: Annotated[bool, typer.Option("--now", help="Don't wait for the send time.")] = False,
) -> None:
    """Match, decide the digests that are due (all with --now) and send the outbox."""
    from newsmon.alerts.service import run_cycle

    settings, engine, alert_settings = _prepared(config)
    summary = run_cycle(engine, settings, email=subscriber, force=now, settings=alert_settings)
    out.print(
        f"{summary.decided} digests decided; sent {summary.sent.sent}, "
        f"retrying {summary.sent.retrying}, failed {summary.sent.failed}",
        highlight=False,
    )
    if summary.sent.retrying or summary.sent.failed:
        raise typer.Exit(1)


def _when_sent(cadence: str, send_time: str, timezone: str) -> str:
    return cadence if cadence == "immediate" else f"{cadence} at {send_time} {timezone}"


@subscribers_app.command("add")
def subscribers_add(
    topic: Annotated[list[str], typer.Option("--topic", "-t", help="Topic name (repeatable).")],
    email: Annotated[
        str | None, typer.Argument(help="Email address (optional with --channel).")
    ] = None,
    config: ConfigOption = None,
    name: Annotated[str, typer.Option(help="Display name; names a subscriber without email.")] = "",
    channel: Annotated[
        list[str] | None,
        typer.Option(
            "--channel",
            "-c",
            help="Apprise URL (repeatable); write secrets as ${ENV_VAR}, in single quotes.",
        ),
    ] = None,
    cadence: Annotated[Cadence, typer.Option()] = Cadence.daily,
    send_time: Annotated[str, typer.Option(help="HH:MM in the subscriber's time zone.")] = "08:00",
    timezone: Annotated[str, typer.Option(help="IANA name, e.g. Asia/Ho_Chi_Minh.")] = "UTC",
    language: Annotated[str, typer.Option(help="Digest wording: vi, de or en.")] = "en",
) -> None:
    """Add (or update, or re-subscribe) a subscriber: an email address, channels, or both."""
    from newsmon.alerts import subscribers

    settings, engine, _ = _prepared(config)
    known = {t.name for t in settings.topics}
    for name_ in topic:
        if name_ not in known:
            raise fail(f"--topic: unknown topic {name_!r} (known: {', '.join(sorted(known))})")
    try:
        entry = subscribers.make_entry(
            email,
            topic,
            name=name,
            cadence=cadence.value,
            send_time=send_time,
            timezone=timezone,
            language=language,
            channels=list(channel or []),
        )
        row = subscribers.add(engine, entry)
    except subscribers.SubscriberError as exc:
        raise fail(str(exc)) from None
    channels = f", {len(row.channels)} channel(s)" if row.channels else ""
    out.print(
        f"{row.handle}: {row.status}, {_when_sent(row.cadence, row.send_time, row.timezone)}, "
        f"topics {', '.join(row.topics)}{channels}",
        highlight=False,
    )


@subscribers_app.command("list")
def subscribers_list(
    config: ConfigOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Include removed subscribers.")] = False,
) -> None:
    """List subscribers with their channels, topics, cadence and status."""
    from newsmon.alerts import subscribers
    from newsmon.alerts.channels import display

    _, engine, _ = _prepared(config)
    rows = subscribers.listing(engine, include_removed=all_)
    print_table(
        f"{len(rows)} subscribers",
        [
            "subscriber",
            "name",
            "channels",
            "topics",
            "cadence",
            "send time",
            "time zone",
            "lang",
            "status",
            "from",
        ],
        [
            (
                r.handle,
                r.name,
                " ".join(display(u) for u in (["email"] if r.email else []) + r.channels),
                ", ".join(r.topics),
                r.cadence,
                "–" if r.cadence == "immediate" else r.send_time,
                r.timezone,
                r.language,
                r.status,
                r.origin,
            )
            for r in rows
        ],
    )


def _set_status(config: Path | None, email: str, status: str) -> None:
    from newsmon.alerts import subscribers
    from newsmon.alerts.models import SubscriberStatus

    _, engine, _ = _prepared(config)
    try:
        row = subscribers.set_status(engine, email, SubscriberStatus(status))
    except subscribers.SubscriberError as exc:
        raise fail(str(exc)) from None
    out.print(f"{row.handle}: {row.status}", highlight=False)


@subscribers_app.command("remove")
def subscribers_remove(
    email: Annotated[str, typer.Argument()], config: ConfigOption = None
) -> None:
    """Remove a subscriber added with `subscribers add` (config ones: edit the config)."""
    _set_status(config, email, "removed")


@subscribers_app.command("pause")
def subscribers_pause(email: Annotated[str, typer.Argument()], config: ConfigOption = None) -> None:
    """Stop sending to a subscriber; matches keep accumulating for `resume`."""
    _set_status(config, email, "paused")


@subscribers_app.command("resume")
def subscribers_resume(
    email: Annotated[str, typer.Argument()], config: ConfigOption = None
) -> None:
    """Resume a paused subscriber."""
    _set_status(config, email, "active")
