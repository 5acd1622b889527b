# ruff: noqa: E501  (prose and sentence templates are data)
"""Rheinblatt: a German regional paper from the Rhineland."""

from __future__ import annotations

from fixtureworld.model import Article, de

KOELN_PATH = "/lokales/lernende-stadt-koeln-2025-11-18.html"

SECTIONS: dict[str, str] = {
    "politik": "Politik",
    "lokales": "Lokales",
    "wirtschaft": "Wirtschaft",
    "kultur": "Kultur",
    "sport": "Sport",
}

ARTICLES: list[Article] = [
    Article(
        key="de-koeln-lernende-stadt",
        section="lokales",
        path=KOELN_PATH,
        title="Köln ist jetzt „Lernende Stadt“ der UNESCO",
        lead=(
            "Die UNESCO hat Köln in ihr Globales Netzwerk der lernenden Städte aufgenommen. "
            "Die Stadt will damit Weiterbildung für alle Altersgruppen stärken."
        ),
        body="""
Die Nachricht kam am Dienstagmittag aus Hamburg: Das UNESCO-Institut für Lebenslanges Lernen hat Köln als eines von 53 neuen Mitgliedern in das Globale Netzwerk der lernenden Städte (GNLC) aufgenommen. Oberbürgermeister und Schuldezernentin zeigten sich bei einer Pressekonferenz im Historischen Rathaus erfreut.

„Köln ist eine Lernende Stadt – das war sie schon lange, jetzt ist es auch international anerkannt“, sagte die Schuldezernentin. Die Bewerbung hatte die Stadt im Frühjahr gemeinsam mit der Volkshochschule, der Stadtbibliothek und den Hochschulen eingereicht.

## Von der Kita bis zum Seniorentreff

Im Mittelpunkt der Bewerbung stand das Programm „Lernen im Veedel“, das seit 2021 in zwölf Stadtteilen Kurse, Sprachcafés und digitale Sprechstunden anbietet. Allein im vergangenen Jahr nahmen nach Angaben der Stadt mehr als 18.000 Menschen an den Angeboten teil, ein Drittel davon älter als 60 Jahre.

Auch die Stadtbibliothek spielt eine zentrale Rolle. Sie hat ihre Öffnungszeiten in mehreren Zweigstellen auf den Sonntag ausgeweitet und bietet Werkstätten für 3D-Druck, Programmierkurse für Jugendliche und Hilfe beim Umgang mit Behörden-Apps an.

## Austausch mit Partnerstädten

Mit der Mitgliedschaft verpflichtet sich Köln, alle zwei Jahre über Fortschritte zu berichten. Im Gegenzug erhält die Stadt Zugang zu Fachkonferenzen und Kooperationsprojekten mit anderen lernenden Städten weltweit. Erste Gespräche gebe es bereits mit Partnern in Kattowitz und Rotterdam, hieß es aus dem Rathaus.

Kritik kam von der Opposition im Stadtrat: Ein Titel allein schaffe keine zusätzlichen Kursplätze, bemängelte die Fraktionsvorsitzende der Linken. Die Volkshochschule habe in diesem Jahr wegen Haushaltskürzungen mehr als 200 Kurse streichen müssen. Die Verwaltung kündigte an, die Finanzierung im Doppelhaushalt 2026/27 zu sichern.
""",
        authors=["Sabine Krüger"],
        published=de(2025, 11, 18, 14, 5),
        modified=de(2025, 11, 18, 16, 40),
        date_mode="meta",
        learning_city=True,
        tags=["Lernende Stadt", "UNESCO", "Bildung"],
        variant_links=[("feed", KOELN_PATH + "?utm_source=rss&utm_medium=feed")],
    ),
    Article(
        key="de-bonn-lernstadt",
        section="lokales",
        path="/lokales/artikel/4101",
        title="Bonn will Lernstadt werden: Bürgerdialog zur Bildungsstrategie",
        lead=(
            "Mit einem offenen Bürgerdialog startet Bonn in die Bewerbung um die Aufnahme in das "
            "UNESCO-Netzwerk der lernenden Städte."
        ),
        body="""
Rund 300 Bürgerinnen und Bürger kamen am Samstag ins Alte Rathaus, um über die künftige Bildungsstrategie der Bundesstadt zu diskutieren. Ziel ist, dass Bonn bis 2027 als Lernstadt anerkannt wird und dem Globalen Netzwerk der lernenden Städte der UNESCO beitritt.

In Arbeitsgruppen sammelten die Teilnehmenden Vorschläge: mehr Sprachkurse am Abend, kostenlose Digitalsprechstunden in den Stadtteilbibliotheken und bessere Angebote für Menschen, die nach der Elternzeit in den Beruf zurückkehren wollen. Auch Vertreterinnen der UN-Organisationen am Standort Bonn beteiligten sich.

## Bildung als Standortfaktor

Die Bildungsdezernentin betonte, lebenslanges Lernen sei längst ein Standortfaktor. „Unternehmen fragen uns heute nicht nur nach Gewerbeflächen, sondern auch danach, wie ihre Beschäftigten sich weiterbilden können“, sagte sie. Bonn habe mit Universität, Hochschule und Volkshochschule eine starke Basis.

Die Erfahrungen anderer Städte zeigen, dass eine Bewerbung Zeit braucht. Köln hat gerade erst die Aufnahme geschafft, andere deutsche Städte sind seit einigen Jahren Mitglied. Bonn will von ihnen lernen und hat bereits Kontakt zu deren Koordinierungsstellen aufgenommen.

Unterstützung kommt auch aus der Wirtschaft. Die Kreishandwerkerschaft kündigte an, eigene Werkstätten für Schnupperkurse zu öffnen, damit Erwachsene ohne Berufsabschluss einen Einstieg finden. Die Volkshochschule will zudem ihr Programm für Geflüchtete ausbauen, das bislang an fehlenden Räumen scheitert. Ein Sprecher der Universität sagte, man sei bereit, Hörsäle an Abenden für öffentliche Vorlesungen zur Verfügung zu stellen, wenn die Stadt die Kosten für Hausmeister und Technik übernehme.

Die Ergebnisse des Bürgerdialogs sollen bis Februar ausgewertet und dem Stadtrat vorgelegt werden. Ein zweiter Workshop, diesmal speziell für Jugendliche, ist für März im Jugendzentrum Bad Godesberg geplant. Anmeldungen sind über das Bürgerportal der Stadt möglich.
""",
        authors=["Thomas Brenner"],
        published=de(2025, 11, 10, 9, 30),
        modified=de(2025, 11, 10, 9, 30),
        learning_city=True,
        tags=["Lernende Stadt", "Bonn"],
    ),
    Article(
        key="de-bruecke-cp1252",
        section="lokales",
        path="/lokales/artikel/4102",
        title="Mülheimer Brücke: Vollsperrung über das Wochenende",
        lead=(
            "Wegen Prüfarbeiten an der Mülheimer Brücke müssen Autofahrer von Freitagabend bis "
            "Montagfrüh große Umwege in Kauf nehmen."
        ),
        body="""
Die Sperrung beginnt am Freitag um 20 Uhr und soll am Montag um 5 Uhr enden. Betroffen sind alle Fahrspuren in beide Richtungen, auch die Stadtbahnlinien 13 und 18 fahren in dieser Zeit nur eingeschränkt. Fußgänger und Radfahrer können die Brücke weiterhin auf der südlichen Seite überqueren.

Nach Angaben des Amts für Brücken, Tunnel und Stadtbahnbau werden Spezialisten an mehreren Stellen die Schweißnähte der Stahlkonstruktion prüfen. Die Messungen seien nur möglich, wenn keine Fahrzeuge über die Brücke rollen, erklärte eine Sprecherin. Größere Schäden erwarte man nicht.

## Umleitungen ausgeschildert

Der Verkehr wird über die Zoobrücke und die Severinsbrücke umgeleitet. Die Verwaltung rechnet vor allem am Samstagnachmittag mit Staus rund um den Wiener Platz. Wer kann, solle auf Bus und Bahn ausweichen oder das Fahrrad nehmen.

Die Verkehrsbetriebe setzen zusätzliche Busse zwischen dem Wiener Platz und dem Breslauer Platz ein. Fahrgäste sollten etwa 15 Minuten mehr Zeit einplanen, teilte das Unternehmen mit. Aktuelle Informationen gibt es in der App und an den Haltestellen.

Für Lieferverkehr und Handwerksbetriebe in Mülheim hat die Verwaltung Sonderregelungen angekündigt. Fahrzeuge mit Ausnahmegenehmigung dürfen in der Nacht zu Sonntag für zwei Stunden über eine Behelfsspur fahren. Rettungsdienste und Feuerwehr haben ihre Einsatzplanung angepasst und zusätzliche Fahrzeuge auf der rechten Rheinseite stationiert, damit Notfälle auch während der Sperrung schnell erreicht werden können.

Die Mülheimer Brücke war erst im vergangenen Jahr nach einer mehrjährigen Sanierung wieder vollständig freigegeben worden. Die Kosten der Arbeiten waren von ursprünglich 150 auf mehr als 300 Millionen Euro gestiegen. Anwohner in Mülheim äußerten sich entsprechend genervt über die erneute Sperrung: „Schon wieder?“, fragte ein Ladenbesitzer an der Frankfurter Straße.
""",
        authors=["Jens Weißenfels"],
        published=de(2025, 11, 13, 7, 45),
        modified=de(2025, 11, 13, 7, 45),
        date_mode="meta",
        charset="windows-1252",
    ),
    Article(
        key="de-haushaltssperre",
        section="politik",
        path="/politik/artikel/4103",
        title="Stadtrat beschließt Haushaltssperre",
        lead=(
            "Die Stadt muss sparen: Nach einem Einbruch bei der Gewerbesteuer verhängt der "
            "Kämmerer eine Haushaltssperre bis zum Jahresende."
        ),
        body="""
Die Stadt Köln steht vor einem Loch von knapp 180 Millionen Euro. Grund ist ein unerwarteter Rückgang der Gewerbesteuer, den der Kämmerer am Mittwoch im Finanzausschuss erläuterte. Mehrere große Unternehmen hätten ihre Vorauszahlungen deutlich gesenkt.

Die Haushaltssperre bedeutet, dass neue Ausgaben nur noch mit Zustimmung der Kämmerei möglich sind. Laufende Verträge und gesetzliche Pflichtaufgaben sind nicht betroffen. Freiwillige Leistungen, etwa Zuschüsse für Vereine oder Kulturprojekte, werden jedoch vorerst auf Eis gelegt.

## Opposition spricht von Versäumnissen

Die Opposition warf der Verwaltung vor, die Risiken zu lange unterschätzt zu haben. Bereits im Sommer hätten Warnsignale vorgelegen, sagte der finanzpolitische Sprecher der CDU-Fraktion. Die Grünen verteidigten den Kurs und verwiesen auf die schwierige Lage vieler Kommunen in Nordrhein-Westfalen.

Der Städtetag NRW fordert seit Langem eine bessere Finanzausstattung der Kommunen durch Bund und Land. Immer neue Aufgaben würden übertragen, ohne dass das Geld dafür mitkomme, heißt es in einer Stellungnahme des Verbandes.

Wie lange die Sperre gilt, ist offen. Der Kämmerer kündigte an, im Dezember einen Nachtragshaushalt vorzulegen. Darin sollen auch Einsparungen bei der Verwaltung selbst stehen: Freiwerdende Stellen werden vorerst nicht nachbesetzt, Dienstreisen und externe Gutachten auf das Nötigste beschränkt. Die Personalvertretung kritisierte das Vorgehen, weil schon jetzt viele Ämter überlastet seien und Bürger wochenlang auf Termine warten müssten.

Betroffen von der Sperre sind auch kleinere Projekte in den Bezirken. So muss etwa die Sanierung des Lehrschwimmbeckens in Chorweiler warten. Dort sollten ab Januar wieder Grundschulkinder schwimmen lernen, seit zwei Jahren fällt der Unterricht aus. Eltern haben bereits eine Unterschriftenaktion gestartet.
""",
        authors=["Petra Lindemann"],
        published=de(2025, 11, 12, 18, 20),
        modified=de(2025, 11, 12, 18, 20),
    ),
    Article(
        key="de-nahverkehr",
        section="politik",
        path="/politik/artikel/4104",
        title="Kommunen fordern mehr Geld für Busse und Bahnen",
        lead=(
            "Oberbürgermeister und Landräte aus dem Rheinland warnen vor Kürzungen im "
            "Nahverkehr – und sehen Land und Bund in der Pflicht."
        ),
        body="""
Die Oberbürgermeister und Landräte aus dem Rheinland haben das Land Nordrhein-Westfalen aufgefordert, die Finanzierung des öffentlichen Nahverkehrs dauerhaft zu sichern. In einem gemeinsamen Brief an den Verkehrsminister warnen sie vor Angebotskürzungen ab dem kommenden Sommer.

Hintergrund sind gestiegene Kosten für Personal und Energie. Gleichzeitig sind die Einnahmen durch das Deutschlandticket niedriger ausgefallen als von vielen Verkehrsverbünden erwartet. Allein im Verkehrsverbund Rhein-Sieg fehlen nach Angaben der Unterzeichner im kommenden Jahr rund 90 Millionen Euro.

## Land verweist auf Bund

Das Verkehrsministerium in Düsseldorf reagierte zurückhaltend. Man teile die Sorge der Kommunen, sagte ein Sprecher, der Bund müsse aber seinen Anteil an den Regionalisierungsmitteln erhöhen. Das Land habe seine Zuschüsse bereits in den vergangenen Jahren deutlich aufgestockt.

Fahrgastverbände befürchten, dass zuerst Verbindungen am Abend und auf dem Land gestrichen werden. Schon jetzt fahren einige Buslinien im Bergischen Land nach 20 Uhr nur noch im Stundentakt. Eine weitere Ausdünnung würde vor allem Menschen ohne Auto treffen, warnte der Fahrgastverband Pro Bahn.

Im Gespräch ist auch eine Nahverkehrsabgabe, wie sie in anderen Bundesländern diskutiert wird. Dabei würden etwa Arbeitgeber oder Grundstückseigentümer an den Kosten beteiligt, weil sie von guten Verbindungen profitieren. Die Industrie- und Handelskammer lehnt den Vorschlag ab und warnt vor zusätzlichen Belastungen für Betriebe, die ohnehin unter hohen Energiepreisen litten. Die Grünen im Landtag zeigten sich dagegen offen für eine Prüfung.

Die Kommunen wollen ihre Forderungen Anfang Dezember bei einem Treffen mit Vertretern der Landesregierung erneut vortragen. Bis dahin sollen die Verkehrsbetriebe berechnen, welche Linien bei ausbleibender Finanzierung gefährdet wären.
""",
        authors=["Petra Lindemann"],
        published=de(2025, 11, 19, 11, 10),
        modified=de(2025, 11, 19, 11, 10),
        related=["de-koeln-lernende-stadt", "de-bonn-lernstadt", "de-haushaltssperre"],
        comments=[
            (
                "Rheinländer58",
                "Alles schön und gut, aber wann berichtet ihr mehr über Köln als Lernende "
                "Stadt? Das Thema ist viel wichtiger als der ewige Streit ums Geld.",
            )
        ],
    ),
    Article(
        key="de-weihnachtsmarkt-url-date",
        section="lokales",
        path="/lokales/weihnachtsmarkt-am-dom-eroeffnet-2025-11-24.html",
        title="Weihnachtsmarkt am Dom eröffnet",
        lead="Stollenanschnitt, Glühwein im Pfandbecher und dichtes Gedränge auf dem Roncalliplatz.",
        body="""
Mit dem traditionellen Anschnitt des Stollens ist am Montagabend der Weihnachtsmarkt am Kölner Dom eröffnet worden. Tausende Besucherinnen und Besucher drängten sich bereits in der ersten Stunde zwischen den rund 160 Holzhütten auf dem Roncalliplatz.

Der Markt ist bis zum 23. Dezember täglich von 11 bis 22 Uhr geöffnet. Neu in diesem Jahr ist eine Hütte mit regionalem Kunsthandwerk aus dem Bergischen Land sowie ein Stand, an dem Glühwein ausschließlich im Pfandbecher aus recyceltem Material ausgeschenkt wird.

## Mehr Sicherheit rund um den Roncalliplatz

Wie in den Vorjahren sichern Betonsperren und Poller die Zugänge. Die Polizei ist mit zusätzlichen Kräften im Einsatz, ein mobiles Wachhäuschen steht am Eingang zur Domplatte. Taschenkontrollen seien stichprobenartig möglich, teilte ein Sprecher mit.

Die Veranstalter rechnen mit mehr als vier Millionen Besuchen über die gesamte Saison. Für die Wochenenden empfehlen sie, mit Bus und Bahn anzureisen, da die Parkhäuser in der Innenstadt erfahrungsgemäß schnell belegt sind. Die Bahn setzt an den Adventssamstagen zusätzliche Regionalzüge ein.

Erstmals gibt es auf dem Markt auch eine kleine Bühne für Chöre und Schulklassen aus der Region. An den Adventssonntagen treten dort jeweils ab 15 Uhr Ensembles auf, der Eintritt ist frei. Für Familien mit Kindern hat der Veranstalter einen ruhigeren Bereich mit Karussell und Bastelhütte eingerichtet, in dem die Musik bewusst leiser gedreht wird.

Auch die Händler blicken optimistisch auf die kommenden Wochen. Nach den gestiegenen Energie- und Standkosten hoffen viele auf ein gutes Geschäft. Die Preise für Glühwein liegen in diesem Jahr überwiegend zwischen 4,50 und 5 Euro je Becher.
""",
        authors=["Anna Schäfer"],
        published=de(2025, 11, 24, 19, 30),  # newsroom time; the page shows none
        date_mode="url",
        in_feeds=False,
    ),
    Article(
        key="de-philharmonie-feed-date",
        section="kultur",
        path="/kultur/artikel/4106",
        title="Philharmonie: Standing Ovations für junges Orchester",
        lead="Das Bundesjugendorchester begeistert mit Brahms, Strawinsky und einer Uraufführung.",
        body="""
Mit Standing Ovations hat das Publikum in der Kölner Philharmonie am Sonntagabend das Bundesjugendorchester gefeiert. Die rund 100 Musikerinnen und Musiker zwischen 14 und 19 Jahren spielten Werke von Brahms, Strawinsky und eine Uraufführung der Komponistin Lena Hoffmann.

Besonders die Uraufführung sorgte für Gesprächsstoff. Das zwölfminütige Stück „Rheinlicht“ verbindet Klänge, die Hoffmann bei Spaziergängen am Rheinufer aufgenommen hat, mit einem dichten Orchestersatz. Nach dem letzten Ton herrschte zunächst Stille, dann brandete Applaus auf.

## Tournee durch zehn Städte

Das Konzert war der Auftakt einer Herbsttournee, die das Orchester in den kommenden zwei Wochen durch zehn Städte in Deutschland und den Niederlanden führt. Geleitet wird es in dieser Saison von der finnischen Dirigentin Aino Virtanen, die für ihre präzise und zugleich temperamentvolle Arbeit mit jungen Ensembles bekannt ist.

Für viele der jungen Musikerinnen und Musiker war es der erste Auftritt in einem so großen Saal. „Man hört hier jeden einzelnen Bogenstrich, das ist aufregend und ein bisschen beängstigend“, sagte eine 16-jährige Bratschistin nach dem Konzert.

Das Bundesjugendorchester wurde 1969 gegründet und gilt als eines der wichtigsten Nachwuchsensembles des Landes. Wer mitspielen will, muss ein anspruchsvolles Probespiel bestehen; viele ehemalige Mitglieder sitzen heute in großen Sinfonieorchestern. Die Arbeitsphasen finden meist in den Schulferien statt, damit die Jugendlichen keinen Unterricht verpassen.

Die Philharmonie war mit knapp 2000 Plätzen nahezu ausverkauft. Ein Mitschnitt des Konzerts wird am kommenden Samstag im Radio übertragen und ist anschließend 30 Tage lang in der Mediathek abrufbar.
""",
        authors=["Clara Vogt"],
        published=de(2025, 11, 16, 19, 40),
        date_mode="feed",
    ),
    Article(
        key="de-landtag-redirect",
        section="politik",
        path="/politik/artikel/4107",
        title="Landtag berät über Rekordhaushalt",
        lead="Erste Lesung im Düsseldorfer Landtag: Die Opposition spricht von Haushaltstricks.",
        body="""
Der nordrhein-westfälische Landtag hat am Freitag in erster Lesung über den Haushaltsentwurf der Landesregierung beraten. Der Entwurf sieht für das kommende Jahr Ausgaben von rund 107 Milliarden Euro vor, so viel wie nie zuvor.

Der Finanzminister verteidigte den Plan als „Haushalt der Verlässlichkeit“. Schwerpunkte seien Bildung, innere Sicherheit und der Ausbau der Infrastruktur. Gleichzeitig müsse das Land sparen: Rund 2,5 Milliarden Euro sollen durch globale Minderausgaben und Umschichtungen erwirtschaftet werden.

## Kritik von SPD und FDP

Die Opposition kritisierte den Entwurf scharf. Die SPD bemängelte, dass Kommunen zu wenig Unterstützung erhielten, obwohl ihre Kassen leer seien. Die FDP warf der Landesregierung vor, sich mit Rücklagen über das Jahr zu retten, statt strukturell zu sparen.

Auch Sozialverbände meldeten sich zu Wort. Kürzungen bei Beratungsstellen und Integrationsangeboten träfen die Schwächsten, hieß es in einer gemeinsamen Erklärung der Freien Wohlfahrtspflege. Die Landesregierung wies dies zurück: Die Mittel für soziale Infrastruktur blieben insgesamt stabil.

Besonders umstritten ist die Finanzierung der Kitas. Träger klagen seit Monaten über steigende Personalkosten, die durch die Pauschalen des Landes nicht gedeckt seien. Der Entwurf sieht zwar eine Erhöhung der Zuschüsse vor, nach Berechnungen der Verbände reicht sie aber nicht aus, um Gruppenschließungen zu verhindern. Die Familienministerin kündigte Gespräche mit den Trägern noch vor Jahresende an.

Der Haushalts- und Finanzausschuss wird den Entwurf in den kommenden Wochen beraten. Die Verabschiedung ist für die Plenarsitzung kurz vor Weihnachten geplant. Bis dahin können die Fraktionen Änderungsanträge einbringen.
""",
        authors=["Markus Heller"],
        published=de(2025, 11, 14, 16, 30),
        modified=de(2025, 11, 14, 17, 15),
        redirect_from=["/artikel/2025/11/landtag-beraet-haushalt.html"],
    ),
    Article(
        key="de-brauereien-canonical",
        section="wirtschaft",
        path="/wirtschaft/artikel/4108",
        title="Rheinische Brauereien klagen über Absatzrückgang",
        lead="Weniger Kölsch, mehr Alkoholfreies: Die Brauwirtschaft im Rheinland steht unter Druck.",
        body="""
Die Brauereien im Rheinland verkaufen weniger Bier. Nach Zahlen des regionalen Brauereiverbands ging der Absatz in den ersten drei Quartalen um 4,8 Prozent zurück, beim Kölsch sogar um mehr als sechs Prozent. Es ist bereits das dritte Jahr in Folge mit sinkenden Mengen.

Als Gründe nennt der Verband veränderte Trinkgewohnheiten, vor allem bei jüngeren Menschen, sowie gestiegene Preise. Ein Kasten Kölsch kostet im Handel inzwischen oft mehr als 18 Euro. Zugleich sind die Kosten für Energie, Glas und Malz deutlich gestiegen.

## Alkoholfreies wächst

Einen Lichtblick gibt es: Alkoholfreie Biere legen weiter zu. Fast jede Brauerei in der Region hat inzwischen eine alkoholfreie Variante im Sortiment, einige experimentieren mit Fassbrause und Limonaden. Der Anteil am Gesamtabsatz liegt nach Verbandsangaben mittlerweile bei knapp zehn Prozent.

Kleinere Brauereien trifft die Entwicklung besonders hart. Zwei Traditionshäuser haben in diesem Jahr ihre Produktion eingestellt und lassen ihr Bier nun bei größeren Betrieben brauen. Der Verband fordert eine Senkung der Biersteuer und weniger Bürokratie für die Gastronomie.

Der Export spielt dabei kaum eine Rolle. Kölsch ist eine geschützte Herkunftsbezeichnung und darf nur im Raum Köln gebraut werden, entsprechend klein ist der Markt außerhalb des Rheinlands. Einige Brauereien versuchen es trotzdem und liefern in die Niederlande und nach Belgien. Der Verband setzt zudem auf den Tourismus: Brauereiführungen seien so gefragt wie nie, die Termine für die Adventszeit längst ausgebucht.

In der Gastronomie ist die Stimmung gemischt. Die Brauhäuser in der Altstadt seien gut besucht, vor allem von Touristen, berichtet der Gaststättenverband. In den Veedeln dagegen kämpften viele Kneipen ums Überleben.
""",
        authors=["Oliver Kamp"],
        published=de(2025, 11, 11, 10, 0),
        modified=de(2025, 11, 11, 10, 0),
        alt_paths=[("/lokales/artikel/4108", "lokales")],
    ),
    Article(
        key="de-derby-malformed",
        section="sport",
        path="/sport/artikel/4109",
        title="FC Rhein 04 gewinnt Derby in letzter Minute",
        lead="Kopfballtor in der Nachspielzeit: Der FC Rhein 04 schlägt Fortuna Bergheim mit 2:1.",
        body="""
Was für ein Nachmittag im Sportpark: Der FC Rhein 04 hat das Derby gegen Fortuna Bergheim mit 2:1 gewonnen – und das Siegtor fiel erst in der Nachspielzeit. Mittelstürmer Jonas Berger traf in der 93. Minute per Kopf nach einer Ecke von Kapitän Emre Yilmaz.

Dabei hatte es lange nach einer Enttäuschung für die Gastgeber ausgesehen. Bergheim ging in der 28. Minute durch einen Foulelfmeter in Führung, nachdem Innenverteidiger Luca Schmitz im Strafraum zu spät gekommen war. Der Ausgleich gelang erst nach der Pause durch einen sehenswerten Distanzschuss von Mittelfeldspieler Tim Hoffmann.

## Trainer lobt die Moral

„Die Mannschaft hat nie aufgegeben, das ist die Mentalität, die wir sehen wollen“, sagte Trainer Markus Wendt nach dem Spiel. Er räumte aber ein, dass seine Elf in der ersten Halbzeit zu passiv gewesen sei. Bergheims Trainer sprach von einem „bitteren, aber verdienten“ Ende.

Vor 8400 Zuschauern – Saisonrekord – war die Stimmung von Beginn an aufgeheizt. Die Polizei meldete nach dem Spiel einige kleinere Rangeleien vor dem Stadion, Verletzte gab es nicht.

Für Gesprächsstoff sorgte auch der Videobeweis, der in der Regionalliga in dieser Saison erstmals getestet wird. Vor dem Elfmeter dauerte die Überprüfung fast vier Minuten, das Publikum quittierte die Entscheidung mit einem gellenden Pfeifkonzert. Beide Trainer äußerten sich nach dem Spiel kritisch über die langen Unterbrechungen, betonten aber, dass die Entscheidung am Ende korrekt gewesen sei.

Mit dem Sieg springt der FC Rhein 04 auf den dritten Tabellenplatz der Regionalliga West. Am kommenden Samstag geht es zum Tabellenführer nach Aachen, das Spiel beginnt um 14 Uhr.
""",
        authors=["Kai Doppler"],
        published=de(2025, 11, 15, 17, 25),
        modified=de(2025, 11, 15, 18, 0),
        date_mode="meta",
        malformed=True,
    ),
    Article(
        key="de-radwege-slow",
        section="lokales",
        path="/lokales/artikel/4110",
        title="Neue Radwege an den Ringen freigegeben",
        lead="Nach acht Monaten Bauzeit ist der letzte Abschnitt der Ring-Radwege fertig.",
        body="""
Radfahrerinnen und Radfahrer können seit Montag auf dem gesamten Kölner Ring zwischen Ubierring und Theodor-Heuss-Ring auf eigenen, baulich getrennten Spuren fahren. Die Verkehrsdezernentin gab den letzten Abschnitt am Hansaring gemeinsam mit Vertretern von Radverbänden frei.

Für die neuen Radwege fiel auf weiten Strecken eine Autospur weg. Kritiker hatten vor Dauerstaus gewarnt, die nach ersten Zählungen jedoch ausgeblieben sind. Die Zahl der Radfahrenden auf den Ringen hat sich seit 2019 nach Angaben der Verwaltung mehr als verdoppelt.

## Lücken bleiben

Der Fahrradclub ADFC lobte den Ausbau, mahnte aber Nachbesserungen an den Kreuzungen an. Gerade beim Abbiegen komme es weiter zu gefährlichen Situationen mit Lastwagen. Die Stadt kündigte an, an mehreren Ampeln eigene Grünphasen für den Radverkehr einzurichten.

Auch der Einzelhandel an den Ringen blickt gemischt auf das Projekt. Einige Geschäftsleute beklagen fehlende Lieferzonen, andere berichten von mehr Laufkundschaft. Eine Studie der Hochschule soll die Auswirkungen im kommenden Jahr untersuchen.

Die Polizei will in den kommenden Wochen verstärkt kontrollieren, ob Autofahrer die neuen Radspuren zum Parken oder Halten nutzen. In der ersten Woche nach der Freigabe seien bereits mehr als 200 Verstöße festgestellt worden, hieß es. Lieferdienste sollen künftig eigene Ladezonen in den Seitenstraßen bekommen, damit sie nicht mehr auf den Radweg ausweichen müssen.

Die Kosten für den Umbau liegen bei rund 14 Millionen Euro, ein großer Teil stammt aus Förderprogrammen des Landes. Als Nächstes sollen die Radwege an der Aachener Straße und der Dürener Straße ausgebaut werden.
""",
        authors=["Anna Schäfer"],
        published=de(2025, 11, 17, 12, 0),
        modified=de(2025, 11, 17, 12, 0),
        special="slow",
    ),
    Article(
        key="de-museum-missing",
        section="kultur",
        path="/kultur/artikel/9999",
        title="Museum Ludwig zeigt große Warhol-Retrospektive",
        lead="Die Ausstellung wurde kurzfristig verschoben; der Artikel ist nicht mehr online.",
        body="""
Der Artikel wurde von der Redaktion zurückgezogen.
""",
        authors=["Clara Vogt"],
        published=de(2025, 11, 20, 10, 0),
        special="missing",
        listed=False,
    ),
    Article(
        key="de-einzelhandel",
        section="wirtschaft",
        path="/wirtschaft/artikel/4111",
        title="Einzelhandel hofft auf starkes Weihnachtsgeschäft",
        lead="Trotz Kaufzurückhaltung rechnet der Handelsverband mit leicht steigenden Umsätzen.",
        body="""
Der Einzelhandel im Rheinland blickt vorsichtig optimistisch auf die Wochen vor Weihnachten. Der regionale Handelsverband rechnet mit einem Umsatzplus von rund 1,5 Prozent gegenüber dem Vorjahr. Nach Abzug der Preissteigerung bliebe davon allerdings kaum etwas übrig.

Vor allem Spielwaren, Bücher und Unterhaltungselektronik sollen gefragt sein. Auch Gutscheine bleiben beliebt. Bei Kleidung und Schuhen erwarten die Händler dagegen ein schwieriges Geschäft, weil viele Kundinnen und Kunden zunehmend online bestellen.

## Innenstädte unter Druck

Die Frequenz in den Einkaufsstraßen liegt nach Messungen des Verbands weiterhin unter dem Niveau von 2019. Auf der Schildergasse und der Hohe Straße zählten die Sensoren im Oktober rund acht Prozent weniger Passanten als vor der Pandemie. Leerstände gebe es inzwischen auch in guten Lagen.

Der Verband wirbt deshalb für verkaufsoffene Sonntage im Advent und für günstigere Parkgebühren. Die Stadt verweist auf ihr Innenstadtprogramm, mit dem Zwischennutzungen leerer Ladenlokale gefördert werden, etwa durch Pop-up-Stores junger Designerinnen.

Unterdessen rüsten sich die Paketdienste für die Hochsaison. Sie rechnen mit bis zu 20 Prozent mehr Sendungen als im Rest des Jahres und stellen Aushilfen ein. Auch der Onlinehandel profitiert vom Trend zu Gutscheinen und digitalen Geschenken. Viele Händler in der Innenstadt hoffen dennoch auf die Stimmung der Adventszeit, die Menschen traditionell in die Geschäfte lockt.

Viele Händler setzen inzwischen auf eine Mischung aus Laden und Onlineshop. Wer vor Ort berät und zugleich online verkauft, komme besser durch die Krise, sagte die Geschäftsführerin des Verbands.
""",
        authors=["Oliver Kamp"],
        published=de(2025, 11, 20, 8, 15),
        modified=de(2025, 11, 20, 8, 15),
    ),
]
