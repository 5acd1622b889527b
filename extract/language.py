"""Language of the extracted text (ISO 639-1), with the source's hint as a tie-breaker only.

Sources mislabel themselves (multilingual outlets, wrong config), so the text decides; the
hint (or the page's <html lang>) is used only when the text is too short or the model unsure.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_CHARS = 40
"""Below this the classifier is little better than a guess."""
SAMPLE_CHARS = 800
"""Classifying more text costs time and does not change the answer for an article."""
CONFIDENT = 0.70
"""Calibrated probability above which the text overrides any hint."""
HINT_PLAUSIBLE = 0.02
"""When unsure, the hint wins if the model gives it at least this probability."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """Load the langid model once per process (about 0.2 s), lazily for pool workers.

    Restricted to labels that are ISO 639-1 codes: the model also knows e.g. "pcm", "yue"
    and "zxx" (no language), which the storage layer's two-letter field cannot hold.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([label for label in identifier.labels if len(label) == 2])
    return identifier


def _normalise_hint(hint: str | None) -> str | None:
    """'de-AT' / 'vi_VN' / 'EN' -> 'de' / 'vi' / 'en'."""
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if len(code) == 2 and code.isalpha() else None


def _sample(text: str) -> str:
    """Middle-of-article sample: leads and sign-offs are where foreign names cluster."""
    if len(text) <= SAMPLE_CHARS:
        return text
    start = min(len(text) // 10, len(text) - SAMPLE_CHARS)
    return text[start : start + SAMPLE_CHARS]


def detect_language(text: str, hint: str | None = None, page_lang: str | None = None) -> str | None:
    """Detected ISO 639-1 code; ``hint``/``page_lang`` only for short or ambiguous text."""
    fallback = _normalise_hint(hint) or _normalise_hint(page_lang)
    stripped = text.strip()
    if len(stripped) < MIN_CHARS:
        if fallback:
            return fallback
        if not stripped:
            return None
    identifier = _identifier()
    ranked = identifier.rank(_sample(stripped))
    best, confidence = ranked[0]
    if confidence >= CONFIDENT or not fallback:
        return str(best)
    hint_probability = next((p for lang, p in ranked if lang == fallback), 0.0)
    return fallback if hint_probability >= HINT_PLAUSIBLE else str(best)
