# ruff: noqa: E501  (prose is data)
"""Hand-written texts of the clustering evaluation set.

* ``TRANSLATIONS``: reports of a fixture-world story in another language (vi↔en, vi↔de),
  some citing the original by URL, some only by outlet name, some not at all.
* ``FOLLOW_UPS``: a *different* event on the same topic, in the same language,
  reusing one background paragraph of the earlier story verbatim (``{background}``),
  as newsrooms do. These must stay separate stories.
* ``CROSS_NEGATIVES``: a different event in another language that shares names and
  topic with a story (must not be linked) — two of them report the event of a
  follow-up instead, and must be linked to that one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    key: str
    base: str
    """Fixture-world article this one relates to."""
    language: str
    source: str
    title: str
    text: str
    days_after: float
    background: int | None = None
    """Index of the base paragraph inserted at ``{background}`` (follow-ups)."""
    same_event_as: str | None = None
    """A cross-language negative that does report the event of another evalset text."""


TD = "https://thoidai.com.vn"
RB = "https://rheinblatt.de"

TRANSLATIONS: list[Text] = [
    Text(
        "tr-en-fuel",
        "vi-xang-dau",
        "en",
        "harbourtimes",
        "Vietnam cuts fuel prices for third time in a row",
        f"""Vietnam lowered retail fuel prices on Wednesday afternoon, 19 November, for the third consecutive adjustment, bringing RON 95-III petrol to 20,310 dong a litre, its lowest level since the start of the year.

The ministries of industry and trade and of finance said E5 RON 92 petrol fell by 280 dong to 19,620 dong a litre and diesel by 410 dong to 18,750 dong. Brent crude has hovered around 63 dollars a barrel in London over the past two weeks.

The price stabilisation fund was not used this time; its balance stood at about 5,900 billion dong at the end of the third quarter.

Source: {TD}/gia-xang-dau-giam-lan-thu-ba-lien-tiep-123459.html""",
        0.6,
    ),
    Text(
        "tr-de-berufsbildung",
        "vi-nfd-doi-ngoai",
        "de",
        "rheinblatt",
        "Vietnam und Deutschland bauen duale Berufsausbildung aus",
        f"""Vietnam und Deutschland wollen die Ausbildung nach dem deutschen dualen Modell ausweiten, vor allem in Mechanik, Elektronik und Pflege. Das vereinbarten Vertreter des vietnamesischen Innenministeriums und des Bundesministeriums für Bildung und Forschung am 18. November in Hanoi.

Beide Seiten lobten die Zusammenarbeit der vergangenen zehn Jahre: Tausende vietnamesische Auszubildende haben Programme nach deutschem Standard abgeschlossen. Im dualen Modell verbringen sie rund 70 Prozent der Zeit im Betrieb und 30 Prozent in der Berufsschule. Schulen in Hanoi, Ho-Chi-Minh-Stadt und Da Nang wenden das Modell bereits an.

Quelle: {TD}/viet-nam-va-duc-tang-cuong-hop-tac-giao-duc-nghe-nghiep-123461.html""",
        1.0,
    ),
    Text(
        "tr-en-metro",
        "vi-duong-sat-so-5",
        "en",
        "harbourtimes",
        "Hanoi breaks ground on 39 km metro line to Hoa Lac",
        """Hanoi began construction of urban railway line 5 on Monday morning, 10 November. The Van Cao - Hoa Lac line will run almost 39 km along Lieu Giai, Kim Ma and Thang Long Avenue to the Hoa Lac high-tech park, at a total cost of about 65,400 billion dong.

The line will have 20 stations, 7 of them underground and 13 elevated. The investor expects it to open in 2030 and to carry about 300,000 passengers a day, easing pressure on Thang Long Avenue.

Reporting by Thoi Dai.""",
        0.5,
    ),
    Text(
        "tr-de-informatik",
        "vi-olympic-tin-hoc",
        "de",
        "rheinblatt",
        "Vietnamesische Schüler holen viermal Gold bei Informatik-Olympiade",
        """Vietnams Schülerteam hat bei der Asiatisch-Pazifischen Informatik-Olympiade (APIO) 2025 vier Goldmedaillen, drei Silbermedaillen und eine Bronzemedaille gewonnen. In der Länderwertung belegte Vietnam damit den zweiten Platz hinter China.

