"""Same-language near-duplicates: MinHash LSH plus sampled-shingle containment, in the database.

Two kinds of keys go into ``story_sketch``, written in the story's own transaction:

* **LSH bands** of a MinHash signature over folded word shingles find pages that
  *resemble* a story (Jaccard): a re-publication with a new lead, a paragraph more
  or less, another title.
* **Anchors**: shingles whose hash is 0 mod m (Broder's mod-m sample). The sample
  is consistent, so every anchor of a short syndicated copy is also an anchor of
  the long story that contains it — which bands (Jaccard) cannot see.

Both only propose candidates; each is verified on the exact shingle sets, and
only stories published within the time window are considered.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import sqlalchemy as sa
from datasketch import MinHash
from sqlmodel import Session

from newsmon.query.folding import fold
from newsmon.storage.db import DIALECTS, core, key_list, keys_in
from newsmon.storage.models import Story, utcnow
from newsmon.stories.cluster_models import DedupState, StorySketch

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DedupParams:
    """Thresholds and index shape; the defaults are what bench/dedup_quality.py measured."""

    shingle_words: int = 4
    num_perm: int = 64
    bands: int = 16
    anchor_modulus: int = 16
    min_anchor_hits: int = 3
    jaccard: float = 0.45
    containment: float = 0.8
    min_shingles: int = 25
    """Shorter texts (teasers, paywall stubs) are too generic to prove a re-publication."""
    min_containment_shingles: int = 40
    window_days: float = 14.0
    max_candidates: int = 8
    link_window_days: float = 3.0
    link_threshold: float = 0.5

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DedupParams:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_STORED_PARAMS = sa.select(DedupState.params).where(DedupState.id == 1)  # type: ignore[arg-type]


def load_params(session: Session) -> DedupParams:
    """The parameters the archive's index was built with (defaults for a fresh archive)."""
    stored = core(session).execute(_STORED_PARAMS).scalar()
    return DedupParams.from_json(stored) if stored is not None else DedupParams()


def store_params(session: Session, params: DedupParams) -> None:
    state = session.get(DedupState, 1) or DedupState(id=1, params={}, built_at=utcnow())
    state.params, state.built_at = params.to_json(), utcnow()
    session.add(state)


def _h64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _signed(value: int) -> int:
    """64-bit unsigned hash as a BIGINT value."""
    return value - (1 << 64) if value >= 1 << 63 else value


_BLAKE2B_64 = hashlib.blake2b(digest_size=8)


def _digests(data: list[bytes]) -> bytes:
    """The 8-byte BLAKE2b digests of ``data``, concatenated.

    Copying one initialised hasher is about twice as fast as building one per item
    (the constructor parses its keyword arguments each time); the digests are the same.
    """
    start = _BLAKE2B_64.copy
    digests = []
    for item in data:
        hasher = start()
        hasher.update(item)
        digests.append(hasher.digest())
    return b"".join(digests)


def shingles(text: str, size: int) -> set[int]:
    """64-bit hashes of the folded word ``size``-grams (diacritics and case ignored).

    The n-grams are joined in bulk (``zip`` over shifted token lists) and repeats
    dropped before hashing: the per-shingle Python work was the sketch's main cost.
    """
    tokens = _WORD.findall(fold(text))
    if len(tokens) < size:
        return {_h64(" ".join(tokens).encode())} if tokens else set()
    grams = set(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))
    # Encoded in one piece (no gram holds a newline), and the digests read as
    # big-endian integers by numpy: the same values, a third faster.
    encoded = "\n".join(grams).encode().split(b"\n")
    return set(np.frombuffer(_digests(encoded), dtype=">u8").tolist())


_PERMUTATIONS: dict[int, tuple[np.ndarray, np.ndarray]] = {}
_FMIX32 = tuple(np.uint32(c) for c in (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16))


