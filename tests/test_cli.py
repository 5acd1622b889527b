"""The CLI as a user meets it: init, clear errors, machine-readable output."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from newsmon.extract.model import DateSource, ExtractedArticle
from newsmon.storage.db import open_archive
from newsmon.stories.repository import ArticlePage, save_article
from tests.conftest import run_newsmon


def test_init_writes_a_valid_starter_config_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "newsmon.toml"
    run_newsmon("init", str(target))
    assert "thoidai.com.vn" in target.read_text(encoding="utf-8")
    again = run_newsmon("init", str(target), check=False)
    assert again.returncode == 2 and "exists" in again.stderr
    # the written file loads: `status` works on it without a daemon or crawl
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            'url = "sqlite:///data/newsmon.db"', f'url = "sqlite:///{tmp_path}/a.db"'
        ),
        encoding="utf-8",
    )
    status = run_newsmon("status", "--json", config=target)
    assert json.loads(status.stdout)["daemon"]["state"] == "never started"


def test_broken_config_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "newsmon.toml"
    config.write_text(
        '[[sources]]\nname = "x"\nstart_urls = ["https://x.example/"]\nfeeds = ["not a url"]\n',
        encoding="utf-8",
    )
    for command in (["crawl"], ["search", "x"], ["export"], ["stats"]):
        result = run_newsmon(*command, config=config, check=False)
        assert result.returncode == 2, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (command, result.stderr)
        assert "sources[0].feeds[0]: not a URL" in lines[0]
    missing = run_newsmon("crawl", config=tmp_path / "nope.toml", check=False)
    assert missing.returncode == 2 and "config file not found" in missing.stderr


def _archive_with_one_story(tmp_path: Path) -> Path:
    url = f"sqlite:///{tmp_path}/a.db"
    engine = open_archive(url)
    save_article(
        engine,
        ArticlePage(
            source="thoidai",
            article=ExtractedArticle(
                url="https://thoidai.com.vn/ha-noi-123.html",
                title='Hà Nội "học tập", <b>suốt đời</b>',
                text="Hà Nội trở thành thành phố học tập toàn cầu của UNESCO. " * 8,
                published=datetime(2025, 11, 20, 1, 30, tzinfo=UTC),
                date_source=DateSource.json_ld,
                language="vi",
                authors=("Minh Anh", "Lan"),
            ),
            seen_at=datetime(2025, 11, 21, tzinfo=UTC),
        ),
    )
    engine.dispose()
    config = tmp_path / "newsmon.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return config


def test_search_formats_and_query_errors(tmp_path: Path) -> None:
    config = _archive_with_one_story(tmp_path)
    as_json = json.loads(run_newsmon("search", '"thanh pho"', "-f", "json", config=config).stdout)
    assert [r["url"] for r in as_json] == ["https://thoidai.com.vn/ha-noi-123.html"]
    assert "**thành phố**" in as_json[0]["snippet"]
    table = run_newsmon("search", "hoc tap", config=config).stdout.splitlines()
    assert table[0].split("\t") == ["id", "published", "source", "lang", "title", "url"]
    assert table[1].split("\t")[1] == "2025-11-20 01:30 +0000"
    bad = run_newsmon("search", "(unclosed", config=config, check=False)
    assert bad.returncode == 2 and "column 10: rule ends too early: expected ')'" in bad.stderr


def test_export_csv_round_trips_through_a_csv_reader(tmp_path: Path) -> None:
    config = _archive_with_one_story(tmp_path)
    out = tmp_path / "out" / "stories.csv"
    run_newsmon("export", "--format", "csv", "--out", str(out), config=config)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 1
    assert rows[0]["title"] == 'Hà Nội "học tập", <b>suốt đời</b>'
    assert rows[0]["authors"] == "Minh Anh | Lan"
    assert rows[0]["published"] == "2025-11-20T01:30:00+00:00"
    assert not (tmp_path / "out" / "stories.csv.partial").exists()