An dem Wettbewerb nahmen fast 800 Schülerinnen und Schüler aus 35 Ländern und Gebieten teil. Sie mussten in fünf Stunden drei Programmieraufgaben lösen, die algorithmisches Denken und stark optimierte Programme verlangen. Es ist das beste Ergebnis, das eine vietnamesische Mannschaft je erzielt hat.""",
        1.2,
    ),
    Text(
        "tr-en-agri",
        "vi-future-date",
        "en",
        "harbourtimes",
        "Vietnam's farm exports near 53 billion dollars in ten months",
        """Vietnam's exports of agricultural, forestry and fishery products reached an estimated 52.8 billion US dollars in the first ten months of 2025, up 12.3 per cent year on year, according to the Ministry of Agriculture and Environment.

Main farm products brought in 27.1 billion dollars, forestry 14.2 billion and seafood 9.4 billion, leaving a trade surplus of about 17 billion. Coffee exports topped 7.5 billion dollars thanks to high prices, while fruit and vegetables, led by durian, earned almost 6.8 billion.""",
        1.5,
    ),
    Text(
        "tr-de-hue",
        "vi-hue-gnlc",
        "de",
        "rheinblatt",
        "Hue wird Lernende Stadt der UNESCO",
        """Die vietnamesische Stadt Hue ist in das Globale Netzwerk der lernenden Städte der UNESCO aufgenommen worden. Die Stadtverwaltung von Hue gab die Entscheidung am Morgen des 14. November bekannt, nachdem das UNESCO-Institut für Lebenslanges Lernen die Aufnahme bestätigt hatte. Hue ist die erste Stadt Zentralvietnams im Netzwerk.

Die Bewerbung setzte auf „Lernen aus dem Kulturerbe“: Denkmäler, Museen und Handwerksdörfer werden zu offenen Lernorten. Jedes Jahr besuchen mehr als 200.000 Schülerinnen und Schüler Programme in der Kaiserstadt Dai Noi und an den Gräbern der Nguyen-Dynastie. Die Stadt hat zudem mehr als 10.000 Seiten historischer Han-Nom-Dokumente digitalisiert.

Quelle: Thời Đại""",
        1.0,
    ),
    Text(
        "tr-en-japan",
        "vi-doi-ngoai-nhat-ban",
        "en",
        "harbourtimes",
        "Da Nang hosts Vietnam-Japan friendship exchange",
        f"""More than 500 delegates, students and residents of both countries took part in a Vietnam-Japan friendship exchange in Da Nang on 15 November.

The event was organised by the Da Nang Union of Friendship Organisations with the Consulate General of Japan. Japan's consul general said the comprehensive strategic partnership between the two countries was developing strongly; Japan is one of the largest investors in Da Nang, with more than 200 active projects.

Source: {TD}/giao-luu-huu-nghi-viet-nam-nhat-ban-tai-da-nang-123465.html""",
        0.3,
    ),
    Text(
        "tr-de-aodai",
        "vi-van-hoa",
        "de",
        "rheinblatt",
        "Ao-Dai-Festival in Ho-Chi-Minh-Stadt zieht Tausende an",
        """In Ho-Chi-Minh-Stadt ist am Abend des 8. November das 11. Ao-Dai-Festival auf der Fußgängerzone Nguyen Hue eröffnet worden. Unter dem Motto „Ao Dai – verbindendes Erbe“ zeigen mehr als 60 Designerinnen und Designer sowie Hunderte Models und Künstler ihre Arbeiten.

