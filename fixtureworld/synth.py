# ruff: noqa: E501  (prose and sentence templates are data)
"""Deterministic synthetic articles for throughput benchmarks (``FixtureWorld(scale=N)``).

Text is assembled from sentence templates and word pools in each outlet's language, so
pages are realistic in length and markup without anyone writing thousands of stories.
None of the pools mention learning cities: synthetic articles are never topic matches.
"""

from __future__ import annotations

import random
import zlib
from datetime import datetime, timedelta

from fixtureworld.model import TZ_DE, TZ_UK, TZ_VN, Article, slugify

_POOLS: dict[str, dict[str, list[str]]] = {
    "vi": {
        "place": [
            "Hà Nội",
            "Đà Nẵng",
            "Cần Thơ",
            "Hải Phòng",
            "Nghệ An",
            "Quảng Ninh",
            "Khánh Hòa",
            "Lâm Đồng",
            "Bình Dương",
            "Thanh Hóa",
            "Huế",
            "An Giang",
        ],
        "topic": [
            "chuyển đổi số",
            "phát triển du lịch xanh",
            "cải cách hành chính",
            "bảo vệ môi trường",
            "nông nghiệp công nghệ cao",
            "chăm sóc sức khỏe ban đầu",
            "giao thông công cộng",
            "xuất khẩu thủy sản",
            "bảo tồn di sản",
            "hỗ trợ doanh nghiệp nhỏ",
            "phát triển nhà ở xã hội",
            "phòng chống thiên tai",
        ],
        "org": [
            "Bộ Tài chính",
            "Bộ Y tế",
            "Sở Kế hoạch và Đầu tư",
            "Hiệp hội Doanh nghiệp",
            "Viện Nghiên cứu Kinh tế",
            "Sở Xây dựng",
            "Sở Công Thương",
            "Bộ Nội vụ",
        ],
        "person": [
            "Ông Nguyễn Văn Hải",
            "Bà Lê Thị Mai",
            "Ông Trần Quốc Bảo",
            "Bà Phạm Thu Hằng",
            "Ông Võ Thành Nam",
            "Bà Đỗ Minh Châu",
            "Ông Hoàng Đức Long",
        ],
        "title": [
            "{place} đẩy mạnh {topic}",
            "{place}: {n2} dự án về {topic} được phê duyệt",
            "Hội nghị về {topic} tổ chức tại {place}",
            "{org} công bố kế hoạch {topic} năm 2026",
            "{place} huy động {n3} tỷ đồng cho {topic}",
            "Nhiều kết quả tích cực trong {topic} tại {place}",
        ],
        "sentence": [
            "Theo báo cáo của {org}, trong {m} tháng đầu năm, {place} đã triển khai {n2} chương trình liên quan đến {topic}.",
            "Lãnh đạo địa phương cho biết {topic} là nhiệm vụ trọng tâm trong giai đoạn 2026 - 2030.",
            "Nhiều chuyên gia nhận định kết quả bước đầu là tích cực, song vẫn còn không ít khó khăn về nguồn lực.",
            "Tổng kinh phí dự kiến khoảng {n3} tỷ đồng, được huy động từ ngân sách và nguồn xã hội hóa.",
            "Người dân và doanh nghiệp trên địa bàn đánh giá cao sự thay đổi trong cách làm của chính quyền.",
            "{person}, đại diện {org}, nhấn mạnh cần có sự phối hợp chặt chẽ giữa các cơ quan liên quan.",
            "Trong thời gian tới, {place} sẽ tiếp tục rà soát, hoàn thiện cơ chế chính sách để thúc đẩy {topic}.",
            "Số liệu thống kê cho thấy tỷ lệ hài lòng của người dân đạt khoảng {pct}%, tăng so với cùng kỳ năm trước.",
            "Tại hội nghị, các đại biểu đã thảo luận nhiều giải pháp cụ thể nhằm nâng cao hiệu quả {topic}.",
            "Một số phường, xã đã có cách làm sáng tạo, được đánh giá cao và có thể nhân rộng.",
            "Theo kế hoạch, đến cuối năm 2026, {place} phấn đấu hoàn thành {pct}% chỉ tiêu đề ra.",
            "{person} cho rằng yếu tố con người vẫn giữ vai trò quyết định đối với thành công của chương trình.",
            "Bên cạnh đó, công tác tuyên truyền cũng được đẩy mạnh trên các nền tảng số và phương tiện thông tin đại chúng.",
            "Nhiều doanh nghiệp bày tỏ mong muốn được tham gia sâu hơn vào quá trình xây dựng chính sách.",
            "Khó khăn lớn nhất hiện nay là thiếu nhân lực có trình độ và thủ tục đầu tư còn kéo dài.",
            "{org} đề nghị các sở, ngành khẩn trương hoàn thiện hồ sơ để trình cấp có thẩm quyền phê duyệt.",
            "Trong quý IV, {place} đã tổ chức {n2} đoàn kiểm tra, phát hiện và chấn chỉnh nhiều hạn chế.",
            '{person} cho biết: "Chúng tôi xác định đây là nhiệm vụ lâu dài, cần sự kiên trì và quyết tâm cao."',
            "Đến nay, khoảng {n4} hộ gia đình tại {place} đã được hưởng lợi trực tiếp từ các chính sách mới.",
            "Các cơ quan chức năng cũng đã tiếp nhận và xử lý {n2} kiến nghị của người dân trong năm qua.",
            "Đáng chú ý, tỷ lệ hồ sơ được giải quyết đúng hạn đạt {pct}%, cao nhất từ trước đến nay.",
            "Theo đánh giá của {org}, mô hình này phù hợp với điều kiện thực tế của nhiều địa phương.",
            "Dự kiến trong tháng {m}, {place} sẽ tổ chức sơ kết và đề xuất điều chỉnh một số chỉ tiêu.",
            "Nhiều ý kiến cho rằng cần tăng cường giám sát để bảo đảm nguồn vốn được sử dụng đúng mục đích.",
        ],
        "subhead": [
            "Nhiều giải pháp đồng bộ",
            "Còn không ít thách thức",
            "Mục tiêu đến năm 2030",
            "Doanh nghiệp vào cuộc",
            "Lấy người dân làm trung tâm",
        ],
    },
    "de": {
        "place": [
            "Düsseldorf",
            "Bonn",
            "Leverkusen",
            "Bergisch Gladbach",
            "Neuss",
            "Brühl",
            "Siegburg",
            "Kerpen",
            "Hürth",
            "Frechen",
            "Pulheim",
            "Dormagen",
        ],
        "topic": [
            "die Sanierung der Schulen",
            "den Ausbau der Radwege",
            "die Digitalisierung der Verwaltung",
            "bezahlbaren Wohnraum",
            "den Hochwasserschutz",
            "die Belebung der Innenstadt",
            "den Klimaschutz",
            "die Ganztagsbetreuung",
            "den Nahverkehr",
            "neue Gewerbegebiete",
            "die Feuerwehr",
            "die Kita-Plätze",
        ],
        "org": [
            "die Verwaltung",
            "die IHK",
            "der Rechnungsprüfungsausschuss",
            "der Kreis",
            "die Bezirksregierung",
            "der Mieterverein",
            "der Handelsverband",
        ],
        "person": [
            "Bürgermeisterin Katrin Albers",
            "Kämmerer Stefan Roth",
            "der Fraktionschef der Grünen, Daniel Becker",
            "Dezernentin Miriam Hofmann",
            "IHK-Präsident Klaus Wiegand",
            "Ratsherr Jürgen Pohl",
        ],
        "title": [
            "{place}: Neue Pläne für {topic}",
            "Streit um {topic} in {place}",
            "{place} investiert {n} Millionen Euro in {topic}",
            "Bürgerversammlung in {place}: Wie geht es weiter?",
            "Rat in {place} vertagt Entscheidung",
            "Mehr Geld für {topic}: {place} legt nach",
        ],
        "sentence": [
            "Der Rat in {place} hat mehrheitlich beschlossen, {n} Millionen Euro für {topic} bereitzustellen.",
            "Nach Angaben der Verwaltung sollen die ersten Arbeiten bereits im Frühjahr beginnen.",
            "Kritik kommt von der Opposition, die die Kosten für deutlich zu hoch hält.",
            "{person} sprach von einem „wichtigen Signal für die ganze Region“.",
            "Bürgerinnen und Bürger können ihre Anregungen bis Ende des Monats über das Online-Portal einreichen.",
            "Ein Gutachten hatte bereits im vergangenen Jahr auf erhebliche Mängel hingewiesen.",
            "Die Finanzierung ist nach Auskunft des Kämmerers weitgehend gesichert, ein Teil stammt aus Fördermitteln des Landes.",
            "Anwohner zeigten sich bei einer Informationsveranstaltung am Abend eher skeptisch.",
            "Bis zum Jahr {year} sollen die Maßnahmen vollständig umgesetzt sein.",
            "Insgesamt sind nach Schätzungen rund {n4} Haushalte betroffen.",
            "Die Verwaltung will die Fortschritte regelmäßig im zuständigen Ausschuss vorstellen.",
            "Vergleichbare Projekte in anderen Kommunen hätten gezeigt, dass sich die Investition lohne, sagte {person}.",
            "Der Zeitplan gilt allerdings als ehrgeizig, zumal in vielen Betrieben Fachkräfte fehlen.",
            "Auch {org} begrüßte die Pläne grundsätzlich, mahnte aber mehr Tempo an.",
            "Umweltverbände fordern, die Belange des Naturschutzes stärker zu berücksichtigen.",
            "Eine endgültige Entscheidung wird für die Ratssitzung im {month} erwartet.",
            "Wie viele Beschäftigte zusätzlich eingestellt werden müssen, ist noch offen.",
            "Nach Einschätzung von Fachleuten liegt {place} damit im Landesvergleich im Mittelfeld.",
            "Rund {pct} Prozent der Befragten gaben in einer Umfrage an, mit der bisherigen Lage unzufrieden zu sein.",
            "Die Kosten waren zuletzt um {pct} Prozent gestiegen, vor allem wegen höherer Baupreise.",
            "Ob der Kreis sich an den Kosten beteiligt, soll bis zum Sommer geklärt werden.",
            "Die Ortsvereine kündigten an, das Vorhaben kritisch zu begleiten.",
            "Der Bund der Steuerzahler hatte das Projekt in seinem Schwarzbuch erwähnt.",
            "{person} räumte ein, dass in der Vergangenheit Fehler gemacht worden seien.",
        ],
        "subhead": [
            "Kosten steigen weiter",
            "Kritik aus der Opposition",
            "Wie es weitergeht",
            "Anwohner skeptisch",
            "Förderung vom Land",
        ],
    },
    "en": {
        "place": [
            "Westness",
            "Eastgate",
            "Millbrook",
            "Saltford",
            "Northquay",
            "Fenwick",
            "Ashby Cross",
            "Harrow Point",
            "Dunmore",
            "Kelby",
        ],
        "topic": [
            "affordable housing",
            "road repairs",
            "the high street",
            "bus services",
            "flood defences",
            "school places",
            "the new leisure centre",
            "recycling collections",
            "social care",
            "the seafront regeneration",
            "street lighting",
            "public toilets",
        ],
        "org": [
            "the chamber of commerce",
            "the residents' association",
            "the county council",
            "the local health board",
            "the civic society",
            "the port authority",
        ],
        "person": [
            "Council leader Sarah Whitcombe",
            "Councillor Ben Osei",
            "Residents' association chair Linda Park",
            "Business group chief Alan Hughes",
            "Councillor Fiona Reyes",
            "Local MP David Ferris",
        ],
        "title": [
            "Council unveils plans for {topic} in {place}",
            "Residents divided over {topic}",
            "{place} to get £{n}m for {topic}",
            "Row over {topic} goes to cabinet",
            "Consultation opens on {topic} in {place}",
            "Delays hit {topic} scheme in {place}",
        ],
        "sentence": [
            "The council's cabinet agreed to set aside £{n}m for {topic} in {place}, subject to a final vote.",
            "Officers said work could begin in the spring if the plans are approved.",
            "Opposition councillors questioned whether the figures added up.",
            '{person} called the decision "a long overdue step in the right direction".',
            "Residents have until the end of the month to respond to the consultation.",
            "A survey last year found that {pct} per cent of residents were unhappy with the current arrangements.",
            "Part of the money will come from a government grant, with the rest borrowed over 25 years.",
            "Some residents told the Harbour Times they had heard nothing about the proposals until this week.",
            "The scheme is due to be completed by {year}, although similar projects elsewhere have run late.",
            "Around {n4} households in {place} are expected to benefit.",
            "Business owners broadly welcomed the plans but warned about disruption during construction.",
            "Environmental groups urged the council to protect green spaces along the route.",
            "A final decision is expected at the full council meeting in {month}.",
            "Unions said staff shortages would have to be addressed first.",
            "The council said progress would be reported to the scrutiny committee every quarter.",
            "Campaigners said they would keep up the pressure until the work was finished.",
            "Similar schemes in neighbouring authorities have had mixed results.",
            "{person} admitted that mistakes had been made in the past.",
            "Costs have risen by {pct} per cent since the project was first proposed.",
            "According to {org}, demand has grown steadily over the past five years.",
            "Ward councillors will hold a drop-in session at the community centre next week.",
            "The plans have been criticised by {org}, which says they do not go far enough.",
            "Officials insisted the timetable was realistic despite the recent delays.",
            "Full details are available on the council's website and at the central library.",
        ],
        "subhead": [
            "Costs questioned",
            "What happens next",
            "Residents sceptical",
            "Funding gap",
            "A long-running saga",
        ],
    },
}

