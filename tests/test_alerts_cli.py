"""The alerts CLI: match, subscribers add/list/pause/remove, digest preview and send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer
from typer.testing import CliRunner

from newsmon.cli_alerts import digest_app, match, subscribers_app
from newsmon.extract.model import ExtractedArticle
from newsmon.storage.db import open_archive
from newsmon.stories.repository import ArticlePage, save_article

app = typer.Typer()
app.add_typer(digest_app, name="digest")
app.add_typer(subscribers_app, name="subscribers")
app.command()(match)


def setup(tmp_path: Path) -> Path:
    config = tmp_path / "newsmon.toml"
    config.write_text(
        f"""
[database]
url = "sqlite:///{tmp_path / "archive.db"}"
[[topics]]
name = "learning-city"
query = '"learning city" OR "thanh pho hoc tap"'
[[subscribers]]
email = "analyst@example.org"
topics = ["learning-city"]
language = "vi"
[smtp]
transport = "file"
outbox_dir = "{tmp_path / "outbox"}"
""",
        encoding="utf-8",
    )
    engine = open_archive(f"sqlite:///{tmp_path / 'archive.db'}")
    save_article(
        engine,
        ArticlePage(
            source="thoidai",
            seen_at=datetime.now(UTC) - timedelta(hours=1),
            article=ExtractedArticle(
                url="https://thoidai.vn/a",
                title="Hà Nội",
                text="Hà Nội là thành phố học tập.",
                language="vi",
            ),
        ),
    )
    engine.dispose()
    return config


def test_subscribers_and_digests_from_the_command_line(tmp_path: Path) -> None:
    config = str(setup(tmp_path))
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, [*args, "--config", config])
        assert result.exit_code == code, result.output
        return result.output

    assert "1 new matches" in run("match")
    assert "0 new matches" in run("match")
    run(
        "subscribers",
        "add",
        "ops@example.org",
        "--topic",
        "learning-city",
        "--cadence",
        "hourly",
        "--language",
        "de",
    )
    assert "unknown topic" in run("subscribers", "add", "x@example.org", "--topic", "nope", code=2)
    listing = run("subscribers", "list")
    assert "analyst@example.org" in listing and "ops@example.org" in listing
    assert "in the config file" in run("subscribers", "remove", "analyst@example.org", code=2)
    assert "paused" in run("subscribers", "pause", "ops@example.org")

    html = tmp_path / "preview.html"
    text = run("digest", "preview", "analyst@example.org", "--html", str(html))
    assert "* Hà Nội" in text and "Bản tin newsmon" in text
    assert "<strong" in html.read_text("utf-8")
    assert list((tmp_path / "outbox").glob("*.eml")) == []  # preview sends nothing

    assert "1 digests decided; sent 1" in run("digest", "send", "--now")
    assert "0 digests decided; sent 0" in run("digest", "send", "--now")
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1  # paused ops got nothing
    run("subscribers", "remove", "ops@example.org")
    assert "ops@example.org" not in run("subscribers", "list")
