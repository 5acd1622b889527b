"""Command-line latency: `newsmon --help` and a search of a small archive, end to end.

Run: .venv/bin/python bench/cli_speed.py [--runs 7]

Builds a small archive (the clustering evaluation set: about 110 vi/de/en stories)
in a temporary directory, then times whole processes, as a user at a terminal
waits for them: median and slowest of ``--runs`` runs, with the interpreter's own
start-up (`python -c pass`) for reference. Targets (issue 14): --help < 0.3 s, a
search < 0.5 s. A busy machine inflates every figure alike: compare with the
start-up line.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtureworld.evalset.dedup import build_evalset, doc_page  # noqa: E402
from newsmon.storage.db import open_archive  # noqa: E402
from newsmon.stories.repository import save_article  # noqa: E402


def timed(command: list[str], runs: int) -> tuple[float, float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/small.db"
        engine = open_archive(database)
        docs = build_evalset().docs
        for doc in docs:
            save_article(engine, doc_page(doc))
        engine.dispose()
        config = Path(tmp) / "newsmon.toml"
        config.write_text(f'[database]\nurl = "{database}"\n', encoding="utf-8")
        newsmon = [sys.executable, "-m", "newsmon"]
        cases = [
            ("python -c pass (start-up)", [sys.executable, "-c", "pass"], None),
            ("newsmon --help", [*newsmon, "--help"], 0.3),
            (
                f"newsmon search (archive of {len(docs)})",
                [*newsmon, "search", "thanh pho hoc tap", "--config", str(config)],
                0.5,
            ),
            (
                "newsmon search, phrase",
                [*newsmon, "search", '"learning city"', "--config", str(config)],
                0.5,
            ),
        ]
        print(f"median / slowest of {args.runs} runs")
        for label, command, target in cases:
            median, slowest = timed(command, args.runs)
            goal = f"   target < {target} s" if target else ""
            print(f"  {label:<36} {median:6.3f} s / {slowest:6.3f} s{goal}")


if __name__ == "__main__":
    main()