Zum Auftakt liefen 1.000 Frauen in traditionellen Ao Dai gemeinsam über die Fußgängerzone. Eine Ausstellung zeichnet die Geschichte des vietnamesischen Gewands seit der Nguyen-Dynastie nach; einige Stücke werden zum ersten Mal gezeigt.""",
        0.8,
    ),
    Text(
        "tr-en-football",
        "vi-flaky",
        "en",
        "harbourtimes",
        "Kim Sang-sik names 26-man Vietnam squad for Laos qualifier",
        """Vietnam coach Kim Sang-sik has named a 26-man squad for the decisive Asian Cup 2027 qualifier against Laos at Thien Truong stadium in Nam Dinh on the evening of 25 November.

Striker Nguyen Tien Linh returns after injury and three young players receive their first call-up, while goalkeeper Dang Van Lam is again left out because he is not fully fit.

Thoi Dai reported the squad list on Wednesday evening.""",
        0.4,
    ),
    Text(
        "tr-vi-koeln",
        "de-koeln-lernende-stadt",
        "vi",
        "thoidai",
        "Thành phố Köln của Đức trở thành thành phố học tập của UNESCO",
        f"""Viện Học tập suốt đời của UNESCO tại Hamburg đã kết nạp thành phố Köln (Cộng hòa Liên bang Đức) vào Mạng lưới thành phố học tập toàn cầu (GNLC). Köln là một trong 53 thành viên mới của mạng lưới trong đợt xét duyệt năm nay.

Tại cuộc họp báo ở Tòa thị chính lịch sử, thị trưởng và người phụ trách giáo dục của thành phố bày tỏ vui mừng. Hồ sơ được Köln nộp từ mùa xuân, với sự tham gia của trường đại học nhân dân (Volkshochschule), thư viện thành phố và các trường đại học.

Nguồn: {RB}/lokales/lernende-stadt-koeln-2025-11-18.html""",
        1.5,
    ),
    Text(
        "tr-vi-port",
        "en-port-record",
        "vi",
        "thoidai",
        "Cảng Kingsport lập kỷ lục lưu lượng container",
        """Cảng container Kingsport (Anh) đã xử lý gần 96.000 TEU trong tháng 10, nhiều nhất kể từ khi cảng đi vào hoạt động, tăng 9% so với cùng kỳ năm trước, theo thông báo của ban quản lý cảng ngày thứ Sáu.

Nguyên nhân là nhiều hãng tàu chuyển hướng sang Kingsport để tránh tình trạng ùn tắc tại các cảng lớn ở châu Âu, nơi đình công và thời tiết xấu gây chậm trễ kéo dài trong mùa thu. Hai tuyến dịch vụ hằng tuần mới từ Viễn Đông bắt đầu cập cảng từ tháng 9.

Nguồn: Harbour Times""",
        1.0,
    ),
    Text(
        "tr-en-traffic",
        "vi-hoc-may-giao-thong",
        "en",
        "harbourtimes",
        "Hanoi trials machine-learning traffic lights at 12 junctions",
        """Hanoi is piloting traffic signals controlled by artificial intelligence and machine learning at 12 key junctions, cutting average waiting times by almost 20 per cent.

The system, run by the Hanoi Department of Construction with a Vietnamese technology company since September, uses cameras to count vehicles in real time. At the Kim Ma - Lieu Giai junction the average morning peak wait fell from 94 to 76 seconds, and queues at Nguyen Chi Thanh - Lang shrank by about 30 per cent.""",
        0.7,
    ),
]

FOLLOW_UPS: list[Text] = [
    Text(
        "fu-vi-hanoi-ceremony",
        "vi-hanoi-gnlc",
        "vi",
        "thoidai",
        "Hà Nội nhận chứng nhận thành phố học tập toàn cầu tại lễ trao ở Hamburg",
        """Chiều 15/1, tại lễ trao chứng nhận tổ chức ở Hamburg, đại diện UBND thành phố Hà Nội đã nhận chứng nhận thành viên Mạng lưới thành phố học tập toàn cầu từ Giám đốc Viện Học tập suốt đời của UNESCO.

