"""Line-level clean-up of extracted text: page furniture trafilatura leaves inside articles.

trafilatura decides *which container* is the article; inside it, sites still put headline
repeats, bylines, datelines, "Read also" teasers, newsletter/social plugs and copyright
lines. Those are recognisable line by line, so a cheap filter over the (short) output list
removes them without touching the HTML again.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from .datetext import DATE_RE

MAX_FURNITURE_CHARS = 160
"""Furniture lines are short; a long line matching a pattern is probably real prose."""
HEAD_LINES = 4
_FURNITURE = re.compile(
    r"""^(?:
        advertisement|anzeige|werbung|reklame|publicité|publicidad|pubblicità|quảng\ cáo|
        article\ content|story\ continues\ below.*|comments?|tags?|share|teilen|
        (?:share|teilen|chia\ sẻ)\ (?:this|on|via|artikel|the\ article)\b.*|
        (?:sign\ up|subscribe|register)\b.{0,80}\b(?:newsletter|inbox|e-?mail)\b.*|
        .{0,60}\bnewsletter\b.{0,40}\b(?:sign\ up|subscribe|abonnieren|anmelden|here)\b.*|
        get\ (?:the\ latest|our)\b.{0,80}\b(?:inbox|newsletter|app)\b.*|
        (?:follow|folgen\ sie)\b.{0,80}\b(?:facebook|twitter|instagram|youtube|tiktok|
          whatsapp|linkedin|threads|bluesky|telegram)\b.*|
        (?:read|see)\ (?:more|also)\b.*|also\ read\b.*|related\b.{0,80}|
        most\ (?:read|popular)\b.{0,60}|popular\ on\b.{0,60}|
        you\ (?:may|might)\ also\ like\b.*|don'?t\ miss\b.{0,60}|
        (?:mehr\ zum\ thema|lesen\ sie\ (?:auch|mehr)|auch\ interessant|das\ könnte\ sie\ auch
          \ interessieren|weitere\ artikel|zum\ thema)\b.*|
        (?:xem\ thêm|đọc\ thêm|tin\ liên\ quan|tin\ cùng\ chuyên\ mục)\b.*|
        (?:les\ også|läs\ också|læs\ også|lire\ aussi|à\ lire\ aussi|leer\ más|lee\ también|
          noticia\ relacionada|leggi\ anche|leia\ também|lees\ ook|czytaj\ też|
          czytaj\ także)\b.*|
        (?:©|\(c\)\ |copyright\s*(?:©|\(c\)|\d{4})).*|.*\ball\ rights\ reserved\.?|
        (?:click|tap)\ here\b.{0,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CREDIT = re.compile(
    r"^[(\[]?(?:photo|foto|fotos|bild|image|credit|quelle|source|ảnh|nguồn)\s*:\s*"
    r"[^.!?]{1,60}[)\]]?$",
    re.IGNORECASE,
)
"""A credit line on its own: "Foto: dpa", "Ảnh: Minh Anh", "(Photo: Getty Images)"."""
_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|af|av|door|bởi|text|texte|autor|author)\s*:?\s+\S.{0,60}$",
    re.IGNORECASE,
)
_LABELS = re.compile(
    r"\b(?:stand|updated?|published|publicerad|uppdaterad|veröffentlicht|aktualisiert|"
    r"erstellt|posted|am|um|uhr|on|at|[ap]\.?m|cập\ nhật|ngày|lúc|gmt|utc|min|read|lesezeit)\b|"
    r"\d{1,2}[:.h]\d{2}|[\d/.,:|()+\-–—年月日時分更新]",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")
_TIME_LABEL = re.compile(
    r"\b(?:stand|updated?|published|publicerad|uppdaterad|oppdatert|publisert|veröffentlicht|"
    r"aktualisiert|erstellt|posted|cập nhật)\b",
    re.IGNORECASE,
)


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _is_title(line: str, title: str | None) -> bool:
    if not title:
        return False
    a, b = _tokens(line), _tokens(title)
    return bool(a) and len(a & b) / max(len(a), len(b)) >= 0.8


def _is_dateline(line: str) -> bool:
    """'Stand: 22.04.2024, 06:00 Uhr', 'Updated 15.59 | Published 14.14' - nothing else."""
    if len(line) > 80:
        return False
    if not DATE_RE.search(line) and not (_CLOCK.search(line) and _TIME_LABEL.search(line)):
        return False
    rest = _LABELS.sub(" ", DATE_RE.sub(" ", line))
    return len(_WORD.findall(rest)) <= 1 and rest != line


def _is_table_row(line: str) -> bool:
    """A row of a data table as trafilatura renders it: its dates are data, not a dateline."""
    return line.startswith("|") or line.count(" | ") >= 2


def filter_lines(
    lines: list[str],
    title: str | None = None,
    labels: Container[str] = (),
    headlines: Sequence[str] = (),
) -> list[str]:
    """Drop furniture lines; section label, headline/byline/dateline repeats only at the top."""
    lines = _after_headline(lines, headlines)
    kept: list[str] = []
    in_teaser_list = False
    for index, line in enumerate(lines):
        short = len(line) <= MAX_FURNITURE_CHARS
        if short and (_FURNITURE.match(line) or _CREDIT.match(line)):
            # a "Related"/"Read also" header owns the bullet list right after it
            in_teaser_list = True
            continue
        if in_teaser_list and line.startswith(("- ", "• ", "* ")):
            continue
        in_teaser_list = False
        if (
            index < HEAD_LINES
            and not kept
            and (
                _is_title(line, title)
                or _BYLINE.match(line)
                or _is_dateline(line)
                or line.casefold() in labels
            )
        ):
            continue
        if short and not _is_table_row(line) and _is_dateline(line) and not _in_run(lines, index):
            continue
        kept.append(line)
    return kept


def _after_headline(lines: list[str], headlines: Sequence[str]) -> list[str]:
    """The lines after the page's headline when it stands among the first lines.

    The story starts below its <h1>: what the extractor put above it (a banner, a share
    bar, the page's address) and the headline itself are not the story.
    """
    for index, line in enumerate(lines[:HEAD_LINES]):
        if any(_is_title(line, headline) for headline in headlines):
            return lines[index + 1 :]
    return lines


def _in_run(lines: list[str], index: int) -> bool:
    """A dated line next to another is data (a log, query output, a timeline), not the
    page's one dateline."""
    neighbours = lines[max(0, index - 1) : index] + lines[index + 1 : index + 2]
    return any(len(n) <= MAX_FURNITURE_CHARS and _is_dateline(n) for n in neighbours)