_MONTHS = {
    "vi": [str(m) for m in range(1, 13)],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}  # fmt: skip

_AUTHORS = {
    "vi": ["Thu Trang", "Minh Quân", "Hồng Nhung", "Việt Hà", "Anh Tuấn"],
    "de": ["Lena Graf", "Tobias Kern", "Nina Wolff", "Felix Brandt", "Ute Lorenz"],
    "en": ["James Kerr", "Alice Moreno", "Owen Pryce", "Hannah Stokes", "Sam Adeyemi"],
}


def _fill(template: str, rng: random.Random, pools: dict[str, list[str]], lang: str) -> str:
    return template.format(
        place=rng.choice(pools["place"]),
        topic=rng.choice(pools["topic"]),
        org=rng.choice(pools["org"]),
        person=rng.choice(pools["person"]),
        n=rng.randint(2, 95),
        n2=rng.randint(3, 60),
        n3=rng.randint(50, 9000),
        n4=f"{rng.randint(2, 90) * 100:,}".replace(",", "." if lang != "en" else ","),
        pct=rng.randint(12, 96),
        m=rng.randint(1, 12),
        year=rng.randint(2026, 2032),
        month=rng.choice(_MONTHS[lang]),
    )


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


_VOCABULARY: dict[str, list[str]] = {}


