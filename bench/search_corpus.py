"""Synthetic vi/de/en news stories for the search benchmark, seeded from real article text.

Vocabularies come from real prose: the hand-written fixture-world articles and
their word pools, plus the fundus and scrapinghub extraction sets under
``../shared/datasets`` when present (German and English news bodies). Vietnamese
gets a long tail of well-formed syllables (onset + rhyme + tone, with đ and
two-mark letters such as ế, ộ, ặ, ữ). Words are drawn Zipf-Mandelbrot by their
real frequency rank, with topical phrases ("thành phố học tập", "Lernende Stadt",
"climate change", …) planted at fixed per-story rates so queries hit result sets
from a few dozen stories to hundreds of thousands. Every batch is generated from
``(seed, first_id)`` alone: the same seed always gives the same archive.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"

LANGUAGES = ("vi", "de", "en")
LANGUAGE_SHARE = (0.45, 0.30, 0.25)
SOURCES: dict[str, list[tuple[str, float]]] = {
    "vi": [("vnexpress", 0.3), ("tuoitre", 0.25), ("thanhnien", 0.2), ("dantri", 0.15),
           ("thoidai", 0.1)],
    "de": [("spiegel", 0.35), ("zeit", 0.25), ("sueddeutsche", 0.25), ("rheinblatt", 0.15)],
    "en": [("guardian", 0.45), ("bbc", 0.4), ("harbourtimes", 0.15)],
}  # fmt: skip
SOURCE_LANGUAGE = {source: lang for lang, pairs in SOURCES.items() for source, _ in pairs}
UTC_OFFSET = {"vi": 420, "de": 60, "en": 0}
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)

# (phrase, share of that language's stories containing it). Titles carry it a third of the time.
PLANTED: dict[str, list[tuple[str, float]]] = {
    "vi": [
        ("thành phố học tập", 0.005),
        ("học tập suốt đời", 0.008),
        ("Đà Nẵng", 0.04),
        ("Hà Nội", 0.05),
        ("chuyển đổi số", 0.03),
        ("biến đổi khí hậu", 0.02),
        ("đường sắt tốc độ cao", 0.01),
        ("UNESCO", 0.003),
        ("Thủ tướng", 0.05),
        ("Nguyễn Văn Hải", 0.001),
    ],
    "de": [
        ("Lernende Stadt", 0.003),
        ("Stadt des Lernens", 0.002),
        ("lernende und offene Stadt", 0.001),
        ("Lernstadt", 0.002),
        ("Lernstädte", 0.001),
        ("Bürgermeister", 0.05),
        ("Klimawandel", 0.03),
        ("Straßenbahn", 0.01),
        ("Künstliche Intelligenz", 0.01),
        ("UNESCO", 0.003),
        ("Bundesregierung", 0.04),
    ],
    "en": [
        ("learning city", 0.005),
        ("learning cities", 0.002),
        ("city of learning", 0.002),
        ("climate change", 0.04),
        ("climate crisis", 0.01),
        ("city council", 0.03),
        ("artificial intelligence", 0.02),
        ("lifelong learning", 0.005),
        ("UNESCO", 0.003),
        ("Da Nang", 0.002),
        ("ornithopter", 0.0002),
    ],
}

_VI_ONSETS = ["", *"b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()]  # noqa: SIM905
_VI_RHYMES = (  # noqa: SIM905
    "a ai ao au ay an ang anh am ac ach at ap ăn ăng ăm ăc ăt ăp âu ây ân âng âm ât âc âp "
    "e eo en em et ec ep ê êu ên ênh êm êt êch i ia iu in inh im it ich ip iêu iên iêm iêt "
    "iêc iêp o oi on ong om ot oc op oa oai oan oang oanh oat oac oe ô ôi ôn ông ôm ôt ôc "
    "ơ ơi ơn ơm ơt ơp u ua ui un ung um ut uc up uy uân uât uyên uyêt uôi uôn uông uôt uôc "
    "ư ưa ưi ưu ưng ưc ưt ươi ươu ươn ương ươm ươt ươc ươp y yêu yên"
).split()
_VI_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_VOWELS = set("aăâeêioôơuưy")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _vi_syllable(onset: str, rhyme: str, tone: str) -> str:
    """Onset + rhyme with the tone mark on the vowel Vietnamese orthography puts it on."""
    positions = [i for i, ch in enumerate(rhyme) if ch in _VOWELS]
    marked = [i for i in positions if rhyme[i] in "ăâêôơư"]
    if marked:
        target = marked[-1]
    elif len(positions) == 1 or rhyme[-1] not in _VOWELS or rhyme[:2] in ("oa", "oe", "uy"):
        target = positions[-1]
    else:
        target = positions[0]
    text = onset + rhyme[: target + 1] + tone + rhyme[target + 1 :]
    return unicodedata.normalize("NFC", text)


def _seed_texts() -> dict[str, list[str]]:
    """Real article text per language from the fixture world and the shared datasets."""
    import sys

    sys.path.insert(0, str(ROOT))
    from fixtureworld import synth
    from fixtureworld.content import harbourtimes, rheinblatt, thoidai

    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for lang, module in (("vi", thoidai), ("de", rheinblatt), ("en", harbourtimes)):
        texts[lang] += [f"{a.title} {a.lead} {a.body}" for a in module.ARTICLES]
    for lang in LANGUAGES:
        pools = synth._POOLS[lang]
        texts[lang] += [re.sub(r"\{\w+\}", " ", v) for values in pools.values() for v in values]
    fundus = DATASETS / "fundus-parser-testdata" / "ground-truth.json"
    if fundus.exists():
        country = {"de": "de", "at": "de", "ch": "de", "vn": "vi"}
        country |= dict.fromkeys(("us", "uk", "au", "ca", "za"), "en")
        for key, page in json.loads(fundus.read_text()).items():
            lang = country.get(key.split("__")[0])
            if lang:
                texts[lang].append(f"{page.get('headline') or ''} {page['articleBody']}")
    scrapinghub = DATASETS / "scrapinghub-article-extraction-benchmark" / "ground-truth.json"
    if scrapinghub.exists():
        for page in json.loads(scrapinghub.read_text()).values():
            body = page["articleBody"]
            if not re.search(r"[äöüßàáảãạđơư]", body):  # the set is mostly English
                texts["en"].append(body)
    return texts


def _ranked_words(texts: list[str]) -> list[str]:
    """Distinct words by descending frequency, each in its most common spelling."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_WORD.findall(text))
    by_key: dict[str, Counter[str]] = {}
    for word, n in counts.items():
        by_key.setdefault(word.casefold(), Counter())[word] += n
    totals = sorted(by_key.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return [forms.most_common(1)[0][0] for _, forms in totals]


@dataclass
class Language:
    code: str
    words: np.ndarray  # object array of 5 * V: plain, Capitalised, "w.", "w.\n\n", "w,"
    cdf: np.ndarray
    phrases: list[tuple[str, float]]

    @property
    def size(self) -> int:
        return len(self.words) // 5


def _language(code: str, ranked: list[str], rng: np.random.Generator) -> Language:
    vocabulary = list(ranked)
    seen = {w.casefold() for w in vocabulary}
    if code == "vi":
        # Tail of well-formed syllables the seed text never used.
        # Syllables ending in a stop (c, ch, p, t) take only the sắc or nặng tone.
        extra = [
            _vi_syllable(o, r, t)
            for o in _VI_ONSETS
            for r in _VI_RHYMES
            for t in (_VI_TONES[1::4] if r[-1] in "cpth" and r[-2:] != "nh" else _VI_TONES)
        ]
        order = rng.permutation(len(extra))
        for i in order:
            if len(vocabulary) >= 7000:
                break
            if extra[i] not in seen:
                seen.add(extra[i])
                vocabulary.append(extra[i])
    elif code == "de":
        nouns = [w for w in ranked[:3000] if w[:1].isupper() and len(w) >= 4][:400]
        while len(vocabulary) < 40_000 and nouns:
            compound = nouns[int(rng.integers(len(nouns)))]
            compound += nouns[int(rng.integers(len(nouns)))].lower()
            if compound.casefold() not in seen:
                seen.add(compound.casefold())
                vocabulary.append(compound)
    vocabulary = vocabulary[:40_000]
    ranks = np.arange(1, len(vocabulary) + 1)
    weights = 1.0 / (ranks + 2.7) ** 1.05
    cdf = np.cumsum(weights) / weights.sum()
    capital = [w[:1].upper() + w[1:] for w in vocabulary]
    forms = vocabulary + capital + [w + "." for w in vocabulary]
    forms += [w + ".\n\n" for w in vocabulary] + [w + "," for w in vocabulary]
    return Language(code, np.array(forms, dtype=object), cdf, PLANTED[code])


class Corpus:
    """Deterministic story rows (for ``stories``) and appearance rows, batch by batch."""

    def __init__(self, seed: int = 1, count: int = 1_000_000) -> None:
        self.seed = seed
        self.count = count
        rng = np.random.default_rng([seed, 0])
        texts = _seed_texts()
        self.languages = {
            code: _language(code, _ranked_words(texts[code]), rng) for code in LANGUAGES
        }

    def vocabulary_sizes(self) -> dict[str, int]:
        return {code: lang.size for code, lang in self.languages.items()}

    def _words(self, lang: Language, rng: np.random.Generator, n: int, title: bool) -> list[str]:
        index = np.searchsorted(lang.cdf, rng.random(n))
        index = np.minimum(index, lang.size - 1)
        kind = np.zeros(n, dtype=np.int64)
        kind[0] = 1
        if not title:
            lengths = rng.integers(8, 29, n // 8 + 2)
            ends = np.cumsum(lengths) - 1
            ends = ends[ends < n - 1]
            kind[rng.random(n) < 0.05] = 4
            kind[ends + 1] = 1
            paragraph_end = rng.random(len(ends)) < 0.28
            kind[ends] = np.where(paragraph_end, 3, 2)
            kind[n - 1] = 2
        words: list[str] = lang.words[index + kind * lang.size].tolist()
        if not title:
            for position in np.flatnonzero(rng.random(n) < 0.012):
                if kind[position] == 0:
                    words[position] = str(int(rng.integers(2, 20_000)))
        return words

    def batch(self, first_id: int, n: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Rows for stories ``first_id .. first_id + n - 1`` and one appearance each."""
        rng = np.random.default_rng([self.seed, first_id])
        language_of = rng.choice(len(LANGUAGES), n, p=LANGUAGE_SHARE)
        lengths = np.clip(rng.lognormal(np.log(450), 0.5, n), 150, 1500).astype(int)
        title_lengths = rng.integers(6, 15, n)
        stories: list[dict[str, Any]] = []
        appearances: list[dict[str, Any]] = []
        for i in range(n):
            story_id = first_id + i
            code = LANGUAGES[language_of[i]]
            lang = self.languages[code]
            words = self._words(lang, rng, int(lengths[i]), title=False)
            title = self._words(lang, rng, int(title_lengths[i]), title=True)
            hits = rng.random(len(lang.phrases))
            for (phrase, rate), draw in zip(lang.phrases, hits, strict=True):
                if draw >= rate:
                    continue
                for _ in range(int(rng.integers(1, 4))):
                    words.insert(int(rng.integers(1, len(words))), phrase)
                if rng.random() < 0.33:
                    title.insert(int(rng.integers(1, len(title))), phrase)
            text = " ".join(words).replace("\n\n ", "\n\n")
            names, weights = zip(*SOURCES[code], strict=True)
            source = names[int(np.searchsorted(np.cumsum(weights), rng.random() * sum(weights)))]
            published = START + SPAN * ((story_id - 1) / self.count)
            published += timedelta(minutes=int(rng.integers(0, 600)))
            published = published.replace(microsecond=0)
            seen = published + timedelta(minutes=int(rng.integers(2, 90)))
            url = f"https://{source}.example/{published:%Y/%m/%d}/story-{story_id}.html"
            stories.append(
                {
                    "id": story_id,
                    "canonical_url": url,
                    "canonical_declared": True,
                    "source": source,
                    "title": " ".join(title),
                    "text": text,
                    "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                    "published": published,
                    "published_utcoffset": UTC_OFFSET[code],
                    "date_source": "json_ld",
                    "modified": None,
                    "language": code,
                    "authors": [],
                    "description": text[:160],
                    "image": None,
                    "tags": [],
                    "section": None,
                    "first_seen": seen,
                    "last_seen": seen,
                    "updated": seen,
                    "version": 1,
                }
            )
            appearances.append(
                {
                    "story_id": story_id,
                    "url": url,
                    "source": source,
                    "first_seen": seen,
                    "last_seen": seen,
                    "listed_at": None,
                }
            )
        return stories, appearances


if __name__ == "__main__":
    import time

    corpus = Corpus(seed=1, count=1_000_000)
    print("vocabulary:", corpus.vocabulary_sizes())
    began = time.perf_counter()
    rows, _ = corpus.batch(1, 2000)
    elapsed = time.perf_counter() - began
    words = [len(r["text"].split()) for r in rows]
    print(f"2000 stories in {elapsed:.2f}s; median words {int(np.median(words))}, "
          f"min {min(words)}, max {max(words)}")  # fmt: skip
    for row in rows[:3]:
        print(row["language"], row["source"], row["published"], "|", row["title"])
        print(row["text"][:400], "\n")
