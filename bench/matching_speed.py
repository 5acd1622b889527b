"""Topic matching speed: 200 topics × 10,000 synthetic stories on one core.

Run: .venv/bin/python bench/matching_speed.py [--topics 200] [--stories 10000]
Prints stories/s for matching alone (tokenising each story + testing all topics);
the target is ≥ 2,000 stories/s. Stories are ~400 words drawn from a Zipf-like
vocabulary mixing English, German and Vietnamese words, so common words repeat
as in real text and topic keywords are rare.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsmon.query.matcher import Document, StoryText, TopicMatcher

SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "mu",
    "ste",
    "lan",
    "ver",
    "thi",
    "pho",
    "hoc",
    "tap",
    "dao",
    "ngu",
    "xa",
    "stad",
    "lern",
    "bur",
    "gen",
    "ion",
    "ter",
    "mar",
    "que",
    "lo",
    "vi",
]
VIETNAMESE = [
    "thành",
    "phố",
    "học",
    "tập",
    "giáo",
    "dục",
    "người",
    "được",
    "những",
    "trong",
    "đã",
    "của",
    "cộng",
    "đồng",
    "hoà",
    "bình",
    "xã",
    "hội",
    "năm",
    "với",
]
GERMAN = ["Städte", "lernende", "Bildung", "Straße", "für", "über", "Schüler", "Bürger"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size * 2)
    }
    return sorted(words)[:size] + VIETNAMESE + GERMAN


def make_topics(rng: random.Random, vocab: list[str], count: int) -> list[tuple[str, str]]:
    rare = vocab[len(vocab) // 4 :]
    shapes = [
        lambda: f'"{rng.choice(rare)} {rng.choice(rare)}" OR {rng.choice(rare)}',
        lambda: f"{rng.choice(rare)[:5]}* NEAR/3 {rng.choice(rare)}",
        lambda: (
            f"({rng.choice(rare)} OR {rng.choice(rare)}) {rng.choice(rare)} NOT {rng.choice(vocab)}"
        ),
        lambda: f'title:{rng.choice(rare)} OR "{rng.choice(VIETNAMESE)} {rng.choice(VIETNAMESE)}"',
        lambda: f"{rng.choice(rare)} ONEAR/2 {rng.choice(rare)} lang:vi",
    ]
    return [(f"topic-{i}", shapes[i % len(shapes)]()) for i in range(count)]


def make_stories(rng: random.Random, vocab: list[str], count: int) -> list[StoryText]:
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    stories = []
    for i in range(count):
        body = rng.choices(vocab, weights, k=400)
        for at in range(0, 400, 12):
            body[at] = body[at].capitalize() + "."
        title = " ".join(rng.choices(vocab, weights, k=8))
        stories.append(
            StoryText(title, " ".join(body), rng.choice(["vi", "de", "en"]), f"s{i % 7}")
        )
    return stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    vocab = vocabulary(rng, 5000)
    topics = make_topics(rng, vocab, args.topics)
    stories = make_stories(rng, vocab, args.stories)

    started = time.perf_counter()
    matcher = TopicMatcher.from_rules(topics)
    compiled = time.perf_counter() - started

    started = time.perf_counter()
    matches = evaluated = 0
    for story in stories:
        found = matcher.match(story)
        matches += len(found)
    elapsed = time.perf_counter() - started
    evaluated = sum(len(matcher.candidates(Document(s))) for s in stories[:500]) / 500
    words = sum(len(s.body.split()) + len(s.title.split()) for s in stories)
    print(f"topics {len(topics)}, stories {len(stories)}, words/story {words / len(stories):.0f}")
    print(f"compile: {compiled * 1000:.1f} ms")
    print(
        f"matching: {elapsed:.2f} s, {len(stories) / elapsed:,.0f} stories/s "
        f"(target ≥ 2,000), {matches} topic matches"
    )
    print(f"topics evaluated per story (after trigger index): {evaluated:.1f} of {len(topics)}")


if __name__ == "__main__":
    main()
