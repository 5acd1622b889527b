"""Story clustering: near-duplicates join their story, translations are linked, rebuilds safe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from fixtureworld.evalset.dedup import Doc, build_evalset, doc_page
from newsmon.analysis.export import iter_records
from newsmon.cli_stories import dedup, story
from newsmon.search.engine import search
from newsmon.storage.db import MIGRATIONS, open_archive, writer
from newsmon.storage.models import Appearance, Story
from newsmon.stories.cluster_models import (
    StoryCopy,
    StoryEntity,
    StoryGroup,
    StoryLink,
    StorySketch,
)
from newsmon.stories.neardup import DedupParams, sketch_text
from newsmon.stories.rebuild import rebuild
from newsmon.stories.repository import ArticlePage, SaveOutcome, save_article
from tests.conftest import REPO

DOCS = {d.id: d for d in build_evalset().docs}


def page(doc: Doc, **changes: object) -> ArticlePage:
    return doc_page(replace(doc, **changes))  # type: ignore[arg-type]


def save(engine: Engine, doc_id: str, **changes: object) -> int:
    return save_article(engine, page(DOCS[doc_id], **changes)).story_id


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def test_sketch_keys_of_a_text_never_change() -> None:
    """Stored archives hold these keys: a faster sketch must compute the very same ones,
    or new stories would stop finding the copies stored before an upgrade."""
    sketch = sketch_text(DOCS["de-koeln-lernende-stadt"].text, DedupParams())
    assert len(sketch.shingles) == 275
    assert sketch.band_keys[:4] == [
        -8017997132605103422,
        7986338645334307860,
        8261315775624829840,
        9149899214633812236,
    ]
    assert len(sketch.anchor_keys) == 17
    assert sketch.anchor_keys[:2] == [-8486866078267556080, -5928315509861864160]


def test_republication_with_edits_is_an_appearance_not_a_story(archive: Engine) -> None:
    original = save(archive, "de-koeln-lernende-stadt")
    # new title and lead, agency prefix, a paragraph added, subheadings lost, footer …
    variants = ("de-koeln-lernende-stadt~0", "de-koeln-lernende-stadt~1")
    for variant in variants:
        result = save_article(archive, page(DOCS[variant]))
        assert (result.story_id, result.outcome) == (original, SaveOutcome.duplicate)
    assert count(archive, Story) == 1
    with Session(archive) as session:
        urls = set(session.exec(select(Appearance.url).where(Appearance.story_id == original)))
        copies = session.exec(select(StoryCopy)).all()
    assert {DOCS[v].url for v in variants} <= urls
    assert {c.text for c in copies} == {DOCS[v].text for v in variants}
    # one entry per story in search, whatever the number of copies
    assert [h.story.id for h in search(archive, "UNESCO Köln")] == [original]


def test_short_syndicated_copy_is_found_by_containment_in_either_order(archive: Engine) -> None:
    full = DOCS["vi-duong-sat-so-5"]
    short_text = "\n\n".join(full.text.split("\n\n")[:3])
    short = replace(full, id="short", url="https://tinmoi.example/short.html", title="Ngắn")
    copy_first = save_article(archive, page(short, text=short_text))
    original = save_article(archive, page(full))
    assert original.story_id == copy_first.story_id
    with Session(archive) as session:
        assert session.exec(select(StoryCopy.method)).one() == "containment"


def test_same_topic_different_events_stay_two_stories(archive: Engine) -> None:
    pairs = [("vi-hanoi-gnlc", "fu-vi-hanoi-ceremony"), ("vi-xang-dau", "fu-vi-fuel-up")]
    pairs += [("vi-hanoi-gnlc", "vi-hue-gnlc"), ("en-storm-warning", "fu-en-storm-cleanup")]
    for first, second in pairs:
        assert save(archive, first) != save(archive, second)


def test_copies_outside_the_time_window_are_new_stories(archive: Engine) -> None:
    first = save(archive, "de-haushaltssperre")
    later = DOCS["de-haushaltssperre~0"].published + timedelta(days=60)
    assert save(archive, "de-haushaltssperre~0", published=later) != first


def test_translation_is_linked_and_stays_its_own_story(archive: Engine) -> None:
    vi = save(archive, "vi-hanoi-gnlc")
    save(archive, "vi-hanoi-gnlc~0")
    en = save(archive, "en-hanoi-translation")  # ends "Source: <thoidai URL>"
    de = save(archive, "tr-de-berufsbildung")  # another event: a group of its own
    vi_other = save(archive, "vi-nfd-doi-ngoai")  # its original, stored after it
    assert len({vi, en, de, vi_other}) == 4
    records = {r["story_id"]: r for r in iter_records(archive)}
    assert records[vi]["group_id"] == records[en]["group_id"] == vi
    assert records[vi]["related_story_ids"] == [en]
    assert records[de]["related_story_ids"] == [vi_other]
    assert {a["url"] for a in records[vi]["appearances"]} >= {
        DOCS["vi-hanoi-gnlc"].url,
        DOCS["vi-hanoi-gnlc~0"].url,
    }
    assert [a["canonical"] for a in records[vi]["appearances"]].count(True) == 1


def test_translation_without_a_source_link_is_linked_by_names_and_numbers(archive: Engine) -> None:
    vi = save(archive, "vi-hoc-may-giao-thong")
    en = save(archive, "tr-en-traffic")
    negative = save(archive, "xn-en-hcmc-metro")
    with Session(archive) as session:
        groups = {g.story_id: g.group_id for g in session.exec(select(StoryGroup))}
    assert groups[en] == groups[vi] and negative not in groups


def test_an_archive_upgraded_from_before_language_days_still_links_translations(
    database_url: str,
) -> None:
    archive = open_archive(database_url)
    vi = save(archive, "vi-hoc-may-giao-thong")
    with writer(archive).begin() as connection:  # the schema of the previous release
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
    archive.dispose()
    upgraded = open_archive(database_url)  # 0016 learns the languages of the stored keys
    try:
        en = save(upgraded, "tr-en-traffic")  # linked by names and numbers only
        with Session(upgraded) as session:
            groups = {g.story_id: g.group_id for g in session.exec(select(StoryGroup))}
        assert groups[en] == groups[vi]
    finally:
        upgraded.dispose()


def test_rebuild_is_idempotent_reversible_and_loses_nothing(archive: Engine) -> None:
    ids = [
        "de-koeln-lernende-stadt",
        "de-koeln-lernende-stadt~0",
        "de-koeln-lernende-stadt~1",
        "tr-vi-koeln",
        "vi-xang-dau",
        "vi-xang-dau~0",
        "fu-vi-fuel-up",
    ]
    for doc_id in ids:
        save(archive, doc_id)

    def state() -> tuple[int, int, int, int]:
        return (count(archive, Story), count(archive, StoryCopy), count(archive, Appearance),
                count(archive, StoryGroup))  # fmt: skip

    before = state()
    assert before[:2] == (4, 3)
    assert rebuild(archive, DedupParams()).merged == 0
    assert state() == before
    strict = rebuild(archive, DedupParams(jaccard=0.99, containment=0.999))
    assert strict.split == 3 and state()[:3] == (7, 0, before[2])
    assert rebuild(archive, DedupParams(jaccard=0.99, containment=0.999)).split == 0
    back = rebuild(archive, DedupParams())
    assert back.merged == 3 and state() == before
    # a fresh engine (a restart) finds duplicates through the stored index
    again = open_archive(archive.url.render_as_string(False))
    assert save(again, "vi-xang-dau~0", url="https://elsewhere.example/x") == save(
        again, "vi-xang-dau"
    )
    again.dispose()


def test_story_and_dedup_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    config = tmp_path / "newsmon.toml"
    config.write_text(f'[database]\nurl = "{url}"\n[dedup]\njaccard = 0.5\n', encoding="utf-8")
    engine = open_archive(url)
    vi = save(engine, "vi-hanoi-gnlc")
    save(engine, "vi-hanoi-gnlc~0")
    en = save(engine, "en-hanoi-translation")
    engine.dispose()
    app = typer.Typer()
    app.command()(story)
    app.command()(dedup)
    runner = CliRunner()
    shown = runner.invoke(app, ["story", str(vi), "--config", str(config), "--json"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert record["related_story_ids"] == [en] and record["group_id"] == vi
    assert record["related"][0]["signals"]["source_link"] is True
    assert [c["url"] for c in record["copies"]] == [DOCS["vi-hanoi-gnlc~0"].url]
    status = runner.invoke(app, ["dedup", "--config", str(config)])
    assert "dedup --rebuild" in status.output  # config (jaccard 0.5) differs from the index
    rebuilt = runner.invoke(app, ["dedup", "--rebuild", "--config", str(config)])
    assert rebuilt.exit_code == 0 and "2 stories -> 2" in rebuilt.output
    assert runner.invoke(app, ["story", "99", "--config", str(config)]).exit_code == 1


_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    from tests.test_clusters import DOCS, page
    from newsmon.storage.db import MIGRATIONS, open_archive, writer
    from newsmon.stories.repository import save_article
    engine = open_archive(sys.argv[1])
    docs = list(DOCS.values())
    n = 0
    while True:
        for doc in docs:
            n += 1
            moved = doc.published + timedelta(days=30 * n)  # always a new story or copy
            save_article(engine, page(doc, url=f"{doc.url}?n={n}", published=moved))
            print(n, flush=True)
    """
)


