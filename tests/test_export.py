"""Export: Parquet read back with pyarrow, filters as in search, formats agree on the stories."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

import newsmon.analysis.export as export
import newsmon.search.engine as search_module
from newsmon.analysis.export import iter_records, write_parquet
from newsmon.search.engine import SearchFilters
from newsmon.storage.db import open_archive
from newsmon.storage.models import Appearance, Story
from tests.conftest import run_newsmon
from tests.test_trends import body, store

VN = timezone(timedelta(hours=7))
START = datetime(2025, 10, 1, 6, 0, tzinfo=VN)
SOURCES = [("thoidai", "vi"), ("koeln", "de"), ("bbc", "en")]
TITLES = {
    "vi": "Hà Nội: thành phố học tập №{n}",
    "de": "Köln: Straße & Fluss {n}",
    "en": "“{n}” 🌊",
}


def populate(engine: Engine, n: int = 240) -> dict[str, set[int]]:
    """``n`` stories over ~10 weeks and three sources; every 3rd mentions a flood,
    every 7th is also seen at a second URL. Returns ids by source and "flood"."""
    ids: dict[str, set[int]] = {"flood": set()}
    for i in range(n):
        source, language = SOURCES[i % 3]
        flood = i % 3 != 2 and i % 2 == 0  # vi and de only, so a source filter changes it
        text = body("Hochwasser", "thành phố") if flood else body("thành phố")
        story_id = store(
            engine,
            START + timedelta(hours=7 * i),
            source=source,
            language=language,
            text=text,
            title=TITLES[language].format(n=i),
        )
        if i % 7 == 0:  # the same story at another outlet: still one record
            again = store(engine, START + timedelta(hours=7 * i), source="aggregator", text=text)
            assert again == story_id
        ids.setdefault(source, set()).add(story_id)
        if flood:
            ids["flood"].add(story_id)
    return ids


def test_parquet_has_one_typed_row_per_story_and_honours_filters(
    archive: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "_BATCH", 64)  # several batches and row groups
    monkeypatch.setattr(search_module, "MAX_BATCH", 50)  # several keyset pages of matches
    monkeypatch.setitem(search_module.RANK_WINDOW, archive.dialect.name, 10)  # not a limit here
    ids = populate(archive)
    everything = tmp_path / "all.parquet"
    assert write_parquet(iter_records(archive), everything) == 240

    table = pq.read_table(everything)
    assert table.num_rows == 240
    assert pq.ParquetFile(everything).metadata.num_row_groups == 4  # 64 + 64 + 64 + 48
    assert pq.ParquetFile(everything).metadata.row_group(0).column(0).compression == "ZSTD"
    rows = table.to_pylist()
    assert [r["story_id"] for r in rows] == sorted(set().union(*ids.values()))

    with Session(archive) as session:
        stored = {s.id: s for s in session.exec(select(Story))}
        urls = session.exec(select(Appearance.story_id, Appearance.url)).all()
    first = rows[0]
    story = stored[first["story_id"]]
    assert first["title"] == "Hà Nội: thành phố học tập №0" == story.title
    assert first["text"] == story.text and "thành phố" in first["text"]
    assert {r["title"] for r in rows} >= {"Köln: Straße & Fluss 1", "“2” 🌊"}
    assert first["published"] == story.published == START
    assert first["published_utcoffset"] == 7 * 60
    assert first["sources"] == ["aggregator", "thoidai"]
    assert sorted(first["urls"]) == sorted(u for sid, u in urls if sid == story.id)
    assert [a["canonical"] for a in first["appearances"]] == [True, False]
    assert first["appearances"][1]["source"] == "aggregator"
    assert all(a["first_seen"].tzinfo is not None for a in first["appearances"])
    assert table.schema.field("related_story_ids").type.value_type == pa.int64()
    assert table.schema.field("published").type == pa.timestamp("us", tz="UTC")

    koeln = tmp_path / "koeln.parquet"
    filters = SearchFilters(sources=["koeln"], since=START + timedelta(days=20))
    write_parquet(iter_records(archive, filters), koeln)
    kept = pq.read_table(koeln).to_pylist()
    assert kept and {r["source"] for r in kept} == {"koeln"}
    assert all(r["published"] >= START + timedelta(days=20) for r in kept)
    assert {r["story_id"] for r in kept} == {
        sid for sid in ids["koeln"] if stored[sid].published >= START + timedelta(days=20)
    }

    flood = tmp_path / "flood.parquet"
    write_parquet(iter_records(archive, SearchFilters(), "hochwasser"), flood)
    flood_ids = pq.read_table(flood, columns=["story_id"]).column(0).to_pylist()
    assert flood_ids == sorted(ids["flood"]) and len(flood_ids) > search_module.MAX_BATCH
    vi_flood = list(iter_records(archive, SearchFilters(languages=["vi"]), "hochwasser"))
    assert [r["story_id"] for r in vi_flood] == sorted(ids["flood"] & ids["thoidai"])


def test_empty_export_is_a_readable_parquet_file(archive: Engine, tmp_path: Path) -> None:
    target = tmp_path / "empty.parquet"
    assert write_parquet(iter_records(archive), target) == 0
    table = pq.read_table(target)
    assert table.num_rows == 0 and "appearances" in table.schema.names


def _ids_jsonl(text: str) -> list[int]:
    return [json.loads(line)["story_id"] for line in text.splitlines()]


def _ids_csv(text: str) -> list[int]:
    return [int(row["story_id"]) for row in csv.DictReader(io.StringIO(text))]


def test_jsonl_csv_and_parquet_export_the_same_stories(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    config = tmp_path / "newsmon.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n[[topics]]\nname = "flood"\nquery = "hochwasser"\n',
        encoding="utf-8",
    )
    engine = open_archive(url)
    ids = populate(engine, 120)
    engine.dispose()
    run_newsmon("match", config=config)

    cases = {
        (): set().union(*ids.values()),
        ("--query", "hochwasser", "--source", "koeln"): ids["flood"] & ids["koeln"],
        ("--topic", "flood", "--lang", "vi"): ids["flood"] & ids["thoidai"],
    }
    for filters, expected in cases.items():
        jsonl = _ids_jsonl(run_newsmon("export", *filters, config=config).stdout)
        as_csv = _ids_csv(run_newsmon("export", "-f", "csv", *filters, config=config).stdout)
        target = tmp_path / "out.parquet"
        result = run_newsmon(
            "export", "-f", "parquet", "--out", str(target), *filters, config=config
        )
        parquet = pq.read_table(target, columns=["story_id"]).column(0).to_pylist()
        assert jsonl == as_csv == parquet == sorted(set(jsonl)), filters
        assert f"exported {len(parquet)} stories" in result.stderr
        assert set(parquet) == expected, filters

    no_out = run_newsmon("export", "-f", "parquet", config=config, check=False)
    assert no_out.returncode == 2 and "--out" in no_out.stderr and not no_out.stdout
    bad = run_newsmon("export", "--query", "(unbalanced", config=config, check=False)
    assert bad.returncode == 2 and "--query" in bad.stderr
    assert not list(tmp_path.glob("*.partial"))


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    from newsmon.analysis.export import write_csv

    out = io.StringIO()
    titles = ['=HYPERLINK("http://evil.test","x")', "+1+1", "-2", "@SUM(A1)", "Plain", "a=b"]
    write_csv(iter({"story_id": n, "title": t} for n, t in enumerate(titles)), out)
    cells = [row["title"] for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert cells == ["'" + t for t in titles[:4]] + ["Plain", "a=b"]
