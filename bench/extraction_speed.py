"""Extraction speed: newsmon's extract_article against trafilatura's own time, page by page.

Run on demand (not a test)::

    .venv/bin/python bench/extraction_speed.py [--rounds 1]

extract_article does more than trafilatura.extract (metadata, dates with provenance,
language, furniture removal) and must cost at most 1.15x trafilatura's time per page
(``include_comments=False``, what newsmon asks of it). The two run alternately on each
page of both data sets, so a busy machine slows both alike; the load is printed.
"""

from __future__ import annotations

import argparse
import logging
import os
import time

import extraction_quality as quality


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    samples = quality.load_scrapinghub(None) + quality.load_fundus(None)
    quality.run_ours(samples[0])  # imports and models: a once-per-worker cost
    quality.run_trafilatura(samples[0], include_comments=False)
    theirs = ours = 0.0
    for _ in range(args.rounds):
        for sample in samples:
            start = time.perf_counter()
            quality.run_trafilatura(sample, include_comments=False)
            middle = time.perf_counter()
            quality.run_ours(sample)
            theirs += middle - start
            ours += time.perf_counter() - middle
    pages = len(samples) * args.rounds
    print(
        f"{pages} pages: trafilatura.extract(include_comments=False) "
        f"{theirs / pages * 1000:.1f} ms/page, extract_article {ours / pages * 1000:.1f} ms/page,"
        f" ratio {ours / theirs:.3f} (target <= 1.15); load {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