@pytest.mark.parametrize("kill_after", [5, 23, 61])
def test_killing_a_writer_never_leaves_index_and_stories_out_of_step(
    tmp_path: Path, kill_after: int
) -> None:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    open_archive(url).dispose()
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, url],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None
    for _ in range(kill_after):
        child.stdout.readline()
    time.sleep(0.003 * kill_after % 0.05)  # land anywhere inside the next save
    child.send_signal(signal.SIGKILL)
    child.wait()
    engine = open_archive(url)
    with Session(engine) as session:
        stories = set(session.exec(select(Story.id)))
        sketched = set(session.exec(select(StorySketch.story_id).distinct()))
        profiled = set(session.exec(select(StoryEntity.story_id).distinct()))
        copies = set(session.exec(select(StoryCopy.story_id).distinct()))
    assert len(stories) >= 2
    assert sketched == stories and profiled == stories  # every story indexed …
    assert copies <= stories  # … and nothing in the index points to a missing story
    # the archive goes on: the next save of a known text is recognised
    some = next(iter(DOCS.values()))
    save_article(engine, page(some))
    assert save_article(engine, page(some, url=some.url + "?again")).outcome == "duplicate"
    engine.dispose()


def test_a_republication_stored_before_its_original_hands_it_the_lead(archive: Engine) -> None:
    original = DOCS["de-koeln-lernende-stadt"]
    copy = DOCS["de-koeln-lernende-stadt~0"]  # published hours later by a republisher
    story_id = save(archive, copy.id)
    result = save_article(archive, page(original))
    assert result.story_id == story_id  # one story, same id (digests and links stay)
    with Session(archive) as session:
        story = session.get(Story, story_id)
        assert story is not None
        assert (story.source, story.title) == (original.source, original.title)
        assert story.canonical_url == original.url and story.published == original.published
        copies = session.exec(select(StoryCopy).where(StoryCopy.story_id == story_id)).all()
        assert [(c.source, c.title) for c in copies] == [(copy.source, copy.title)]
    # A later republication stays a copy: the original keeps the lead.
    save(archive, "de-koeln-lernende-stadt~1")
    with Session(archive) as session:
        assert session.get(Story, story_id).source == original.source  # type: ignore[union-attr]
    found = {hit.story.id for hit in search(archive, '"lernende Stadt"')}
    assert found == {story_id}