def minhash(shingle_set: set[int], num_perm: int) -> np.ndarray:
    """The MinHash signature of the shingles' low 32 bits, as datasketch's "affine32" scheme
    computes it (MurmurHash3 finaliser, then ``a * h + b`` mod 2^32 per permutation, with
    datasketch's permutations for seed 1), in a few numpy operations instead of datasketch's
    per-value Python loop."""
    perms = _PERMUTATIONS.get(num_perm)
    if perms is None:
        a, b = MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations
        perms = _PERMUTATIONS[num_perm] = (a, b)
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set)).astype(np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    values ^= values >> s1
    values *= m1
    values ^= values >> s2
    values *= m2
    values ^= values >> s3
    return (values[:, None] * perms[0] + perms[1]).min(axis=0)


@dataclass(frozen=True, slots=True)
class Sketch:
    shingles: set[int]
    band_keys: list[int]
    anchor_keys: list[int]

    @property
    def keys(self) -> list[int]:
        return list(dict.fromkeys(self.band_keys + self.anchor_keys))


def sketch_text(text: str, params: DedupParams) -> Sketch:
    shingle_set = shingles(text, params.shingle_words)
    if not shingle_set:
        return Sketch(shingle_set, [], [])
    signature = minhash(shingle_set, params.num_perm)
    rows = params.num_perm // params.bands
    band_keys = [
        _signed(
            _h64(band.to_bytes(2, "big") + signature[band * rows : (band + 1) * rows].tobytes())
        )
        for band in range(params.bands)
    ]
    anchors = sorted(_signed(h) for h in shingle_set if h % params.anchor_modulus == 0)
    return Sketch(shingle_set, band_keys, anchors)


_SKETCH = StorySketch.__table__  # type: ignore[attr-defined]
_INSERT_SKETCH = sa.insert(_SKETCH)


def index_sketch(session: Session, story_id: int, published: datetime, sketch: Sketch) -> None:
    """Write a story's keys with its publication date (candidates are found by key and date)."""
    keys = sketch.keys
    if keys:
        core(session).execute(
            _INSERT_SKETCH,
            [{"key": key, "published": published, "story_id": story_id} for key in keys],
        )


def set_sketch_published(session: Session, story_id: int, published: datetime | None) -> None:
    """Keep the index's date in step when a story is re-dated without an edit."""
    if published is not None:
        session.execute(
            sa.update(_SKETCH).where(_SKETCH.c.story_id == story_id).values(published=published)
        )


def unindex_sketch(session: Session, story_id: int) -> None:
    session.execute(sa.delete(_SKETCH).where(_SKETCH.c.story_id == story_id))


@dataclass(frozen=True, slots=True)
class Similarity:
    jaccard: float
    containment: float
    smaller: int
    """Shingles in the smaller text (containment of a tiny text proves nothing)."""


def similarity(a: set[int], b: set[int]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0, 0)
    shared = len(a & b)
    smaller = min(len(a), len(b))
    return Similarity(shared / (len(a) + len(b) - shared), shared / smaller, smaller)


def duplicate_method(sim: Similarity, params: DedupParams) -> str | None:
    """Why two texts are one story ("jaccard" / "containment"), or None."""
    if sim.smaller < params.min_shingles:
        return None
    if sim.jaccard >= params.jaccard:
        return "jaccard"
    if sim.containment >= params.containment and sim.smaller >= params.min_containment_shingles:
        return "containment"
    return None


@dataclass(frozen=True, slots=True)
class Match:
    story_id: int
    method: str
    similarity: Similarity


_SHINGLE_CACHE: OrderedDict[tuple[int, str, int], frozenset[int]] = OrderedDict()
_SHINGLE_CACHE_SIZE = 1024


def _cached_shingles(
    story_id: int, content_hash: str, text: str, params: DedupParams
) -> frozenset[int]:
    """Shingles of a stored story, remembered per process: recent stories are the
    candidates of many new ones, and shingling them again dominated the save."""
    key = (story_id, content_hash, params.shingle_words)
    cached = _SHINGLE_CACHE.get(key)
    if cached is None:
        cached = _SHINGLE_CACHE[key] = frozenset(shingles(text, params.shingle_words))
        if len(_SHINGLE_CACHE) > _SHINGLE_CACHE_SIZE:
            _SHINGLE_CACHE.popitem(last=False)
    else:
        _SHINGLE_CACHE.move_to_end(key)
    return cached


_CANDIDATE_KEYS = {
    dialect: sa.select(_SKETCH.c.key, _SKETCH.c.story_id).where(
        keys_in(_SKETCH.c.key, dialect),
        _SKETCH.c.published.between(sa.bindparam("start"), sa.bindparam("end")),
    )
    for dialect in DIALECTS
}
_CANDIDATE_TEXTS = sa.select(Story.id, Story.content_hash, Story.text).where(
    Story.id.in_(sa.bindparam("ids", expanding=True))  # type: ignore[union-attr]
)


def find_duplicate(
    session: Session,
    sketch: Sketch,
    published: datetime,
    params: DedupParams,
    exclude: int | None = None,
) -> Match | None:
    """The stored story this text re-publishes, if any (best verified candidate)."""
    keys = sketch.keys
    if not keys:
        return None
    band_keys = set(sketch.band_keys)
    window = timedelta(days=params.window_days)
    # One index range per key, bounded by the window: a common anchor's postings
    # outside it are never read, however large the archive grows.
    connection = core(session)
    rows = connection.execute(
        _CANDIDATE_KEYS[connection.dialect.name],
        {
            "keys": key_list(connection, keys),
            "start": published - window,
            "end": published + window,
        },
    ).all()
    bands: dict[int, int] = {}
    anchors: dict[int, int] = {}
    for key, story_id in rows:
        if story_id == exclude:
            continue
        counter = bands if key in band_keys else anchors
        counter[story_id] = counter.get(story_id, 0) + 1
    candidates = [
        sid
        for sid in set(bands) | set(anchors)
        if sid in bands or anchors.get(sid, 0) >= params.min_anchor_hits
    ]
    candidates.sort(key=lambda sid: (-(bands.get(sid, 0) * 4 + anchors.get(sid, 0)), sid))
    candidates = candidates[: params.max_candidates]
    if not candidates:
        return None
    texts = core(session).execute(_CANDIDATE_TEXTS, {"ids": candidates}).all()
    best: Match | None = None
    for story_id, content_hash, text in sorted(texts):
        sim = similarity(sketch.shingles, _cached_shingles(story_id, content_hash, text, params))
        method = duplicate_method(sim, params)
        if method is None:
            continue
        if best is None or (sim.jaccard, sim.containment) > (
            best.similarity.jaccard,
            best.similarity.containment,
        ):
            best = Match(story_id, method, sim)
    return best