Phát biểu tại buổi lễ, Phó Chủ tịch UBND thành phố cho biết trong năm 2026, Hà Nội sẽ khai trương 12 không gian đọc mới và đưa nền tảng học tập trực tuyến đầu tiên vào vận hành từ tháng 3. Thành phố cũng ký biên bản ghi nhớ hợp tác về giáo dục người lớn với hai thành phố thành viên của Hàn Quốc và Phần Lan.

{background}

Lễ trao chứng nhận có sự tham dự của đại diện 53 thành phố mới, trong đó nhiều thành phố cử lãnh đạo cấp cao tham dự.""",
        56,
        background=1,
    ),
    Text(
        "fu-vi-fuel-up",
        "vi-xang-dau",
        "vi",
        "thoidai",
        "Giá xăng dầu tăng trở lại sau ba kỳ giảm liên tiếp",
        """Từ 15h chiều 26/11, giá xăng RON 95-III tăng 410 đồng/lít, lên 20.720 đồng/lít, chấm dứt chuỗi ba kỳ giảm liên tiếp trước đó.

Theo liên Bộ Công Thương - Tài chính, giá xăng E5 RON 92 tăng 350 đồng/lít, lên 19.970 đồng/lít; giá dầu diesel tăng 220 đồng/lít. Nguyên nhân chính là giá dầu thế giới phục hồi sau khi các nước xuất khẩu dầu mỏ thông báo kéo dài cắt giảm sản lượng.

{background}

Các doanh nghiệp đầu mối cho biết nguồn cung xăng dầu trong nước được bảo đảm đầy đủ cho dịp cuối năm.""",
        7,
        background=2,
    ),
    Text(
        "fu-vi-metro-land",
        "vi-duong-sat-so-5",
        "vi",
        "thoidai",
        "Tuyến đường sắt số 5: bàn giao 80% mặt bằng trong quý I",
        """UBND thành phố Hà Nội yêu cầu các quận, huyện có tuyến đường sắt đô thị số 5 đi qua hoàn thành bàn giao 80% mặt bằng trước ngày 31/3, để nhà thầu triển khai thi công các nhà ga trên cao.

Theo Ban Quản lý đường sắt đô thị, đến nay mới có khoảng 1.200 hộ dân trong tổng số 3.100 hộ bị ảnh hưởng đã nhận tiền bồi thường. Khó khăn lớn nhất là tại khu vực Hoài Đức và Quốc Oai, nơi nhiều thửa đất chưa xác định được nguồn gốc.

{background}""",
        9,
        background=0,
    ),
    Text(
        "fu-vi-olympic-honour",
        "vi-olympic-tin-hoc",
        "vi",
        "thoidai",
        "Tuyên dương đội tuyển Olympic Tin học châu Á - Thái Bình Dương",
        """Sáng 14/11, Bộ Giáo dục và Đào tạo tổ chức lễ tuyên dương và trao bằng khen cho đội tuyển học sinh Việt Nam vừa giành thành tích cao tại kỳ thi APIO 2025.

Thứ trưởng Bộ Giáo dục và Đào tạo trao bằng khen cho 8 học sinh và 4 giáo viên hướng dẫn. Mỗi học sinh đoạt huy chương vàng được thưởng 45 triệu đồng, huy chương bạc 30 triệu đồng và huy chương đồng 20 triệu đồng.

{background}

Bốn học sinh giành huy chương vàng sẽ tiếp tục được tập huấn để chuẩn bị cho Olympic Tin học quốc tế năm 2026.""",
        3,
        background=0,
    ),
    Text(
        "fu-vi-football-result",
        "vi-flaky",
        "vi",
        "thoidai",
        "Việt Nam thắng Lào 3-0, rộng cửa dự Asian Cup 2027",
        """Tối 25/11, trên sân Thiên Trường, đội tuyển Việt Nam thắng Lào 3-0 nhờ cú đúp của Nguyễn Tiến Linh và bàn thắng của Nguyễn Hoàng Đức, qua đó vươn lên dẫn đầu bảng đấu.

Ngay từ những phút đầu, đội chủ nhà dồn ép đối thủ. Phút 18, Tiến Linh đánh đầu mở tỷ số sau quả phạt góc. Trong hiệp hai, Hoàng Đức nâng tỷ số lên 2-0 bằng cú sút xa trước khi Tiến Linh hoàn tất cú đúp ở phút 81.

