"""Alert quality: precision and recall of a topic rule on a labelled set.

Run: .venv/bin/python bench/alert_quality.py [--rule RULE] [--data FILE]
The default set (alerts/evalset/learning_city.jsonl) has positives in
Vietnamese, German and English with every surface form of "learning city", and
near misses: the words far apart or across a sentence, "machine learning in the
city", different Vietnamese diacritics, and pages where the keyword appears only
in navigation, related-article lists or comments. Items with ``html`` go through
the real extractor first, so those test that boilerplate never reaches matching.
Every miss and false alarm is printed with its note.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixtureworld.world import LEARNING_CITY_RULE  # noqa: E402
from newsmon.extract.article import extract_article  # noqa: E402
from newsmon.query.matcher import StoryText, TopicMatcher  # noqa: E402

DEFAULT_RULE = LEARNING_CITY_RULE  # the starter config's rule
DEFAULT_DATA = ROOT / "alerts" / "evalset" / "learning_city.jsonl"


def story(item: dict[str, object]) -> StoryText:
    if "html" in item:
        article = extract_article(str(item["html"]), f"https://bench.test/{item['id']}")
        return StoryText(article.title or "", article.text, article.language)
    return StoryText(str(item["title"]), str(item["body"]), str(item["lang"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rule", default=DEFAULT_RULE)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    matcher = TopicMatcher.from_rules([("topic", args.rule)])
    items = [json.loads(line) for line in args.data.read_text("utf-8").splitlines() if line]
    tp = fp = fn = 0
    per_language: dict[str, list[int]] = {}
    for item in items:
        found = matcher.match(story(item))
        hit, label = bool(found), bool(item["label"])
        tp += hit and label
        fp += hit and not label
        fn += label and not hit
        stats = per_language.setdefault(item["lang"], [0, 0])
        stats[0] += hit == label
        stats[1] += 1
        if hit != label:
            kind = "FALSE ALARM" if hit else "MISS"
            terms = f" (matched {found[0].terms})" if found else ""
            print(f"{kind} #{item['id']} [{item['lang']}] {item['note']}{terms}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"rule: {args.rule}")
    print(
        f"items {len(items)} (positives {tp + fn}), true positives {tp}, "
        f"false positives {fp}, false negatives {fn}"
    )
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for language, (right, total) in sorted(per_language.items()):
        print(f"  {language}: {right}/{total} correct")


if __name__ == "__main__":
    main()
