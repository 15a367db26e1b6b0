"""Web pages written for pressdb's tests: samples with invented people, in the forms releases are published.

Every page is marked as a sample in its markup. The article of each page names
a few communes, amounts and people; everything around it (navigation, teaser
lists, comments, cookie banner, sidebars, footer) names others, which must
never come out as facts of the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

SAMPLE_MARK = "<!-- SAMPLE: invented page written for pressdb's tests; every person is invented -->"


@dataclass(frozen=True)
class Page:
    """A page, what its article states, and what only its furniture states."""

    name: str
    html: str
    title: str
    published: str  # ISO date
    url: str | None
    communes: set[str]  # names as printed in the article
    money: set[str]
    people: set[str]
    furniture_only: set[str] = field(default_factory=set)  # words printed only outside the article


MINISTRY = Page(
    name="ministry-press-page.html",
    html=f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
{SAMPLE_MARK}
<title>Medieninformation: Neue Präventionsräte in Oschatz und Mügeln - Beispielministerium</title>
<link rel="canonical" href="https://www.beispielministerium.example/presse/2024/medieninfo-oschatz.html">
<meta property="og:url" content="https://www.beispielministerium.example/presse/oschatz?ref=share">
<meta property="og:site_name" content="Sächsisches Beispielministerium">
<meta name="description" content="Beispielseite (erfunden) für die Tests von pressdb.">
<meta property="article:published_time" content="2024-03-12T10:00:00+01:00">
<style>.nav {{ color: #333 }}</style>
<script>window.dataLayer = [{{"page": "Meißen 99.000 Euro"}}];</script>
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">Sächsisches Beispielministerium</a>
  <nav class="main-nav"><ul>
    <li><a href="/themen">Themen</a></li><li><a href="/presse">Presse</a></li>
    <li><a href="/ministerium">Ministerium</a></li><li><a href="/service">Service</a></li>
  </ul></nav>
  <ol class="breadcrumb"><li><a href="/">Startseite</a></li><li><a href="/presse">Medienservice</a></li>
  <li>Medieninformation</li></ol>
</header>
<main id="content">
<article class="press-release">
  <p class="kind">Medieninformation</p>
  <h1>Neue Präventionsräte in Oschatz und Mügeln</h1>
  <p class="dateline"><time datetime="2024-03-12">12.03.2024</time>, 10:00 Uhr</p>
  <p>Die Große Kreisstadt Oschatz und die Stadt Mügeln haben am Montag ihre Kooperationsvereinbarungen mit
  dem Beispielministerium unterzeichnet. Beide Städte erhalten in diesem Jahr zusammen 38.000 Euro für die
  Arbeit ihrer kommunalen Präventionsräte.</p>
  <p>Staatssekretärin Henrike Musterfrau sagte bei der Unterzeichnung in Oschatz: »Sicherheit entsteht
  vor Ort, in den Vereinen, Schulen und Nachbarschaften.« Oberbürgermeister Konrad Beispielmann dankte
  für die Unterstützung.</p>
  <h2>Hintergrund</h2>
  <p>Das Netzwerk der kommunalen Prävention umfasst mit den beiden neuen Partnern nun 61 Städte und
  Gemeinden im Freistaat.</p>
</article>
<aside class="related">
  <h2>Weitere Medieninformationen</h2>
  <ul>
    <li><a href="/presse/1">Freital erhält 250.000 Euro für neue Radwege</a> <span>05.03.2024</span></li>
    <li><a href="/presse/2">Staatsminister Emil Probehaus besucht Kamenz</a> <span>01.03.2024</span></li>
    <li><a href="/presse/3">Zwickau und Plauen starten gemeinsames Projekt</a> <span>28.02.2024</span></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  <p>Sächsisches Beispielministerium, Beispielstraße 1, 01097 Dresden</p>
  <ul><li><a href="/impressum">Impressum</a></li><li><a href="/datenschutz">Datenschutz</a></li>
  <li><a href="/barrierefreiheit">Barrierefreiheit</a></li></ul>
</footer>
</body>
</html>
""",
    title="Neue Präventionsräte in Oschatz und Mügeln",
    published="2024-03-12",
    url="https://www.beispielministerium.example/presse/2024/medieninfo-oschatz.html",
    communes={"Oschatz", "Mügeln"},
    money={"38.000 Euro"},
    people={"Henrike Musterfrau", "Konrad Beispielmann"},
    furniture_only={"Freital", "Kamenz", "Zwickau", "Plauen", "Meißen", "Emil Probehaus", "250.000 Euro"},
)