{background}""",
        6,
        background=1,
    ),
    Text(
        "fu-vi-traffic-expand",
        "vi-hoc-may-giao-thong",
        "vi",
        "thoidai",
        "Hà Nội mở rộng đèn tín hiệu thông minh lên 50 nút giao",
        """Sở Xây dựng Hà Nội vừa trình UBND thành phố đề án mở rộng hệ thống đèn tín hiệu thông minh ra 50 nút giao trong năm 2026, tập trung tại các quận Cầu Giấy, Đống Đa và Hai Bà Trưng.

Theo đề án, tổng kinh phí dự kiến khoảng 180 tỷ đồng. Trung tâm điều khiển giao thông mới đặt tại quận Hoàn Kiếm sẽ kết nối toàn bộ camera và đèn tín hiệu, cho phép điều chỉnh theo thời gian thực khi xảy ra sự cố hoặc ùn tắc.

{background}""",
        10,
        background=0,
    ),
    Text(
        "fu-de-koeln-programm",
        "de-koeln-lernende-stadt",
        "de",
        "rheinblatt",
        "Lernende Stadt Köln: Volkshochschule stellt Jahresprogramm vor",
        """Wenige Tage nach der Aufnahme ins UNESCO-Netzwerk hat die Volkshochschule Köln ihr Programm für das kommende Jahr vorgestellt. Es umfasst 4.200 Kurse, darunter erstmals kostenlose Digitalkurse für Menschen über 65 in allen neun Stadtbezirken.

Die Leiterin der Volkshochschule sagte, die Nachfrage nach Sprach- und Computerkursen sei im vergangenen Jahr um ein Fünftel gestiegen. Neu sind auch Abendkurse in Kooperation mit der Stadtbibliothek.

{background}""",
        4,
        background=0,
    ),
    Text(
        "fu-de-haushalt-vereine",
        "de-haushaltssperre",
        "de",
        "rheinblatt",
        "Haushaltssperre: Sportvereine fürchten Kürzungen",
        """Nach dem Beschluss der Haushaltssperre schlagen Kölner Sportvereine Alarm. Der Stadtsportbund befürchtet, dass Zuschüsse für die Sanierung von Sportplätzen und Turnhallen im kommenden Jahr ausbleiben.

Rund 40 Vereine haben einen offenen Brief an die Oberbürgermeisterin unterzeichnet. Sie fordern, dass bereits zugesagte Mittel von der Sperre ausgenommen werden. Die Kämmerei kündigte an, jeden Einzelfall zu prüfen.

{background}""",
        3,
        background=0,
    ),
    Text(
        "fu-de-bruecke-frei",
        "de-bruecke-cp1252",
        "de",
        "rheinblatt",
        "Mülheimer Brücke nach Sperrung wieder frei",
        """Seit Montagmorgen rollt der Verkehr wieder über die Mülheimer Brücke. Die Arbeiten an den Fahrbahnübergängen seien planmäßig abgeschlossen worden, teilte die Stadt mit.

Am Wochenende hatte es auf den Umleitungsstrecken zeitweise lange Staus gegeben, vor allem auf der Zoobrücke. Die Stadtbahnlinien fahren ab sofort wieder nach regulärem Fahrplan.

{background}""",
        3,
        background=0,
    ),
    Text(
        "fu-de-pokal",
        "de-derby-malformed",
        "de",
        "rheinblatt",
        "FC Rhein 04 scheidet im Pokal aus",
        """Eine Woche nach dem umjubelten Derbysieg ist der FC Rhein 04 im Verbandspokal ausgeschieden. Beim Oberligisten aus Siegburg verlor die Mannschaft am Mittwochabend mit 1:2 nach Verlängerung.

Der Trainer haderte nach dem Spiel mit der Chancenverwertung: Seine Mannschaft habe in der ersten Halbzeit drei hundertprozentige Gelegenheiten vergeben.

