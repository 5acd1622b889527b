# ruff: noqa: E501  (prose and sentence templates are data)
"""The Harbour Times: an English local paper from the (fictional) port city of Kingsport."""

from __future__ import annotations

from fixtureworld.content.thoidai import HANOI_PATH
from fixtureworld.model import Article, uk

LEARNING_PATH = "/news/2025/11/17/learning-city-network-grows/"

SECTIONS: dict[str, str] = {
    "news": "News",
    "business": "Business",
    "world": "World",
    "sport": "Sport",
    "culture": "Culture",
    "opinion": "Opinion",
}

ARTICLES: list[Article] = [
    Article(
        key="en-learning-city-network-grows",
        section="news",
        path=LEARNING_PATH,
        title="Kingsport joins Unesco network of learning cities",
        lead=(
            "The city is one of 53 new members of the Global Network of Learning Cities, "
            "recognised for its adult education and library programmes."
        ),
        body="""
Kingsport has been accepted into Unesco's Global Network of Learning Cities, joining more than 350 places around the world that have committed to making lifelong learning available to everyone who lives there.

The announcement was made by the Unesco Institute for Lifelong Learning in Hamburg on Monday. Kingsport is one of 53 new members admitted this year, and one of only a handful in the UK.

The council's bid, submitted in March, highlighted the city's network of community learning hubs, its free digital skills courses for older residents, and a partnership with the port authority that offers apprenticeships to school leavers.

## "Never too late to learn"

Councillor Priya Natarajan, cabinet member for education, said the recognition belonged to the volunteers, librarians and tutors who had kept adult education going through years of budget cuts. "We want Kingsport to be a learning city in the fullest sense, a place where it is never too late to pick up a new skill, a new language or a new qualification," she said.

Membership does not bring direct funding, but it gives the city access to Unesco's expertise and to partner cities abroad. Officials said they hoped to set up exchanges with learning cities in Germany and Vietnam, starting with library staff and further education lecturers.

## Critics want more than a badge

Not everyone was impressed. The opposition group on the council said the title meant little while two branch libraries remained on reduced hours. "A plaque on the town hall wall doesn't teach anyone to read," said its leader, Martin Cole.

The council says it will publish its first progress report to Unesco in 2027 and has promised a public consultation on the next phase of its adult learning strategy early next year.
""",
        authors=["Eleanor Price"],
        published=uk(2025, 11, 17, 9, 15),
        modified=uk(2025, 11, 17, 12, 30),
        date_mode="time-element",
        learning_city=True,
        tags=["Learning city", "Education", "Council"],
        variant_links=[
            ("home", LEARNING_PATH + "?utm_source=newsletter&utm_medium=email"),
            ("home", LEARNING_PATH + "amp/"),
            ("section", LEARNING_PATH.rstrip("/")),
        ],
        amp_path=LEARNING_PATH + "amp/",
        slashless_variant=True,
    ),
    Article(
        key="en-hanoi-translation",
        section="world",
        path="/news/2025/11/21/hanoi-joins-unesco-learning-cities-network/",
        title="Hanoi joins Unesco's Global Network of Learning Cities",
        lead=(
            "Vietnam's capital is among 53 cities admitted to the network this year. This is a "
            "translation of a report by the Vietnamese outlet Thoi Dai."
        ),
        body="""
According to an announcement by the Unesco Institute for Lifelong Learning (UIL), based in Hamburg, Germany, 53 cities from 32 countries were admitted in the 2025 round. Hanoi is one of only a few cities in South-East Asia on this year's list.

Unesco's Global Network of Learning Cities (GNLC) was founded in 2013 and now brings together more than 350 cities worldwide. Members commit to promoting lifelong learning for all residents, from early childhood and school education to vocational training and community learning.

## A decade of building a learning society

Speaking at a press conference on the afternoon of 19 November, a vice-chairman of the Hanoi People's Committee said joining the network was the result of more than ten years of work on the city's learning society programme. The city now has more than 580 community learning centres and 30 public libraries.

"The learning city title is not a finish line but a long-term commitment that every resident of the capital should have the chance to learn, improve their skills and adapt to the digital transition," he said.

Between 2026 and 2030, Hanoi plans to prioritise free online learning platforms, open more reading spaces in its wards and communes, and cooperate more closely with other member cities, especially in adult education and digital skills.

## International cooperation

A representative of the Unesco office in Hanoi praised the city's efforts to link lifelong learning with the sustainable development goals, saying its experience in mobilising communities and businesses would be useful for many developing cities.

The new member cities will receive their certificates at the seventh International Conference on Learning Cities, expected to take place in 2026.

Source: {base:thoidai}"""
        + HANOI_PATH
        + """
""",
        authors=["Harbour Times staff"],
        published=uk(2025, 11, 21, 7, 0),
        modified=uk(2025, 11, 21, 7, 0),
        learning_city=True,
        tags=["Learning city", "Vietnam"],
    ),
    Article(
        key="en-machine-learning",
        section="business",
        path="/news/2025/11/12/machine-learning-in-the-city-council-trials-smart-traffic-lights/",
        title="Machine learning in the city: council trials smart traffic lights",
        lead="Software that predicts queues has cut waiting times at Quay Street, early data shows.",
        body="""
Drivers crossing Kingsport's busiest junctions may have noticed the lights changing a little faster. Since September, eight sets of signals on the Harbour Road corridor have been controlled by software that uses machine learning to predict queues and adjust green times.

The system, supplied by a Bristol start-up, analyses feeds from existing traffic cameras every few seconds. Early figures published by the council suggest average waiting times at the Quay Street crossroads have fallen by 18 per cent at the morning peak.

## Privacy questions

Campaigners have raised concerns about the camera data. The council insists that images are processed on the spot and never stored, and that the software counts vehicles, cyclists and pedestrians without identifying anyone. An independent audit is due to be published in the spring.

Bus operators have welcomed the trial. Kingsport Buses said journey times on route 7 had become more reliable, with fewer services bunching together. Cycling groups were more cautious, saying the system must not shorten crossing times for people on foot or on bikes.

Council officers said the software had also been used to give priority to ambulances approaching the hospital junction, shaving an average of 40 seconds off emergency journeys. The fire service has asked to be included in the next phase. Opposition councillors have called for a full public report before any extension is approved, arguing that residents should see the evidence before more money is spent.

If the trial is judged a success, the council plans to extend the technology to a further 40 junctions by 2027, at a cost of around £3.2m, partly funded by a Department for Transport grant.
""",
        authors=["Raj Mehta"],
        published=uk(2025, 11, 12, 13, 40),
        modified=uk(2025, 11, 12, 13, 40),
    ),
    Article(
        key="en-ferry-comments",
        section="news",
        path="/news/2025/11/13/ferry-timetable-to-change-from-december/",
        title="Ferry timetable to change from December",
        lead="Early crossing moved back and late weekday sailing axed as operator cites crew shortage.",
        body="""
Passengers on the Kingsport to Westness ferry will face a reduced winter timetable from 1 December, the operator has confirmed. The first sailing of the day will leave at 6.45am instead of 6.15am, and the late-evening crossing on weekdays will be withdrawn.

Harbour Ferries said the changes reflected lower demand in the winter months and a shortage of qualified crew. The company has struggled to recruit deckhands and engineers since the pandemic, and two of its four vessels are due for dry-dock maintenance in January.

## Commuters unhappy

Commuters who rely on the early crossing to reach the hospital and the container terminal said the changes would make their working day longer. "If I miss the 6.45 I'm late for my shift, simple as that," said one nurse who travels daily from Westness.

The operator said it would review the timetable in March and was talking to the council about a shuttle bus linking the ferry terminal with the railway station. Season ticket holders will be offered a partial refund for December.

The ferry route has been running since 1954 and carries around 400,000 passengers a year, many of them commuters and schoolchildren. Campaigners have long argued that it should be treated as part of the public transport network and receive the same subsidy as bus routes. The council said it had no spare funds to support the service this winter but would look at options in next year's budget.

Local councillors have asked for a meeting with the company. They want guarantees that the evening service will return in the spring, when tourist numbers rise again.
""",
        authors=["Tom Hadley"],
        published=uk(2025, 11, 13, 16, 20),
        modified=uk(2025, 11, 13, 16, 20),
        related=["en-learning-city-network-grows", "en-hanoi-translation", "en-port-record"],
        comments=[
            (
                "SandraK",
                "Shame the council spends more energy on its learning city plaque than on "
                "getting the ferry sorted.",
            )
        ],
    ),
    Article(
        key="en-council-minutes-oversized",
        section="news",
        path="/news/2025/11/20/full-council-minutes-published/",
        title="Full council minutes published: every word of the budget debate",
        lead="The complete record of Wednesday's marathon budget meeting, as published by the council.",
        body="""
The minutes of Wednesday's full council meeting run to several thousand pages and are reproduced here in full.
""",
        authors=["Tom Hadley"],
        published=uk(2025, 11, 20, 18, 0),
        modified=uk(2025, 11, 20, 18, 0),
        special="oversized",
        in_feeds=False,
        in_sitemaps=False,
    ),
    Article(
        key="en-letters-no-date",
        section="opinion",
        path="/opinion/letters-readers-on-the-harbour-bridge-closure/",
        title="Letters: readers on the harbour bridge closure",
        lead="Your views on the six-week closure of the swing bridge.",
        body="""
I have lived on the east side of the harbour for forty years and cannot remember a closure handled this badly. The diversion signs send lorries through a residential street where children walk to school, and nobody from the council has answered my emails.

The bridge needs repairing, nobody disputes that. But why must the work happen in the busiest shopping weeks of the year? A spring closure would have hurt traders far less, and the contractors would have had longer daylight hours.

As a cyclist I am delighted that the temporary footbridge allows bikes. It is the first time in years that crossing the harbour has felt safe, and I would urge the council to keep a dedicated cycle lane once the swing bridge reopens.

Could the ferry operator not add extra sailings while the bridge is shut? Instead they are cutting the timetable. Those of us without cars are being squeezed from every direction.

Is it too much to ask that the council publishes a clear timetable for the works and sticks to it? Every week we hear a different reopening date, and traders on Bridge Street cannot plan their staffing. Clear information would cost nothing and would go a long way to restoring trust.

Finally, a word of thanks to the marshals who stand in the rain at the Quay Street junction every morning. They have been patient, polite and good humoured, which is more than can be said for some of the drivers queuing past them.
""",
        authors=["Harbour Times readers"],
        date_mode="none",
    ),
    Article(
        key="en-disallowed-embargo",
        section="news",
        path="/private/news/2025/11/18/embargoed-learning-city-report/",
        title="EMBARGOED: Learning city progress report",
        lead="Not for publication before the council's press conference.",
        body="""
This page holds the embargoed text of the council's first learning city progress report. It must not be published or indexed before the embargo lifts.

The report describes the first year of the learning city programme, including the new community learning hubs and the library partnership with the further education college.
""",
        authors=["News desk"],
        published=uk(2025, 11, 18, 0, 1),
        learning_city=True,
        special="disallowed",
        listed=False,
        in_feeds=False,
        in_sitemaps=False,
    ),
    Article(
        key="en-port-record",
        section="business",
        path="/news/2025/11/14/port-reports-record-container-traffic/",
        title="Port reports record container traffic",
        lead="Volumes up 9 per cent as shipping lines reroute around congested European hubs.",
        body="""
Kingsport's container terminal handled more boxes in October than in any month since it opened, the port authority said on Friday. Almost 96,000 twenty-foot equivalent units crossed the quay, up 9 per cent on the same month last year.

The authority said several shipping lines had diverted services to Kingsport to avoid congestion at larger European hubs, where strikes and bad weather have caused long delays this autumn. Two new weekly services from the Far East began calling in September.

## Jobs and lorries

The growth has brought around 120 new jobs to the terminal and the logistics parks around it. But residents of the Eastgate estate say the extra lorries are making life miserable, with queues on the port access road stretching back to the ring road at peak times.

The port authority said a new rail siding, due to open next summer, would take up to 30 per cent of containers off the roads. It is also trialling a booking system that spreads lorry arrivals more evenly through the day.

Environmental campaigners have also raised concerns about emissions from ships waiting at anchor off the coast. The port authority said it was investing in shore power so that vessels at berth can switch off their engines, with the first two connections due to be commissioned next year.

Analysts cautioned that some of the diverted traffic could return to its usual ports once congestion eases elsewhere. The authority's chief executive said the aim was to turn temporary callers into permanent customers by offering faster turnaround times.
""",
        authors=["Raj Mehta"],
        published=uk(2025, 11, 14, 11, 30),
        modified=uk(2025, 11, 14, 11, 30),
    ),
    Article(
        key="en-rovers-late-win",
        section="sport",
        path="/news/2025/11/16/rovers-clinch-late-win-at-home/",
        title="Rovers clinch late win to climb into play-off places",
        lead="Substitute Danny Okafor heads the winner deep into stoppage time at the Quayside.",
        body="""
Harbour Rovers moved into the League Two play-off places with a dramatic 2-1 win over Stockbridge Town at the Quayside on Saturday, substitute Danny Okafor heading the winner four minutes into stoppage time.

Stockbridge had taken a deserved lead shortly before half-time when Callum Reid curled a free-kick into the top corner. Rovers struggled to create chances until manager Gareth Lowe changed formation on the hour.

## Changes pay off

The switch to a back three paid off almost immediately. Captain Lewis Grant equalised from close range after 67 minutes, following a goalmouth scramble that the visitors insisted should have been stopped for a foul on their goalkeeper.

Okafor, on for only ten minutes, then met a deep cross from Sam Whitfield at the far post to send most of the 6,412 crowd into raptures. "That's why you never leave early," Lowe said afterwards. "The lads showed real character."

Lowe was also full of praise for Okafor, who has spent most of the season on the bench after joining from a non-league side in the summer. "He works harder in training than anyone and he deserved that moment," the manager said. The striker, who grew up a few streets from the ground, celebrated in front of the family stand where his parents had watched the game. Rovers have now won four of their last five league matches, conceding just three goals in that run.

Rovers travel to Carlisle on Tuesday evening before a home game against the league leaders next weekend, which is expected to be a sell-out.
""",
        authors=["Mike Dunn"],
        published=uk(2025, 11, 16, 17, 5),
        modified=uk(2025, 11, 16, 18, 10),
        date_mode="time-element",
    ),
    Article(
        key="en-maritime-museum",
        section="culture",
        path="/news/2025/11/15/maritime-museum-reopens-after-refit/",
        title="Maritime museum reopens after two-year refit",
        lead="New galleries tell the story of the port through the lives of the people who worked it.",
        body="""
Kingsport Maritime Museum reopened to the public on Saturday after a two-year, £11m refurbishment that has transformed its Victorian warehouse home on the old quay.

The redesigned galleries move away from ship models in glass cases and focus instead on the people who built, crewed and unloaded the vessels. Oral histories recorded with retired dockers play in a reconstructed tally clerks' office, and a new gallery explores the port's links with West Africa and the Caribbean.

## Record crowds

More than 3,000 visitors came through the doors on the opening day, queuing along the quayside before the museum opened at 10am. Entry remains free, although visitors are encouraged to make a donation.

The museum's director, Helen Marsh, said the aim was to make the building a place where residents see their own families' stories. "Almost everyone in this city has a grandparent or great-grandparent who worked on the docks," she said.

The refurbishment has also improved access. A new lift connects all four floors for the first time, the entrance has been moved to street level, and a quiet room is available for visitors who find the busy galleries overwhelming. The café on the top floor, with views across the estuary, is expected to become a draw in its own right. Volunteers, many of them former port workers, will lead guided tours every weekend.

The refit was funded by the National Lottery Heritage Fund, the council and a public appeal that raised £640,000. The museum's restored steam tug, moored outside, will open for tours in the spring.
""",
        authors=["Grace Fielding"],
        published=uk(2025, 11, 15, 10, 0),
        modified=uk(2025, 11, 15, 10, 0),
        date_mode="meta",
    ),
    Article(
        key="en-evening-classes",
        section="news",
        path="/news/2025/11/18/evening-classes-see-record-enrolment/",
        title="Evening classes see record enrolment at Kingsport College",
        lead="Bookkeeping, welding and Spanish are this autumn's most popular courses.",
        body="""
Kingsport College says more adults have signed up for its evening courses this autumn than at any time in the past decade, with almost 2,300 people enrolled across 140 part-time courses in the city.

Bookkeeping, welding and conversational Spanish are the most popular choices, followed by a new course in electric vehicle maintenance that filled within a week of opening. Around a third of students are over 50.

## Funding worries

College leaders say the demand shows the value of part-time study, but they warn that national funding has not kept pace. The adult skills budget has fallen sharply in real terms over the past fifteen years, and fees for some courses have risen to more than £300 a term.

Students interviewed by the Harbour Times gave a range of reasons for signing up. Some wanted to change careers, others to support children with homework, and several simply wanted to meet people on dark winter evenings.

The college is now considering adding weekend sessions to cope with demand, and says it has received enquiries from employers who want to send staff on short courses in bookkeeping and health and safety. A waiting list has been opened for the most popular classes, which are expected to run again in January.

"I left school at sixteen and always regretted it," said Maureen Collins, 61, who is studying for an English qualification. "It turns out I actually enjoy learning."
""",
        authors=["Eleanor Price"],
        published=uk(2025, 11, 18, 8, 0),
        modified=uk(2025, 11, 18, 8, 0),
    ),
    Article(
        key="en-storm-warning",
        section="news",
        path="/news/2025/11/19/storm-warning-issued-for-coast/",
        title="Amber warning as Storm Bram heads for the coast",
        lead="Gusts of up to 80mph expected on exposed headlands; ferries likely to be cancelled.",
        body="""
An amber weather warning for wind is in force for the coast from 6pm on Wednesday until midday on Thursday as Storm Bram approaches from the Atlantic. Forecasters expect gusts of 60 to 70mph widely and up to 80mph on exposed headlands.

Harbour Ferries has warned that all crossings on Thursday morning are likely to be cancelled, and the port authority has suspended container operations at the outer berths. Residents of the seafront are being advised to secure bins, garden furniture and trampolines.

## Flood defences checked

The Environment Agency said high tides combined with the storm surge could lead to spray and large waves overtopping the promenade. Staff have checked the flood gates at the Old Harbour and will close them ahead of the evening high tide.

Schools are expected to open as normal, but parents are advised to check the council's website early on Thursday. Power cuts are possible in rural areas, and the electricity network operator has put extra engineers on standby.

Forecasters said Storm Bram is the second named storm of the season and is expected to clear eastwards by Thursday afternoon, with a colder, showery spell following. Anyone planning to travel on Thursday morning is advised to check for disruption before setting out, and to keep away from the seafront at high tide, when waves are likely to be most dangerous.

Drivers are being urged to avoid the coast road and the high-level bridge, which will close to high-sided vehicles once gusts exceed 50mph.
""",
        authors=["Weather desk"],
        published=uk(2025, 11, 19, 6, 40),
        date_mode="visible-text",
    ),
]