NEWSPAPER = Page(
    name="newspaper-article.html",
    html=f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
{SAMPLE_MARK}
<title>Jugendzentrum in Riesa bekommt Geld vom Land | Elbtal-Anzeiger</title>
<meta property="og:title" content="Jugendzentrum in Riesa bekommt Geld vom Land">
<meta property="og:url" content="https://www.elbtal-anzeiger.example/region/riesa/jugendzentrum-123.html">
<meta property="og:site_name" content="Elbtal-Anzeiger">
<meta name="author" content="Frieda Schreibmann">
<meta name="description" content="Beispielseite (erfunden) für die Tests von pressdb.">
</head>
<body>
<div id="cookie-banner" class="cookie-consent">
  <p>Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Einige sind notwendig, andere
  helfen uns, unser Angebot zu verbessern.</p>
  <button>Alle akzeptieren</button> <button>Einstellungen</button>
</div>
<header>
  <a href="/" class="brand">Elbtal-Anzeiger</a>
  <nav><ul>
    <li><a href="/region">Region</a></li><li><a href="/region/meissen">Meißen</a></li>
    <li><a href="/region/grossenhain">Großenhain</a></li><li><a href="/sport">Sport</a></li>
    <li><a href="/kultur">Kultur</a></li><li><a href="/abo">Abo</a></li>
  </ul></nav>
</header>
<main>
<article>
  <header>
    <p class="kicker">Riesa</p>
    <h1>Jugendzentrum in Riesa bekommt Geld vom Land</h1>
    <p class="byline">Von Frieda Schreibmann · <time datetime="2024-05-06T17:30:00+02:00">06.05.2024, 17:30 Uhr</time>
    · Lesezeit 3 Minuten</p>
  </header>
  <p>Die Stadt Riesa erhält vom Freistaat 45.000 Euro für den Umbau ihres Jugendzentrums an der Elbe. Den
  Förderbescheid übergab Staatssekretär Bernhard Beispielhuber am Montag im Rathaus.</p>
  <p>Oberbürgermeister Ansgar Probemann sprach von einem guten Tag für die Stadt. Der Umbau soll im Herbst
  beginnen und rund ein Jahr dauern; bis dahin zieht der Treff in die alte Schule um.</p>
  <p>Insgesamt kostet das Vorhaben 120.000 Euro. Den Rest trägt die Stadt aus eigenen Mitteln.</p>
  <footer class="article-tools"><a href="#">Teilen</a> <a href="#">Drucken</a> <a href="#">Merken</a></footer>
</article>
<section class="teaser-list">
  <h2>Das könnte Sie auch interessieren</h2>
  <div class="teaser"><a href="/a"><h3>Coswig saniert Grundschule für 2,1 Millionen Euro</h3>
    <p>Bürgermeisterin Clara Probst zeigt sich zufrieden.</p></a></div>
  <div class="teaser"><a href="/b"><h3>Radebeul: neuer Spielplatz eröffnet</h3></a></div>
  <div class="teaser"><a href="/c"><h3>Nünchritz bekommt 80.000 Euro für die Feuerwehr</h3></a></div>
</section>
<section id="comments" class="comments">
  <h2>Kommentare (2)</h2>
  <div class="comment"><p class="comment-author">Gustav Leserbrief</p>
    <p>In Strehla warten wir seit Jahren auf so etwas, 45.000 Euro sind da ein Tropfen auf den heißen Stein.</p></div>
  <div class="comment"><p class="comment-author">Hanna Meinung</p>
    <p>Gute Nachricht für Riesa! Hoffentlich kommt Gröditz auch bald dran.</p></div>
</section>
</main>
<footer>
  <p>© 2024 Elbtal-Anzeiger (Beispielseite) · <a href="/impressum">Impressum</a> · <a href="/agb">AGB</a></p>
</footer>
</body>
</html>
""",
    title="Jugendzentrum in Riesa bekommt Geld vom Land",
    published="2024-05-06",
    url="https://www.elbtal-anzeiger.example/region/riesa/jugendzentrum-123.html",
    communes={"Riesa"},
    money={"45.000 Euro", "120.000 Euro"},
    people={"Bernhard Beispielhuber", "Ansgar Probemann"},
    furniture_only={
        "Coswig",
        "Radebeul",
        "Nünchritz",
        "Strehla",
        "Gröditz",
        "Großenhain",
        "Clara Probst",
        "Gustav Leserbrief",
        "80.000 Euro",
        "Cookies",
    },
)

TOWN = Page(
    name="town-news-page.html",
    html=f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
{SAMPLE_MARK}
<title>Aktuelles - Stadt Waldheim</title>
<meta name="description" content="Beispielseite (erfunden) für die Tests von pressdb.">
<link rel="canonical" href="/aktuelles/2023/praeventionsrat.html">
</head>
<body>
<div class="skip"><a href="#main">Zum Inhalt springen</a></div>
<header>
  <div class="logo">Stadt Waldheim</div>
  <ul class="menu">
    <li><a href="/rathaus">Rathaus &amp; Verwaltung</a></li><li><a href="/buergerservice">Bürgerservice</a></li>
    <li><a href="/leben">Leben in Waldheim</a></li><li><a href="/wirtschaft">Wirtschaft</a></li>
    <li><a href="/aktuelles">Aktuelles</a></li>
  </ul>
</header>
<div class="layout">
<div id="main" class="content">
  <div class="news-detail">
    <h1>Waldheim gründet einen Präventionsrat</h1>
    <div class="news-date">Veröffentlicht am 21. September 2023</div>
    <div class="news-text">
      <p>Der Stadtrat von Waldheim hat in seiner Sitzung am Mittwoch die Gründung eines kommunalen
      Präventionsrates beschlossen. Den Vorsitz übernimmt Bürgermeisterin Dorothea Beispielkind.</p>
      <p>Für die ersten zwei Jahre stehen 12.500 Euro aus dem städtischen Haushalt bereit. Die erste
      Sitzung ist für November geplant; interessierte Vereine können sich bis Ende Oktober im Rathaus
      melden.</p>
      <p>Ansprechpartner ist der Sachgebietsleiter Ordnung, Ferdinand Probstmann, Telefon 034327 000-00.</p>
    </div>
  </div>
</div>
<div class="sidebar">
  <div class="box"><h2>Termine</h2><ul>
    <li>24.09.2023 Stadtfest in Kriebstein</li><li>01.10.2023 Herbstmarkt Hartha</li></ul></div>
  <div class="box"><h2>Weitere Meldungen</h2><ul>
    <li><a href="/a">Roßwein und Waldheim planen gemeinsamen Bauhof (15.09.2023)</a></li>
    <li><a href="/b">Straßensperrung in Richzenhain bis 30. September</a></li>
    <li><a href="/c">Fördermittel von 300.000 Euro für Döbeln bewilligt</a></li></ul></div>
</div>
</div>
<footer><p>Stadtverwaltung Waldheim · Beispielweg 1 · 04736 Waldheim</p>
<p><a href="/impressum">Impressum</a> | <a href="/datenschutz">Datenschutz</a> | <a href="/kontakt">Kontakt</a></p>
</footer>
</body>
</html>
""",
    title="Waldheim gründet einen Präventionsrat",
    published="2023-09-21",
    url=None,  # the canonical link is relative: no public address can be told from it
    communes={"Waldheim"},
    money={"12.500 Euro"},
    people={"Dorothea Beispielkind", "Ferdinand Probstmann"},
    furniture_only={"Kriebstein", "Hartha", "Roßwein", "Döbeln", "300.000 Euro"},
)