def test_numbers_alone_link_nothing_and_groups_do_not_leap(archive: Engine) -> None:
    fuel = save(archive, "vi-xang-dau")
    football = save(archive, "la-en-football-fuel-numbers")  # same figures, another event
    gas = save(archive, "la-de-haushalt-fuel-numbers")
    translation = save(archive, "tr-en-fuel")  # cites the Vietnamese URL
    records = {r["story_id"]: r for r in iter_records(archive)}
    assert records[fuel]["related_story_ids"] == [translation]
    assert records[football]["related_story_ids"] == []
    assert records[gas]["related_story_ids"] == []
    assert records[football]["group_id"] != records[fuel]["group_id"]
    with Session(archive) as session:
        (link,) = session.exec(select(StoryLink)).all()
    assert {link.story_id, link.related_id} == {fuel, translation}
    assert link.signals["source_link"] is True and link.score >= 1  # evidence kept


def test_same_language_stories_are_never_language_versions(archive: Engine) -> None:
    vi = save(archive, "vi-hanoi-gnlc")
    en = save(archive, "en-hanoi-translation")
    # A second Vietnamese story that also links to the English one (same names, numbers).
    text = DOCS["vi-hanoi-gnlc"].text + "\n\nBáo Mới tổng hợp."
    vi2 = save(archive, "vi-hanoi-gnlc", url="https://baomoi.example/gnlc.html", text=text)
    records = {r["story_id"]: r for r in iter_records(archive)}
    for story_id in (vi, vi2):
        assert all(records[o]["language"] != "vi" for o in records[story_id]["related_story_ids"])
    assert en in records[vi]["related_story_ids"]


def test_reports_that_share_only_background_figures_are_not_language_versions(
    archive: Engine,
) -> None:
    # Hanoi and Kingsport join the same Unesco network: both give its 53 new members
    # and 350 cities and name Unesco and Hamburg, but each gives figures of its own.
    # Saved into an empty archive, where nothing is common enough to count less.
    hanoi = save(archive, "vi-hanoi-gnlc")
    kingsport = save(archive, "en-learning-city-network-grows")
    translation = save(archive, "en-hanoi-translation")
    records = {r["story_id"]: r for r in iter_records(archive)}
    assert records[kingsport]["related_story_ids"] == []
    assert records[hanoi]["related_story_ids"] == [translation]


def test_a_shorter_version_gives_no_figures_of_its_own() -> None:
    from newsmon.stories.relations import containment, numbers

    original = numbers("Ngày 19/11, 96.000 TEU, tăng 9%; 120 việc làm, đến năm 2027.")
    shorter = numbers("On Friday, 96,000 TEU crossed the quay in October.")
    assert containment(original, shorter) == 1.0  # days and months as digits don't count
    other = numbers("More than 350 cities; 53 new members; a report due in 2027 and 580 hubs.")
    look_alike = numbers("53 new members join the 350 cities, the first report due in 2030.")
    assert containment(other, look_alike) == 0.5