{background}""",
        4,
        background=1,
    ),
    Text(
        "fu-de-markt-bilanz",
        "de-weihnachtsmarkt-url-date",
        "de",
        "rheinblatt",
        "Weihnachtsmarkt am Dom: Veranstalter ziehen erste Bilanz",
        """Nach dem ersten Wochenende zeigen sich die Veranstalter des Weihnachtsmarkts am Dom zufrieden. Rund 350.000 Besucherinnen und Besucher seien gezählt worden, etwas mehr als im Vorjahr.

Die Polizei meldete einen weitgehend friedlichen Verlauf. Wegen des großen Andrangs am Samstagabend wurde der Zugang über die Domplatte zeitweise gesteuert.

{background}""",
        3,
        background=0,
    ),
    Text(
        "fu-en-storm-cleanup",
        "en-storm-warning",
        "en",
        "harbourtimes",
        "Clean-up begins after Storm Bram floods seafront",
        """Council crews began clearing debris from the seafront on Friday after Storm Bram brought gusts of 82mph and flooded several streets in the harbour district overnight.

About 40 homes were evacuated as a precaution and the coastal road remains closed while engineers inspect the sea wall. The council said the ferry service would resume on Saturday if conditions allow.

{background}""",
        1,
        background=0,
    ),
    Text(
        "fu-en-rovers-contract",
        "en-rovers-late-win",
        "en",
        "harbourtimes",
        "Rovers manager signs contract extension",
        """Rovers have extended their manager's contract until the summer of 2028, rewarding a run that has lifted the club into the play-off places.

The chairman said the board had wanted to act quickly after interest from two other clubs. The manager, who joined 18 months ago, said he wanted to finish the job and take the club up.

{background}""",
        2,
        background=0,
    ),
    Text(
        "fu-en-port-terminal",
        "en-port-record",
        "en",
        "harbourtimes",
        "Port unveils plans for second container terminal",
        """Kingsport's port authority has unveiled plans for a second container terminal on reclaimed land north of the existing quay, at an estimated cost of 240 million pounds.

The authority said the terminal could open in 2030 and would double capacity. A public consultation begins in January, and environmental groups have already raised concerns about the impact on the estuary's mudflats.

{background}""",
        5,
        background=0,
    ),
    Text(
        "fu-en-ferry-delay",
        "en-ferry-comments",
        "en",
        "harbourtimes",
        "Ferry timetable change postponed until January",
        """The new ferry timetable that was due to start in December has been postponed until January after complaints from commuters and island businesses.

The operator said it would use the extra weeks to review the early morning crossings, which passengers said were essential for shift workers. A public meeting will be held at the town hall next Tuesday.

{background}""",
        4,
        background=0,
    ),
    Text(
        "fu-en-kingsport-festival",
        "en-learning-city-network-grows",
        "en",
        "harbourtimes",
        "Kingsport's first learning festival draws crowds",
        """Thousands of people took part in Kingsport's first learning festival at the weekend, with taster classes in everything from coding to boat building held in libraries, pubs and the old fish market.

Organisers said more than 120 sessions had been fully booked. The festival is part of the city's plan as a new member of the learning cities network and will be held every spring.

{background}""",
        8,
        background=0,
    ),
]

CROSS_NEGATIVES: list[Text] = [
    Text(
        "xn-en-hanoi-ceremony",
        "vi-hanoi-gnlc",
        "en",
        "harbourtimes",
        "Hanoi receives learning city certificate at Hamburg ceremony",
        """Hanoi received its certificate as a member of Unesco's Global Network of Learning Cities at a ceremony in Hamburg on 15 January. A vice-chairman of the Hanoi People's Committee accepted it from the director of the Unesco Institute for Lifelong Learning.

He said Hanoi would open 12 new reading spaces in 2026 and launch its first online learning platform in March. The city also signed memoranda on adult education with member cities in South Korea and Finland.""",
        56,
        same_event_as="fu-vi-hanoi-ceremony",
    ),
    Text(
        "xn-de-fuel-up",
        "vi-xang-dau",
        "de",
        "rheinblatt",
        "Vietnam erhöht Benzinpreise wieder",
        """Vietnam hat die Benzinpreise am 26. November erstmals nach drei Senkungen in Folge wieder angehoben. Ein Liter RON 95-III kostet nun 20.720 Dong, 410 Dong mehr als zuvor; Diesel wurde um 220 Dong teurer.