PAGES = [MINISTRY, NEWSPAPER, TOWN]


NAVIGATION_ONLY = "<nav><ul><li><a href='/'>Start</a></li><li><a href='/x'>Presse</a></li></ul></nav>"


def without_article(body: str = NAVIGATION_ONLY) -> str:
    """A page with navigation only: nothing that could be a release."""
    return f"<!DOCTYPE html><html><head><title>Übersicht</title></head><body>{SAMPLE_MARK}{body}</body></html>"


def ministry_page_of(release: str) -> str:
    """A ministry's web page around a release's text (made at test time from a text the project ships).

    Each blank-line block of the text becomes a paragraph, its lines kept apart by <br>; navigation, a list of
    other releases naming other communes and sums, and a footer stand around it.
    """
    paragraphs = "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in release.split("\n\n")
        if block.strip()
    )
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">{SAMPLE_MARK}
<title>Medienservice - Beispielministerium</title>
<link rel="canonical" href="https://www.beispielministerium.example/presse/release.html">
</head><body>
<div class="cookie-consent"><p>Diese Website verwendet Cookies.</p><button>Verstanden</button></div>
<header><nav><ul><li><a href="/">Startseite</a></li><li><a href="/presse">Medienservice</a></li>
<li><a href="/themen">Themen</a></li><li><a href="/kontakt">Kontakt</a></li></ul></nav></header>
<main><article class="release">
{paragraphs}
</article>
<aside><h2>Weitere Medieninformationen</h2><ul>
<li><a href="/1">Freital erhält 250.000 Euro für neue Radwege</a></li>
<li><a href="/2">Kamenz und Bautzen starten gemeinsames Projekt</a></li></ul></aside></main>
<footer><p>Beispielministerium · <a href="/impressum">Impressum</a> ·
<a href="/datenschutz">Datenschutz</a></p></footer>
</body></html>
"""
