"""The digest's own wording in the subscriber's language (vi, de, en)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "newsmon: {count} new stories ({topics})",
        "subject_empty": "newsmon: no new stories ({topics})",
        "heading": "Your newsmon digest",
        "intro": "{count} new stories matched your topics.",
        "empty": "No new stories matched your topics in this period.",
        "also_at": "Also at",
        "related": "In other languages",
        "matched": "Matched",
        "also_topics": "Also in",
        "footer": "You receive this digest because you subscribed to: {topics}.",
        "unsubscribe": "Unsubscribe",
        "confirm_title": "Unsubscribe from newsmon digests?",
        "confirm_text": "{email} will no longer receive newsmon digests.",
        "confirm_button": "Unsubscribe",
        "done_title": "You are unsubscribed",
        "done_text": "{email} will receive no more newsmon digests.",
        "invalid_title": "This link is not valid",
        "invalid_text": "The unsubscribe link is incomplete or has been altered.",
        "expired_title": "This link has expired",
        "expired_text": "Unsubscribe links work for {days} days. Please use the link at the "
        "end of a newer digest.",
    },
    "de": {
        "subject": "newsmon: {count} neue Artikel ({topics})",
        "subject_empty": "newsmon: keine neuen Artikel ({topics})",
        "heading": "Ihre newsmon-Übersicht",
        "intro": "{count} neue Artikel passen zu Ihren Themen.",
        "empty": "In diesem Zeitraum passten keine neuen Artikel zu Ihren Themen.",
        "also_at": "Auch bei",
        "related": "In anderen Sprachen",
        "matched": "Treffer",
        "also_topics": "Auch in",
        "footer": (
            "Sie erhalten diese Übersicht, weil Sie folgende Themen abonniert haben: {topics}."
        ),
        "unsubscribe": "Abbestellen",
        "confirm_title": "newsmon-Übersichten abbestellen?",
        "confirm_text": "{email} erhält dann keine newsmon-Übersichten mehr.",
        "confirm_button": "Abbestellen",
        "done_title": "Sie haben abbestellt",
        "done_text": "{email} erhält keine newsmon-Übersichten mehr.",
        "invalid_title": "Dieser Link ist ungültig",
        "invalid_text": "Der Abbestell-Link ist unvollständig oder wurde verändert.",
        "expired_title": "Dieser Link ist abgelaufen",
        "expired_text": "Abbestell-Links gelten {days} Tage. Bitte nutzen Sie den Link am "
        "Ende eines neueren Digests.",
    },
    "vi": {
        "subject": "newsmon: {count} bài mới ({topics})",
        "subject_empty": "newsmon: không có bài mới ({topics})",
        "heading": "Bản tin newsmon của bạn",
        "intro": "Có {count} bài mới khớp với chủ đề của bạn.",
        "empty": "Không có bài mới nào khớp với chủ đề của bạn trong kỳ này.",
        "also_at": "Cũng đăng tại",
        "related": "Bằng ngôn ngữ khác",
        "matched": "Từ khớp",
        "also_topics": "Cũng thuộc",
        "footer": "Bạn nhận bản tin này vì đã đăng ký các chủ đề: {topics}.",
        "unsubscribe": "Hủy đăng ký",
        "confirm_title": "Hủy đăng ký bản tin newsmon?",
        "confirm_text": "{email} sẽ không nhận bản tin newsmon nữa.",
        "confirm_button": "Hủy đăng ký",
        "done_title": "Bạn đã hủy đăng ký",
        "done_text": "{email} sẽ không nhận bản tin newsmon nữa.",
        "invalid_title": "Liên kết không hợp lệ",
        "invalid_text": "Liên kết hủy đăng ký không đầy đủ hoặc đã bị thay đổi.",
        "expired_title": "Liên kết đã hết hạn",
        "expired_text": "Liên kết hủy đăng ký có hiệu lực trong {days} ngày. Vui lòng dùng "
        "liên kết ở cuối một bản tin mới hơn.",
    },
}


def strings(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS["en"])