Das Industrie- und Handelsministerium und das Finanzministerium begründeten den Schritt mit den wieder steigenden Weltmarktpreisen für Rohöl.""",
        7,
        same_event_as="fu-vi-fuel-up",
    ),
    Text(
        "xn-en-hcmc-metro",
        "vi-duong-sat-so-5",
        "en",
        "harbourtimes",
        "Ho Chi Minh City starts work on metro line 2",
        """Ho Chi Minh City began building its second metro line on Tuesday, 11 November. The 11 km Ben Thanh - Tham Luong line will have 11 stations, 10 of them underground, and is expected to cost about 47,900 billion dong.

City officials said the line should open in 2030 and carry more than 200,000 passengers a day, linking the centre with the north-western districts.""",
        1,
    ),
]


# Stories in another language that share specific numbers (scores, budgets, prices,
# dates, counts) and a generic place name with a story, but report another event:
# numbers alone must never make two stories language versions of each other.
LOOK_ALIKES: list[Text] = [
    Text(
        "la-en-football-fuel-numbers",
        "vi-xang-dau",
        "en",
        "harbourtimes",
        "Rovers sell out for Vietnam friendly",
        """Harbour Rovers sold all 19,620 seats for Wednesday's friendly against a touring side from Vietnam, the club said, with 280 tickets kept back for local schools and 410 for season-ticket holders.

The match on 19 November kicks off at 7.35pm. Last season the Rovers drew an average of 18,750 spectators, and the club expects takings of about 5,900 pounds from the programme sale alone, which will go to the youth academy.""",
        0.1,
    ),
    Text(
        "la-de-haushalt-fuel-numbers",
        "vi-xang-dau",
        "de",
        "rheinblatt",
        "Stadtwerke erhöhen Gaspreis zum Jahreswechsel",
        """Die Stadtwerke erhöhen den Gaspreis zum 1. Januar um 2,80 Cent je Kilowattstunde. Ein Haushalt mit 18.750 Kilowattstunden Jahresverbrauch zahlt damit rund 410 Euro mehr, teilte das Unternehmen am 19. November mit.

Betroffen sind 19.620 Kundinnen und Kunden in der Grundversorgung. Die Stadtwerke verweisen auf gestiegene Netzentgelte; 5.900 Haushalte mit Sozialtarif sollen einen Zuschuss erhalten.""",
        0.2,
    ),
    Text(
        "la-en-museum-gnlc-numbers",
        "vi-hanoi-gnlc",
        "en",
        "harbourtimes",
        "Maritime museum counts 580 school visits",
        """The maritime museum welcomed 580 school classes this year, 53 more than in 2025, and plans 30 new workshops by 2030, its director told the harbour board on 19 November.

The museum, founded in 2013, holds some 350 ship models; 32 of them will travel to a partner museum in Hanoi next spring, where they are to be shown for 11 weeks.""",
        0.3,
    ),
    Text(
        "la-vi-bong-da-koeln-numbers",
        "de-koeln-lernende-stadt",
        "vi",
        "thoidai",
        "Câu lạc bộ Hà Nội thắng 3-0, 18.000 khán giả đến sân",
        """Câu lạc bộ Hà Nội thắng 3-0 trong trận đấu tối 18/11 trước 18.000 khán giả, vươn lên vị trí thứ 3 trên bảng xếp hạng với 27 điểm sau 60 phút dẫn trước.

Huấn luyện viên cho biết đội sẽ có 200 suất học bổng bóng đá cho thiếu niên trong năm 2026. Trận đấu tiếp theo diễn ra tại sân Hàng Đẫy vào ngày 53 của mùa giải, như kế hoạch từ năm 2021.""",
        0.1,
    ),
]