def _vocabulary(language: str) -> list[str]:
    """Every word of the language's pools: material for sentences no two articles share."""
    if language not in _VOCABULARY:
        words = {
            word.strip(".,;:()\"„“”'")
            for values in _POOLS[language].values()
            for value in values
            for word in value.split()
            if "{" not in word
        }
        _VOCABULARY[language] = sorted(w for w in words if w)
    return _VOCABULARY[language]


def _loose_sentence(rng: random.Random, language: str) -> str:
    """A sentence of pool words in random order.

    Not grammar, but the language's own words at news-sentence length: without
    them every synthetic article would repeat the same template sentences, and
    near-duplicate detection would rightly fold them all into a few stories.
    """
    words = rng.choices(_vocabulary(language), k=rng.randint(12, 22))
    return _capital(" ".join(words)) + "."


def synthetic_articles(outlet: str, language: str, sections: list[str], n: int) -> list[Article]:
    """``n`` articles for one outlet, spread over Jan–Oct 2025 (older than the hand-written)."""
    if n <= 0:
        return []
    pools = _POOLS[language]
    tz = {"vi": TZ_VN, "de": TZ_DE, "en": TZ_UK}[language]
    newest = datetime(2025, 10, 31, 20, 0, tzinfo=tz)
    step = timedelta(minutes=max(1, min(360, 420_000 // n)))
    articles = []
    for i in range(n):
        rng = random.Random(zlib.crc32(f"{outlet}:{i}".encode()))
        # Keep the same place/topic within one story so it reads as one story.
        story = {
            "place": [rng.choice(pools["place"])],
            "topic": [rng.choice(pools["topic"])],
            "org": pools["org"],
            "person": pools["person"],
        }
        title = _fill(rng.choice(pools["title"]), rng, story, language)
        title = title[0].upper() + title[1:]
        paragraphs: list[str] = []
        sentences = list(pools["sentence"])
        rng.shuffle(sentences)
        for p in range(6):
            chunk = [_capital(_fill(s, rng, story, language)) for s in sentences[p * 2 : p * 2 + 2]]
            chunk += [_loose_sentence(rng, language) for _ in range(3)]
            rng.shuffle(chunk)
            if p in (2, 4):
                paragraphs.append("## " + rng.choice(pools["subhead"]))
            paragraphs.append(" ".join(chunk))
        lead = _capital(_fill(rng.choice(pools["sentence"]), rng, story, language))
        published = (newest - step * i).replace(second=0, microsecond=0)
        section = sections[i % len(sections)]
        slug = slugify(title)[:80].rstrip("-")
        if outlet == "thoidai":
            path = f"/{slug}-{200000 + i}.html"
        elif outlet == "rheinblatt":
            path = f"/{section}/artikel/{50000 + i}"
        else:
            path = f"/news/{published:%Y/%m/%d}/{slug}-{i}/"
        articles.append(
            Article(
                key=f"{outlet}-synth-{i:05d}",
                section=section,
                path=path,
                title=title,
                lead=lead,
                body="\n\n".join(paragraphs),
                authors=[rng.choice(_AUTHORS[language])],
                published=published,
                modified=published + timedelta(minutes=rng.randint(0, 240)),
                outlet=outlet,
                synthetic=True,
            )
        )
    return articles
