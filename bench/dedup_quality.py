"""Story clustering quality: pairwise precision/recall on the labelled evaluation set.

Run: .venv/bin/python bench/dedup_quality.py [--seeds 3] [--verbose]

Every document of fixtureworld/evalset goes through the real save path
(``save_article``) into a fresh SQLite archive, in a shuffled order per seed
(arrival order matters: a short copy may come before its original). Then:

(a) same-language duplicates: over all same-language document pairs, "predicted
    same" = stored as one story; truth = same ``story`` label.
(b) cross-language links: over all pairs in different languages, "predicted
    related" = same story group; truth = same ``event`` label.

It also prints the similarity margins (labelled duplicates vs hard negatives) and
what each cross-language signal contributes on its own (offline, same scoring).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from dataclasses import replace
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, select  # noqa: E402

from fixtureworld.evalset.dedup import EvalSet, build_evalset, doc_page  # noqa: E402
from newsmon.storage.db import open_archive  # noqa: E402
from newsmon.storage.models import Story  # noqa: E402
from newsmon.stories.cluster_models import StoryGroup  # noqa: E402
from newsmon.stories.identity import normalize_url  # noqa: E402
from newsmon.stories.neardup import DedupParams, duplicate_method, shingles, similarity  # noqa: E402
from newsmon.stories.relations import profile, score_pair  # noqa: E402
from newsmon.stories.repository import save_article  # noqa: E402


def pr(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for truth, pred in pairs if truth and pred)
    fp = sum(1 for truth, pred in pairs if not truth and pred)
    fn = sum(1 for truth, pred in pairs if truth and not pred)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def run_once(evalset: EvalSet, seed: int, verbose: bool) -> tuple[list, list, list]:
    docs = list(evalset.docs)
    random.Random(seed).shuffle(docs)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_archive(f"sqlite:///{tmp}/eval.db")
        story_of = {doc.id: save_article(engine, doc_page(doc)).story_id for doc in docs}
        with Session(engine) as session:
            group_of = {g.story_id: g.group_id for g in session.exec(select(StoryGroup))}
            lead_url = dict(session.exec(select(Story.id, Story.canonical_url)).all())
        engine.dispose()
    # Each re-published story is led by its original (the base, published first),
    # whatever order the pages arrived in.
    by_id = {d.id: d for d in evalset.docs}
    originals = sorted({base for base, _ in evalset.duplicate_pairs if "~" not in base})
    leads = []
    for base in originals:
        ok = lead_url[story_of[base]] == normalize_url(by_id[base].url)
        leads.append(ok)
        if verbose and not ok:
            print(f"  seed {seed} lead is not the original: {base}")
    same, cross = [], []
    for a, b in combinations(evalset.docs, 2):
        if a.language == b.language:
            predicted = story_of[a.id] == story_of[b.id]
            same.append((a.story == b.story, predicted))
            if verbose and predicted != (a.story == b.story):
                print(f"  seed {seed} same-language {'FP' if predicted else 'FN'}: {a.id} / {b.id}")
        else:
            ga = group_of.get(story_of[a.id], story_of[a.id])
            gb = group_of.get(story_of[b.id], story_of[b.id])
            cross.append((a.event == b.event, ga == gb))
            if verbose and (ga == gb) != (a.event == b.event):
                print(f"  seed {seed} cross-language {'FP' if ga == gb else 'FN'}: {a.id} / {b.id}")
    return same, cross, leads


def margins(evalset: EvalSet, params: DedupParams) -> None:
    docs = {d.id: d for d in evalset.docs}
    sets = {d.id: shingles(d.text, params.shingle_words) for d in evalset.docs}

    def show(label: str, pairs: list[tuple[str, str]]) -> None:
        sims = [similarity(sets[a], sets[b]) for a, b in pairs]
        hits = sum(1 for s in sims if duplicate_method(s, params))
        j = sorted(s.jaccard for s in sims)
        c = sorted(s.containment for s in sims)
        print(
            f"  {label:<26} n={len(pairs):>3}  judged duplicate {hits:>3}   "
            f"jaccard min/median/max {j[0]:.2f}/{j[len(j) // 2]:.2f}/{j[-1]:.2f}   "
            f"containment {c[0]:.2f}/{c[len(c) // 2]:.2f}/{c[-1]:.2f}"
        )

    print(f"pair margins (shingles of {params.shingle_words} folded words):")
    show("labelled near-duplicates", evalset.duplicate_pairs)
    show("labelled hard negatives", evalset.hard_negative_pairs)
    del docs


def signal_ablation(evalset: EvalSet, params: DedupParams) -> None:
    """Each cross-language signal alone and combined, over all cross-language pairs."""
    profiles = {d.id: profile(d.text, d.title, [d.url]) for d in evalset.docs}
    variants = {
        "source link only": dict(names=False, numbers=False, outlet=False, link=True),
        "names only": dict(names=True, numbers=False, outlet=False, link=False),
        "numbers only": dict(names=False, numbers=True, outlet=False, link=False),
        "names + numbers": dict(names=True, numbers=True, outlet=False, link=False),
        "names + numbers + outlet": dict(names=True, numbers=True, outlet=True, link=False),
        "all signals (default)": dict(names=True, numbers=True, outlet=True, link=True),
    }
    print("cross-language signals (offline, pairs of stories in different languages):")
    for label, use in variants.items():
        for window in (True, False):
            results = []
            for a, b in combinations(evalset.docs, 2):
                if a.language == b.language or a.story == b.story:
                    continue
                pa, pb = profiles[a.id], profiles[b.id]
                pa = replace(
                    pa,
                    names=pa.names if use["names"] else set(),
                    numbers=pa.numbers if use["numbers"] else set(),
                    urls=pa.urls if use["link"] else {f"own:{a.id}"},
                )
                pb = replace(
                    pb,
                    names=pb.names if use["names"] else set(),
                    numbers=pb.numbers if use["numbers"] else set(),
                    urls=pb.urls if use["link"] else {f"own:{b.id}"},
                )
                outlet = use["outlet"] and (
                    b.source.replace(" ", "") in a.text.lower().replace(" ", "")
                    or a.source.replace(" ", "") in b.text.lower().replace(" ", "")
                )
                days = abs((a.published - b.published).total_seconds()) / 86400
                result = score_pair(pa, pb, outlet, days, params)
                linked = result.signals["source_link"]
                ok_date = not window or days <= params.link_window_days or linked
                predicted = ok_date and result.score >= params.link_threshold
                results.append((a.event == b.event, predicted))
            p, r, tp, fp, fn = pr(results)
            print(
                f"  {label:<26} {'with' if window else 'without':>7} date window: "
                f"P={p:.3f} R={r:.3f} (tp {tp}, fp {fp}, fn {fn})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="arrival orders to average over")
    parser.add_argument("--verbose", action="store_true", help="print every wrong pair")
    args = parser.parse_args()
    evalset = build_evalset()
    params = DedupParams()
    languages = sorted({d.language for d in evalset.docs})
    print(
        f"evaluation set: {len(evalset.docs)} documents ({', '.join(languages)}); labelled pairs: "
        f"{len(evalset.duplicate_pairs)} near-duplicate, {len(evalset.hard_negative_pairs)} "
        f"hard-negative, {len(evalset.translation_pairs)} translation, "
        f"{len(evalset.cross_negative_pairs)} cross-language negative"
    )
    margins(evalset, params)
    same_all, cross_all, leads_all = [], [], []
    for seed in range(args.seeds):
        same, cross, leads = run_once(evalset, seed, args.verbose)
        same_all += same
        cross_all += cross
        leads_all += leads
    p, r, tp, fp, fn = pr(same_all)
    print(
        f"(a) same-language duplicates, {args.seeds} arrival orders: precision {p:.3f}  "
        f"recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})   targets P>=0.99 R>=0.95"
    )
    p, r, tp, fp, fn = pr(cross_all)
    print(
        f"(b) cross-language links,     {args.seeds} arrival orders: precision {p:.3f}  "
        f"recall {r:.3f}  (tp {tp}, fp {fp}, fn {fn})   targets P>=0.97 R>=0.85"
    )
    print(
        f"(c) the original leads its re-publications: {sum(leads_all)}/{len(leads_all)} "
        f"({sum(leads_all) / max(1, len(leads_all)):.0%})   target 100%"
    )
    signal_ablation(evalset, params)


if __name__ == "__main__":
    main()
