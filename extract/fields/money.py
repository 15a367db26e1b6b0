"""Money: every euro amount in German notation, exact, with what it pays for.

Amounts are found by one compiled pattern (digits with German separators, an
optional scale word such as ``Mio.``, a number word such as ``eine Million``,
the currency before or after). What the amount is (grant, budget, cost) is read
from the words of its clause: who receives it (a commune mention passed in, a
named institution, a list entry ``Name: 1,2 Mio. Euro``), whether money is
handed over (``übergibt``, ``Fördermittelbescheid``, ``erhält``) or a programme
provides it (``zur Verfügung``, ``bereit``, ``Haushalt``), or whether it is a cost.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from spacy.tokens import Doc

from extract.german import number_word
from extract.nlp import doc_text
from extract.records import CommuneMention, Money, MoneyKind, ReleaseInfo

_DIGITS = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:Milliarden|Milliarde|Mrd|Millionen|Million|Mio|Tausend|Tsd)\.?"
_CURRENCY = r"Euro|EUR|€"
# Words that can be number words ("eine", "Fünf", "zweihundert"); others must not swallow "EUR 21.150".
_WORD = (
    r"(?i:[a-zäöüß]*(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zig|ßig|hundert|tausend)"
    r"[a-zäöüß]{0,3})"
)

# One pattern, three shapes: "1,3 Mio. Euro", "eine Million Euro", "EUR 21.150".
MONEY_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<num>{_DIGITS})(?P<dash>,[-–]{{1,2}})?|(?P<word>{_WORD})(?P<half>\s+halbe)?)"
    rf"(?:\s*(?P<scale>{_SCALE}))?\s*(?P<cur>{_CURRENCY})(?![\wäöüß])"
    rf"|(?<![\w])(?P<pcur>EUR|€)\s*(?P<pnum>{_DIGITS})(?P<pdash>,[-–]{{1,2}})?(?:\s*(?P<pscale>{_SCALE}))?(?![\d])"
)
# Amounts without a currency whose noun says they are money: "2,5 Millionen Fördermittel", "Zuschüsse von 300.000".
_MONEY_NOUN = (
    r"(?:Fördermitteln?|Fördergeldern?|Fördergeld|Zuschüssen?|Zuschuss|Finanzhilfen?|Zuwendungen|Zuwendung"
    r"|(?:Landes|Bundes|Eigen|Investitions|Steuer|Haushalts|Dritt)mitteln?|Fördersumme|Förderbetrag)"
)
MONEY_NOUN_RE = re.compile(rf"\b{_MONEY_NOUN}\b")
NOUN_AFTER_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<num>{_DIGITS})|(?P<word>{_WORD}))\s*(?P<scale>{_SCALE})\s+(?=(?:an\s+)?{_MONEY_NOUN}\b)"
)
NOUN_BEFORE_RE = re.compile(
    rf"\b{_MONEY_NOUN}\s+(?:in\s+Höhe\s+)?von\s+(?:(?:rund|etwa|ca\.|knapp|über|mehr\s+als|bis\s+zu|insgesamt|fast)\s+)*"
    rf"(?P<num>\d{{1,3}}(?:[.\u00a0\u202f ]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?(?=\s*{_SCALE}))(?:\s*(?P<scale>{_SCALE}))?"
    r"(?![\d.,]*\s*(?:Euro|EUR|€|Prozent|%|[A-ZÄÖÜ]))"
)
CURRENCY_RE = re.compile(rf"(?<![\wäöüß])(?:{_CURRENCY})(?![\wäöüß])")
# The lower bound of a range whose upper bound carries the currency: "zwischen 5.000 und 10.000 Euro".
RANGE_LOW_RE = re.compile(
    rf"(?:\b(?P<q>zwischen|von)\s+)?(?<![\w.,])(?P<num>{_DIGITS})(?:\s*(?P<scale>{_SCALE}))?\s*(?:und|bis|–|-)\s*$"
)
QUALIFIER_RE = re.compile(
    r"(?:\b(?:rund|etwa|ca\.|circa|zirka|über|mehr\s+als|bis\s+zu|knapp|fast|insgesamt|gut|maximal|höchstens"
    r"|mindestens|weniger\s+als|nahezu|annähernd|ungefähr|zusammen|je|jeweils|weitere|zusätzlich|bisher"
    r"|bislang|derzeit|nur|lediglich|exakt|genau)\s+)+$",
    re.IGNORECASE,
)
# Vague amounts such as "mehrere Tausend Euro" are no amount.
VAGUE_RE = re.compile(r"\b(?:mehrere|einige|etliche|viele|wenige|paar|zig)\s+$", re.IGNORECASE)
PERIOD_AFTER_RE = re.compile(
    r"\s*(?P<p>jährlich|pro\s+Jahr|je\s+Jahr|im\s+Jahr(?!\s+\d)|monatlich|pro\s+Monat|je\s+Monat"
    r"|(?:je|pro)\s+(?:Einwohner(?:in)?|Kopf|Person|Kind|Schüler|Teilnehmer\w*|Gemeinde|Kommune|Platz|Tag|Stunde|Quadratmeter))(?![\wäöüß])",
    re.IGNORECASE,
)
PERIOD_BEFORE_RE = re.compile(r"\b(?P<p>jährlich|pro\s+Jahr|je\s+Jahr|monatlich|pro\s+Monat)\s+$", re.IGNORECASE)
YEAR_RE = re.compile(
    r"\b(?P<lead>im\s+(?:Haushalts)?[Jj]ahr|für\s+das\s+(?:Haushalts)?[Jj]ahr|(?:im\s+)?(?:aktuellen\s+)?"
    r"(?:Doppel)?[Hh]aushalt(?:splan)?|in\s+den\s+Jahren|für|in|ab)\s+(?P<y>(?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?)"
    r"(?![\d.,])"
)
FUNDER_RE = re.compile(
    r"\b(?:(?:Bund\s+und\s+)?Freistaat(?:\s+Sachsen)?|Bundesregierung|Bund|Land(?:\s+Sachsen)?|Landesregierung"
    r"|Staatsregierung|Europäische\s+Union|EU|[A-ZÄÖÜ][\wäöüß-]*[Mm]inisterium(?:\s+\w+){0,3}?|Landkreis\s+[A-ZÄÖÜ][\w-]+"
    r"|Kulturstiftung(?:\s+des\s+Freistaates(?:\s+Sachsen)?)?)\b"
)
PURPOSE_RE = re.compile(
    r"\s*(?:(?:an\s+)?(?:Förder\w*|Mittel\w*|Zuschu\w*|Zuwendung\w*)\s+|(?:sind|ist|wird|werden|sollen|soll|fließen"
    r"|fließt|stehen|steht|gehen|geht)\s+(?:[a-zäöüß]+\s+)?)?(?P<p>(?:für|zur|zum)\s+"
    r"(?!(?:19|20)\d{2}\b|Verfügung\b|(?:das|den|die)\s+(?:(?:Haushalts|Programm|Förder)?[Jj]ahre?|Zeitraum)\b)[^,.;:()–\n]{3,160})"
)
PURPOSE_TRAIL_RE = re.compile(
    r"\s+(?:bereit\w*|zur\s+Verfügung\b.*|gefördert\b.*|ausgezahlt|ausbezahlt|übergeben|bewilligt|erhalten"
    r"|zugewiesen|beschlossen|investiert|unterstützt|stehen|steht|fließen|vorgesehen|geplant|eingesetzt|verwendet"
    r"|genutzt|aus|und\s+durch\b.*|im\s+Jahr\s+\d{4}.*|und|sowie)$"
)

COST_RE = re.compile(
    r"\b(?:\w*[Kk]osten|kostet|kosteten|\w*[Ss]chaden|\w*[Ss]chäden|Bußgeld\w*|Geldstrafe\w*|Strafe|Verwarngeld\w*"
    r"|Gebühr\w*|Preis|Eintritt\w*|Bagatellgrenze|\w*[Ii]nvestitions(?:volumen|summe)|Bausumme"
    r"|(?:Gesamt|Sach|Waren)?[Ww]ert(?:e[ns]?)?|Umsatz\w*|Umsätze\w*|\w*[Ee]inkommen\w*|\w*[Ee]innahmen|Schulden\w*|Miete\w*"
    r"|Ticket\w*|erhältlich|Gehalt|Gehälter\w*|Lohn|Löhne\w*|Rente\w*|Gewinn\w*|Verlust\w*"
    r"|Beute|erbeut\w*|gestohlen\w*|entwendet\w*|Diebesgut|Eigenanteil\w*|(?:deren|dessen)\s+(?:Gesamt)?(?:Umfang|Volumen))\b"
)
FINE_RE = re.compile(r"\b(?:Bußgeld\w*|Geldstrafe\w*|Strafe|Verwarngeld\w*)\b")
BUDGET_RE = re.compile(
    r"\b(?:zur\s+Verfügung|bereit(?:stehen|gestellt|stellen|zustellen|steht|stehen)?|\w*[Hh]aushalt\w*|Gesamtvolumen"
    r"|Vorausermächtigung\w*|Budget|Etat|Fonds|Kassenmittel|(?:[Jj]e|[Pp]ro)\s+(?:Einwohner|Kopf)|\w*[Pp]auschale\w*|pauschal)\b"
)
# Handing money to a recipient: a grant even where the recipient is named only nearby.
GRANT_STRONG_RE = re.compile(
    r"\b(?:erh[äa]lt|erhalten|erhielt\w*|bekomm\w*|bekam\w*|übergeb\w*|übergibt|übergab\w*|überreich\w*"
    r"|\w*[Bb]escheid\w*|beteiligt\s+sich|beteiligte\s+sich|zugesprochen|bewilligt\w*|geht\s+an|gehen\s+an"
    r"|in\s+Empfang|entgegen(?:genommen|nehmen|nahm\w*))\b"
)
GRANT_WEAK_RE = re.compile(
    r"\b(?:[Gg]eförder\w*|förder[nt]|unterstütz\w*|Fördermittel\w*|Fördergeld\w*|Förderung|Zusch[uü]\w*|Zuwendung\w*"
    r"|finanziert|mitfinanziert|profitier\w*|gibt|gab|geben|zahlt\w*|zahlen|gehen|geht|gingen|fließ\w*|floss\w*"
    r"|entf[äa]ll\w*)\b"
)
# A recipient named by kind: "Freiwillige Feuerwehr Lunzenau", "Oberschule", "Kirchgemeinde".
# Singular forms only: "Krankenhäusern" in general names no recipient.
INSTITUTION_RE = re.compile(
    r"\b(?:Freiwillige[nr]?\s+Feuerwehr|\w*[Ff]euerwehr\b|\w*[Ss]chule\b|Gymnasium|Kita\b|Kindertagesstätte\b"
    r"|Kindergarten\b|\w*[Vv]erein\b|Kirch(?:en)?gemeinde\b|Pfarrei\b|\w*[Kk]linik\b|\w*[Kk]rankenhaus\b|Stiftung\b"
    r"|\w*[Vv]erband\b|Museum\b|Theater\b|Bibliothek\b|GmbH|e\.\s?V\.)"
)
# Institutions of the town itself: the commune named with them receives the money.
MUNICIPAL_RE = re.compile(
    r"\b(?:Stadt|Gemeinde|Große[nr]?\s+Kreisstadt|Kreisstadt|Stadtverwaltung|Gemeindeverwaltung|Freiwillige[nr]?"
    r"\s+Feuerwehr|\w*[Ff]euerwehr\w*|\w*[Ss]chule|Gymnasium|Kita|Kindertagesstätte|Kindergarten|Bauhof|Rathaus"
    r"|Bürgermeister\w*|Oberbürgermeister\w*)\b"
)
NON_MUNICIPAL_RE = re.compile(
    r"(?:[Kk]linik\w*|[Kk]rankenh[äa]us\w*|[Zz]entrum|Sparkasse|Universität|Hochschule|\bTU\b|Polizeidirektion"
    r"|Landkreis|Landratsamt|Kirch(?:en)?gemeinde|\w*[Vv]erein(?:e|s|es|en)?\b|[Vv]erband|Stiftung|GmbH|Theater\w*)(?:\s+[^\s,;]+){0,3}\s+$"
)
# Spending its own money ("gibt ... für Schulen aus") hands nothing to a recipient.
SPEND_RE = re.compile(r"\b(?:gibt|gab|geben|gaben)\b[^;:]*?\baus\b|\bausgegeben\b|\bausgeben\b")
# "vier Kulturdenkmälern", "drei Schulen": a handful of recipients named by number.
COUNTED_RE = re.compile(
    r"(?<![\d,.])\b(?P<n>zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\d{1,2})\s+(?:\w+\s+)?[A-ZÄÖÜ][\wäöüß-]+"
)
LIST_ITEM_RE = re.compile(r"^\s*[-–•*·]\s*(?P<name>[^:\n]{3,120}?)\s*:\s*$")
FOR_RECIPIENT_RE = re.compile(r"^\s*(?:für|an)\s+(?:die\s+|den\s+|das\s+)?(?P<r>[A-ZÄÖÜ][^,.;:()–\n]{2,80})")
DEICTIC_RE = re.compile(r"\b(?:hier|dort|vor\s+Ort)\b")
# "Dresden (dpa/sn) - ...": the place of the dateline receives nothing.
DATELINE_AFTER_RE = re.compile(r"\s*(?:\([^()\n]{0,30}\))?\s*[-–]\s")
DEFINITE_PROJECT_RE = re.compile(
    r"\b(?:[Dd]as|[Dd]ieses|[Dd]er|[Dd]ie|[Dd]en)\s+(?:\w+\s+)?\w*(?:[Pp]rojekt|[Vv]orhaben|[Kk]ampagne)\b"
)
CLAUSE_BREAK_RE = re.compile(r"[;:–]|,\s")
# "48.500 Euro; davon erhält Plauen 30.000 Euro": the first amount is a total that the next one shares out.
SHARE_NEXT_RE = re.compile(r"[^.;!?]*?(?:[;,:–]\s*|[.!?]\s+)(?:davon|hiervon|wovon|darunter)\b[^.;!?]*$", re.IGNORECASE)
# The share itself: "davon übernimmt der Freistaat 520.000 Euro".
SHARE_RE = re.compile(r"(?:^|[;,:–]\s*|[.!?]\s+)(?:davon|hiervon|wovon|darunter)\b[^.;!?]*$", re.IGNORECASE)
# Recipients counted in the amount's clause: "für 17 Dorfgemeinschaftshäuser", "an 14 Feuerwehren".
COUNTED_FOR_RE = re.compile(
    r"\b(?:für|an)\s+(?:die\s+|den\s+)?(?:insgesamt\s+)?(?P<n>\d{1,4}|[a-zäöüß]+)\s+(?:[a-zäöüß][\wäöüß-]*\s+)?"
    r"(?P<noun>[A-ZÄÖÜ][\wäöüß-]+)"
)
# Nouns after a number that count no recipients ("für 17 Millionen", "für zwei Jahre").
NOT_RECIPIENT_NOUN_RE = re.compile(
    r"(?:Euro|EUR|Mio|Mrd|Million\w*|Milliard\w*|Tausend|Prozent|Jahr\w*|Monat\w*|Woche\w*|Tag\w*|Stunde\w*"
    r"|Kilometer\w*|Meter\w*|Einwohner\w*)"
)
# A commune named as the place where something happens ("heute in Markneukirchen"), not as who receives.
LOCATIVE_BEFORE_RE = re.compile(r"\b[Ii][nm]\s+(?:der\s+(?:Stadt|Gemeinde)\s+)?$")
LIST_JOIN_RE = re.compile(r"\s*(?:,|und|sowie|oder)\s*|\s*,\s*(?:und|sowie)\s*")
ORG_HEAD_RE = re.compile(
    r"\b[\w.-]*(?:[Kk]linik|[Kk]rankenh[äa]us|[Zz]entrum|Sparkasse|Universität|Hochschule|TU|Landratsamt|[Gg]emeinde"
    r"|[Vv]erein(?!barung)|[Vv]erband|Stiftung|Theater|Landkreis)\w*"
)
FOR_TOWN_RE = re.compile(r"\b[Ff]ür\s+(?:den|die|das|eine[n]?)\s[^,;.:]*$")
# A rate: "20 Euro je Mitglied", "pro Teilnehmer und Tag".
RATE_AFTER_RE = re.compile(r"\s*(?:je|pro)\s+(?!Jahr\b|Monat\b)[A-ZÄÖÜ]")
# Money that goes somewhere: "gehen dabei an", "fließen an".
GOES_TO_RE = re.compile(r"\b(?:geh(?:t|en)|ging(?:en)?|fließ(?:t|en)|floss(?:en)?)\b")
_CLUB = r"(?:SV|FSV|FV|SG|TSV|SSV|ESV|BSV|PSV|VfB|VfL|FC|SC|TuS|SpVgg|BSG|TSG)"
CLUB_RE = re.compile(rf"\b{_CLUB}\b|\w*(?:[Vv]erein(?!barung)|[Ss]portgemeinschaft)\w*")
# A body named by its kind and its name: "Sportgemeinschaft Wurgwitz", "SV Motor Sörnewitz", "Förderverein X".
NAMED_BODY_RE = re.compile(
    rf"(?P<np>\b(?:{_CLUB}|(?=[A-ZÄÖÜ])\w*(?:[Vv]erein|[Gg]emeinschaft|[Vv]erband)|Kirch(?:en)?gemeinde|Stiftung"
    r"|Stadt|Gemeinde))"
    r"(?=\s+(?:(?:1[89]|20)\d\d\s+)?[A-ZÄÖÜ»„\"])"
)
# A recipient that is not the municipality in its name: a Landrat, a Landkreis, a church, a region, a company.
NON_MUNICIPAL_HEAD_RE = re.compile(
    r"\b(?:Landr(?:at|ätin)|Landkreis\w*|Landratsamt\w*|\w*[Kk]reis(?:es)?|Kirch(?:en)?gemeinde\w*|Region|Reisegebiet\w*"
    r"|Tourismusverband\w*|Zweckverband\w*|Sparkasse|Volksbank|Klinik\w*|Krankenh[äa]us\w*|Universität|Hochschule"
    r"|g?GmbH|e\.\s?V\.|Stiftung|\w*[Vv]erband)\b"
)
# Recipients named as a whole group: a programme's means, not a grant ("die Landkreise", "alle Kommunen").
_GROUP_WORDS = (
    r"(?:Landkreise[n]?|Städte[n]?|Kommunen|Gemeinden|Feuerwehren|\w*[Vv]ereine[n]?|Schulträger[n]?|Schulen"
    r"|Krankenhäuser[n]?|Träger[n]?|Kitas|Kindertagesstätten|Hochschulen|Landkreise\s+und\s+kreisfreien\s+Städte[n]?)"
)
GROUP_RE = re.compile(
    rf"\b(?:[Dd]ie|[Dd]en|[Dd]er|[Aa]lle[n]?)\s+(?:(?:[a-zäöüß]+(?:e|en)|kreisfreien|kreisangehörigen)\s+)?{_GROUP_WORDS}\b"
    r"(?!\s+(?:[A-ZÄÖÜ][\wäöüß-]+\s*(?:,|und|sowie)))"
)
GROUP_WORD_RE = re.compile(_GROUP_WORDS)
# Words that make a phrase a body that can receive money.
RECIPIENT_WORD_RE = re.compile(
    rf"\b{_CLUB}\b|\w*(?:[Vv]erein(?!barung)|[Vv]erband|[Gg]esellschaft|GmbH|[Ss]tiftung|[Zz]entr(?:um|en)|[Ee]inrichtung|[Tt]räger"
    r"|[Ss]chule|[Ff]euerwehr|[Gg]ymnasium|[Kk]ita|[Mm]useum|[Tt]heater|[Bb]ibliothek|[Gg]emeinde|[Ss]tadt|Region)\w*"
    r"|\be\.\s?V\."
)
# "Fördermittelbescheide für die Region Oberlausitz": a recipient named with "für" before the amount.
FOR_BEFORE_RE = re.compile(r"\bfür\s+(?:die|den|das)\s+")
ANTEIL_RE = re.compile(r"\b(?:Landes|Bundes|Förder)anteil\w*")
ANAPHOR_WORD_RE = re.compile(r"Stadt|Gemeinde|Kommune")
ANAPHOR_RE = re.compile(r"\b(?:die|der)\s+(?:Stadt|Gemeinde|Kommune)\b(?!\s+[A-ZÄÖÜ])")
CUMULATIVE_RE = re.compile(r"\bseit\s+(?:19|20)\d{2}\b|\bbisher\b|\bbislang\b")
_NP_TOKEN = (
    r"(?:„[^“”\"\n]{1,60}[“”\"]|»[^«\n]{1,60}«|[A-ZÄÖÜ\"][^\s,;:()]*|\d{1,3}\.(?=\s+[A-ZÄÖÜ])"
    r"|(?:1[89]|20)\d\d(?![\d.,]))"
)
NP_RE = re.compile(
    rf"(?:(?:[a-zäöüß]+(?:e|en|er|es|em)|\d{{1,3}})\s+)?{_NP_TOKEN}"
    rf"(?:\s+(?:(?:der|des|und|von|vom|in|im|am|aus|für)\s+)?{_NP_TOKEN}|\s+[a-zäöüß]+(?:e|en)(?=\s+[A-ZÄÖÜ]))*"
)
NP_TAIL_RE = re.compile(r"\s+(?:der|des|und|von|vom|in|im|am|aus|für|[a-zäöüß]+)$")
ADDRESSEE_AFTER_RE = re.compile(r"\s*(?:[a-zäöüß]+\s+){0,2}?an\s+(?:den|die|das)\s+")
ADDRESSEE_BEFORE_RE = re.compile(r"(?:^|(?<=[.;:!?\n]))\s*An\s+(?:den|die|das)\s+")
ADDRESSEE_GAP_RE = re.compile(r"[^.;:!?]*")
PAREN_NAME_RE = re.compile(r"(?P<name>[A-ZÄÖÜ][\w.\-/]*(?:\s+[A-ZÄÖÜ][\w.\-/]*){0,3})\s*$")
WITH_BEFORE_RE = re.compile(
    r"\b(?:der|die|das|den)\s+(?P<np>(?:[A-ZÄÖÜ][\w.\-„“\"]*|[a-zäöüß]+(?:e|en|er|es))"
    r"(?:(?:\s+|,\s+(?=[A-ZÄÖÜ]))(?:[a-z]?[A-ZÄÖÜ][\w.\-„“\"]*|und|der|des|[a-zäöüß]+(?:e|en|er|es)))*?)"
    r"\s+mit\s+(?:(?:rund|etwa|ca\.|knapp|über|insgesamt|weiteren|zusätzlich|jeweils|je)\s+)*$"
)
COUNTED_SUBJECT_RE = re.compile(
    r"\b(?:\d{1,3}|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\s+(?:[a-zäöüß]+\s+)?"
    r"(?:Gemeinden|Kommunen|Städte|Orte|Vereine|Feuerwehren|Schulen|Landkreise)\b"
)
FUNDING_RE = re.compile(
    r"\b(?:Fördermittel\w*|Fördergeld\w*|Finanzhilfe\w*|Zuschu\w*|Zuschü\w*|Zuwendung\w*|Förderung\w*|Förderbescheid\w*"
    r"|\w*[Pp]rogramm\w*|gefördert|Bund-Länder-\w+)"
)
FOR_PROJECT_RE = re.compile(r"(?:^|\s)[Ff]ür\s+(?:[a-zäöüß.]+\s+){0,2}$")
ENUMERATED_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–•*·])\s*(?:[A-Za-zäöüß.]+\s+){0,3}$")
FROM_PROGRAMME_RE = re.compile(r"\s*(?:[a-zäöüß]+\s+){0,2}?aus\s+(?:dem|den|der)\s+")
PART_MARK_RE = re.compile(r"\b(?:davon|hiervon|darunter|weitere[n]?|zusätzlich\w*|ebenfalls|stamm(?:en|t|te|ten))\b")
LEADING_WORDS_RE = re.compile(r"^(?:(?:für|an|mit|bei|beim|von|vom|der|die|das|den|dem|des)\s+)+", re.IGNORECASE)
AMOUNT_WORD_RE = re.compile(r"\b(?:Euro|EUR|Mio|Millionen?|Milliarden?|Jahren?|Monaten?|Wochen?)\b|€")
PURPOSE_BEFORE_RE = re.compile(
    r"\b(?P<p>(?:für|zur|zum)\s+(?!(?:19|20)\d{2}\b|Verfügung\b|(?:das|den|die)\s+(?:\w*[Jj]ahre?|Zeitraum)\b)"
    r"(?:[^\s,.;:()–]+\s+){0,5}?[^\s,.;:()–]+)"
    r"(?=\s+(?:über|in\s+Höhe\s+von|von|mit|im\s+Wert\s+von)\s"
    r"|\s+(?:(?:rund|etwa|ca\.|knapp|über|mehr\s+als|bis\s+zu|insgesamt|jeweils|weitere)\s+)*$)"
)
PURPOSE_HEAD_RE = re.compile(r"^(?:für|zur|zum)\s+(?:[a-zäöüß-]+\s+){0,3}?(?P<head>[A-ZÄÖÜ„\"][\w„“\"-]*)")
ACTION_HEAD_RE = re.compile(
    r"(?:ung|ungen|bau|baus|erwerb|kauf|käufe|schaffung|umbau|neubau|ausbau|erhalt|betrieb|projekt\w*|maßnahme\w*"
    r"|vorhaben|arbeit\w*|förderung|ersatz)$",
    re.IGNORECASE,
)

_SCALES: dict[str, Decimal] = {
    "milliarden": Decimal(10) ** 9,
    "milliarde": Decimal(10) ** 9,
    "mrd": Decimal(10) ** 9,
    "millionen": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "mio": Decimal(10) ** 6,
    "tausend": Decimal(1000),
    "tsd": Decimal(1000),
}
_MAX_COUNTED = 10  # more named-by-number recipients than this is a programme, not one act of granting
_MAX_NAMED_COUNTED = 30  # ... unless the release names them (and then not beyond this)
_MIN_NAMED_TOWNS = 3
_LOOKBACK = 60
_MIN_NOUN_AMOUNT = 1000  # "12 Zuschüsse" counts notices; money without "Euro" is stated in thousands and more
_SHARE_REACH = 160  # how far after a total its "davon" share may follow


def extract_money(doc: Doc, release: ReleaseInfo, communes: list[CommuneMention]) -> list[Money]:
    """Every euro amount (``21.150,- Euro``, ``1,3 Mio. €``, ``eine Million Euro``) with kind and recipient."""
    text = doc_text(doc)
    hits = _find_amounts(text)
    if not hits:
        return []
    # Communes abbreviated with a full stop ("Adorf/Vogtl.") end no sentence.
    sents = _sentences(doc, text, {c.end for c in communes if c.text.endswith(".")})
    starts = [s for s, _ in sents]
    towns = sorted((c for c in communes if c.level == "gemeinde" and c.start >= 0), key=lambda c: c.start)
    datelines = _dateline_towns(text, towns, sents)
    towns = [t for t in towns if t.start not in datelines]
    town_starts = [c.start for c in towns]
    districts = [c for c in communes if c.level == "kreis" and c.start >= 0]
    named_towns = len({t.ags for t in towns})
    decisions: list[_Decision] = []
    contexts: list[_Context] = []
    for i, (start, end, _amount, _amount_max, _rule, _qualifier) in enumerate(hits):
        si = max(bisect.bisect_right(starts, start) - 1, 0)
        s_start, s_end = sents[si] if sents else (0, len(text))
        prev_end = max([h[1] for h in hits[:i] if h[1] <= start and h[1] > s_start] or [s_start])
        next_start = min([h[0] for h in hits[i + 1 :] if h[0] >= end and h[0] < s_end] or [s_end])
        following = hits[i + 1][0] if i + 1 < len(hits) else -1
        total = end < following < end + _SHARE_REACH and bool(SHARE_NEXT_RE.match(text, end, following))
        # "2 Mio. Euro, davon 1,2 Mio. Euro aus dem Programm X" breaks a grant down by source: no total.
        total = total and not FROM_PROGRAMME_RE.match(text, hits[i + 1][1], s_end)
        ctx = _Context(text, start, end, s_start, s_end, prev_end, next_start, total, si)
        contexts.append(ctx)
        decisions.append(_classify(ctx, towns, town_starts, sents, si, districts, named_towns))
    headline = _headline_end(text, release)
    _settle(hits, contexts, decisions, towns, town_starts, sents, headline)
    out: list[Money] = []
    for (start, end, amount, amount_max, rule, qualifier), ctx, d in zip(hits, contexts, decisions, strict=True):
        out.append(
            Money(
                text=text[start:end],
                start=start,
                end=end,
                rule=rule,
                amount=amount,
                amount_max=amount_max,
                qualifier=qualifier,
                period=_period(text, start, end, qualifier),
                kind=d.kind,
                recipient=_clean_recipient(d.recipient),
                recipient_ags=d.ags,
                purpose=_purpose(ctx, towns, town_starts),
                year=_year(text, ctx.s_start, ctx.s_end, start),
                funder=_funder(ctx.sentence),
            )
        )
    return sorted(out, key=lambda m: m.start)


@dataclass(slots=True)
class _Decision:
    """What one amount is, and on what evidence (``basis``): later passes only overrule weak evidence."""

    kind: MoneyKind
    recipient: str | None
    ags: str | None
    basis: str  # cost, list, paren, total, named, share, group, budget, none


CONFIDENT = ("list", "paren", "named", "share")


class _Context:
    """Where an amount stands: its sentence and the stretch since the previous amount and to the next."""

    __slots__ = (
        "text",
        "start",
        "end",
        "s_start",
        "s_end",
        "before",
        "after",
        "sentence",
        "before_start",
        "after_end",
        "total",
        "si",
    )

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        s_start: int,
        s_end: int,
        prev_end: int,
        next_start: int,
        total: bool,
        si: int,
    ):
        self.text, self.start, self.end, self.s_start, self.s_end = text, start, end, s_start, s_end
        self.si = si
        self.after_end = next_start
        self.total = total  # the next amount shares this one out ("davon erhält ...")
        self.before_start = prev_end
        self.before = text[prev_end:start]
        self.after = text[end:next_start]
        self.sentence = text[s_start:s_end]


def _sentences(doc: Doc, text: str, abbreviated: set[int]) -> list[tuple[int, int]]:
    """Sentence bounds as character offsets, read from the token array (iterating doc.sents is slow)."""
    arr = doc.to_array(["SENT_START", "IDX"])
    starts = arr[arr[:, 0] == 1][:, 1].tolist() if len(arr) else []
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    # A "sentence" opening in lower case follows an abbreviation ("die Stadt Adorf/Vogtl. rund 95.000 Euro").
    starts = [a for k, a in enumerate(starts) if k == 0 or not _abbreviation_split(text, a, abbreviated)]
    ends = [*starts[1:], len(text)]
    return [(a, a + len(text[a:b].rstrip())) for a, b in zip(starts, ends, strict=True)]


def _abbreviation_split(text: str, at: int, abbreviated: set[int]) -> bool:
    head = text[max(0, at - 3) : at].rstrip()
    return head.endswith(".") and (text[at : at + 1].islower() or at - 3 + len(head) in abbreviated)


def _candidates(text: str) -> list[re.Match[str]]:
    """MONEY_RE matches, looked for only around a currency word (scanning every position is slow)."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for cur in CURRENCY_RE.finditer(text):
        lo, hi = max(0, cur.start() - _LOOKBACK), min(len(text), cur.end() + 40)
        for m in MONEY_RE.finditer(text, lo, hi):
            if cur.start() in (m.start("cur"), m.start("pcur")):
                found[m.span()] = m
    return [found[k] for k in sorted(found)]


def _noun_candidates(text: str) -> list[re.Match[str]]:
    """NOUN_AFTER_RE and NOUN_BEFORE_RE matches, looked for only around a money noun."""
    found: list[re.Match[str]] = []
    for noun in MONEY_NOUN_RE.finditer(text):
        lo = max(0, noun.start() - _LOOKBACK)
        found += [
            m for m in NOUN_AFTER_RE.finditer(text, lo, noun.end()) if text[m.end() : noun.start()] in ("", "an ")
        ]
        before = NOUN_BEFORE_RE.match(text, noun.start(), min(len(text), noun.end() + _LOOKBACK))
        if before:
            found.append(before)
    return found


def _find_amounts(text: str) -> list[tuple[int, int, Decimal, Decimal | None, str, str | None]]:
    """(start, end, amount, amount_max, rule, qualifier) for every amount, range bounds listed one by one."""
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]] = []
    for m in _candidates(text):
        if m.group("pcur"):
            value = _number(m.group("pnum"), m.group("pscale"))
            rule = "money:currency_first"
        elif m.group("num"):
            value = _number(m.group("num"), m.group("scale"))
            rule = "money:scaled" if m.group("scale") else "money:digits"
        else:
            value = _word_number(m.group("word"), bool(m.group("half")), m.group("scale"))
            rule = "money:number_word"
            if value is not None and VAGUE_RE.search(text, max(0, m.start() - 20), m.start()):
                value = None
        if value is None:
            continue
        before = text[max(0, m.start() - _LOOKBACK) : m.start()]
        low = RANGE_LOW_RE.search(before) if not m.group("pcur") else None
        low_value = None
        if low:
            scale = low.group("scale") or m.group("scale")
            low_value = _number(low.group("num"), scale)
        if low and low_value is not None and low_value < value:
            ls = m.start() - len(before) + low.start("num")
            le = m.start() - len(before) + (low.end("scale") if low.group("scale") else low.end("num"))
            q = _qualifier(text, ls) or low.group("q")
            hits.append((ls, le, low_value, value, "money:range_low", q))
            hits.append((m.start(), m.end(), value, None, "money:range_high", low.group("q") or q))
            continue
        hits.append((m.start(), m.end(), value, None, rule, _qualifier(text, m.start())))
    taken = [(h[0], h[1]) for h in hits]
    for m in _noun_candidates(text):
        a, b = m.start("num") if m.group("num") else m.start(), m.end()
        if any(x < b and a < y for x, y in taken):
            continue
        if m.group("num"):
            value = _number(m.group("num"), m.group("scale"))
        else:
            value = _word_number(m.group("word"), False, m.group("scale"))
        if value is not None and value >= _MIN_NOUN_AMOUNT:
            b = a + len(text[a:b].rstrip())
            hits.append((a, b, value, None, "money:noun", _qualifier(text, a)))
    return sorted(hits)


def _number(digits: str, scale: str | None) -> Decimal | None:
    """Exact euros from German digits and an optional scale word."""
    plain = re.sub(r"[.\u00a0\u202f ]", "", digits).replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value.normalize() if value == value.to_integral_value() else value


def _word_number(word: str, half: bool, scale: str | None) -> Decimal | None:
    """Euros from a number word: ``eine Million``, ``Fünf Millionen``, ``eine halbe Million``."""
    n = number_word(word)
    if n is None:
        return None
    value = Decimal(n) / 2 if half else Decimal(n)
    if scale:
        value *= _SCALES[scale.rstrip(".").lower()]
    return value


def _qualifier(text: str, start: int) -> str | None:
    m = QUALIFIER_RE.search(text, max(0, start - _LOOKBACK), start)
    if not m:
        return None
    words = re.sub(r"\s+", " ", m.group(0).strip()).lower()
    # "Bescheid über mehr als 13.000 Euro": before another qualifier, "über" is the preposition.
    return words[5:] if words.startswith("über ") else words


def _period(text: str, start: int, end: int, qualifier: str | None) -> str | None:
    m = PERIOD_AFTER_RE.match(text, end, min(len(text), end + 40))
    if m:
        return re.sub(r"\s+", " ", m.group("p"))
    head = text[max(0, start - _LOOKBACK) : start]
    if qualifier:
        head = head[: len(head.rstrip()) - len(qualifier)] if head.rstrip().endswith(qualifier) else head
    m = PERIOD_BEFORE_RE.search(head.rstrip() + " ")
    return re.sub(r"\s+", " ", m.group("p")) if m else None


def _next_town(town_starts: list[int], end: int, limit: int) -> int:
    """Where the purpose after an amount stops: at the next commune ("... und Pausa-Mühltroff 1,4 Mio.")."""
    i = bisect.bisect_left(town_starts, end)
    return min(town_starts[i], limit) if i < len(town_starts) else limit


def _year(text: str, s_start: int, s_end: int, at: int) -> str | None:
    """The year or budget period the sentence gives, the one nearest the amount."""
    best: tuple[int, str] | None = None
    for m in YEAR_RE.finditer(text, s_start, s_end):
        dist = abs(m.start() - at)
        if best is None or dist < best[0]:
            best = (dist, re.sub(r"\s+", "", m.group("y")))
    return best[1] if best else None


def _funder(sentence: str) -> str | None:
    m = FUNDER_RE.search(sentence)
    return m.group(0) if m else None


def _classify(
    ctx: _Context,
    towns: list[CommuneMention],
    town_starts: list[int],
    sents: list[tuple[int, int]],
    si: int,
    districts: list[CommuneMention],
    named_towns: int,
) -> _Decision:
    """Kind, recipient text and recipient AGS of one amount, from the words of its clause."""
    near_before = ctx.before[-80:]
    clause_after = CLAUSE_BREAK_RE.split(ctx.after, maxsplit=1)[0]
    if COST_RE.search(near_before) or COST_RE.search(clause_after[:40]):
        kind: MoneyKind = "fine" if FINE_RE.search(near_before + clause_after[:40]) else "cost"
        return _Decision(kind, None, None, "cost")
    if RATE_AFTER_RE.match(ctx.text, ctx.end, ctx.after_end):
        return _Decision("budget", None, None, "budget")  # "20 Euro je Mitglied": a rate, no single recipient
    # A list entry "- Krankenhaus X: 2,6 Millionen Euro": the name before the colon receives it.
    line_start = ctx.text.rfind("\n", 0, ctx.start) + 1
    item = LIST_ITEM_RE.match(ctx.text[line_start : _strip_qualifier_start(ctx)])
    if item:
        name = item.group("name").strip()
        found = _distinct(_town_in(towns, town_starts, line_start, ctx.start))
        ags = found[0].ags if len(found) == 1 and _municipal(ctx.text, line_start, found[0]) else None
        return _Decision("grant", name, ags, "list")
    strong = GRANT_STRONG_RE.search(ctx.sentence) or SHARE_RE.search(ctx.before)
    weak = None if SPEND_RE.search(ctx.sentence) else GRANT_WEAK_RE.search(ctx.sentence)
    # "Reisegebiete Region Leipzig (1,1 Mio. Euro), Vogtland (446.000 Euro)": each name receives its share.
    paren = _paren_recipient(ctx)
    if paren is not None:
        if not (strong or weak or GOES_TO_RE.search(ctx.sentence)):
            return _Decision("budget", None, None, "budget")
        return _named(ctx, paren, towns, town_starts, "paren")
    if ctx.total:
        return _Decision("total", None, None, "total")
    # "Bescheid über 402.000 Euro an die Kirchgemeinde St. Afra übergeben": the addressee receives it.
    addressee = _addressee(ctx)
    if addressee is not None and (strong or weak or GOES_TO_RE.search(ctx.sentence)):
        if GROUP_RE.match(ctx.text, addressee[0]):
            return _Decision("budget", None, None, "group")
        return _named(ctx, addressee, towns, town_starts, "named")
    # "wird der Heilbäderverband mit 176.000 Euro, die Jugendzentren mit 35.000 Euro gefördert".
    partner = _with_recipient(ctx)
    if partner is not None and not _recipient_like(ctx.text[partner[0] : partner[1]], towns, town_starts, partner):
        partner = None  # "fördert den Neustart des Tourismus mit 5 Mio. Euro": what, not whom
    if partner is not None and (strong or weak):
        if GROUP_RE.match(ctx.text, partner[0]) and not _towns_between(towns, town_starts, *partner):
            return _Decision("budget", None, None, "group")
        return _named(ctx, partner, towns, town_starts, "named")
    for_rec = FOR_RECIPIENT_RE.match(ctx.after)
    # The commune that receives: named since the previous amount, else up to the next one.
    seg_towns = _distinct(_town_in(towns, town_starts, ctx.before_start, ctx.start))
    counted = _counted_recipients(near_before, clause_after)
    if counted and all(_locative(ctx.text, t) for t in seg_towns):
        # Money for counted recipients: a commune named here is only where it is handed over.
        n, phrase = counted
        # Beyond a handful, counted recipients are one act of granting only where the release names them.
        named = n <= _MAX_COUNTED or (n <= _MAX_NAMED_COUNTED and named_towns >= _MIN_NAMED_TOWNS)
        if not named or CUMULATIVE_RE.search(ctx.sentence):
            return _Decision("budget", None, None, "group")
        return _Decision("grant", _counted_phrase(phrase), None, "named")
    district = _last_in(districts, ctx.before_start, ctx.start)
    if district is not None and (strong or weak) and all(t.start < district.start for t in seg_towns):
        return _Decision("grant", district.text, None, "named")  # a Landkreis has no AGS of a municipality
    if not seg_towns:
        # Named after the amount, in its own clause ("mit 95.000 Euro unterstützt das Land die Gemeinde X"),
        # with the towns listed after it ("für Projekte in Kamenz, Elstra und Pulsnitz").
        seg_towns = _distinct(_listed(ctx, _town_in(towns, town_starts, ctx.end, ctx.after_end), len(clause_after)))
    budget = BUDGET_RE.search(ctx.sentence)
    if seg_towns and all(_locative(ctx.text, t) for t in seg_towns) and (strong or weak):
        # "hat heute in Löbau Bescheide für die Region Oberlausitz überreicht": the town is where, not who.
        for m in FOR_BEFORE_RE.finditer(ctx.text, max(ctx.before_start, ctx.s_start), ctx.start):
            np = _noun_phrase(ctx.text, m.end(), ctx.start)
            if np and not _is_purpose("für " + ctx.text[np[0] : np[1]], False):
                if _recipient_like(ctx.text[np[0] : np[1]], towns, town_starts, np):
                    return _named(ctx, np, towns, town_starts, "named")
    for_town = len(seg_towns) == 1 and FOR_TOWN_RE.search(
        ctx.text, max(ctx.s_start, seg_towns[0].start - 80), seg_towns[0].start
    )
    if len(seg_towns) == 1 and (strong or weak or for_rec or (budget and for_town)):
        # "Für die Kita in Ostritz stellt der Freistaat 800.000 Euro bereit": the town's project receives it.
        town = seg_towns[0]
        if _municipal(ctx.text, max(ctx.s_start, town.start - 80), town):
            return _Decision("grant", _recipient_text(ctx.text, town), town.ags, "named")
        return _Decision("grant", _org_text(ctx.text, town), None, "named")
    if len(seg_towns) > 1 and (strong or weak):
        return _Decision("grant", _joined(seg_towns), None, "named")
    if not seg_towns and SHARE_RE.search(ctx.before) and FUNDER_RE.search(ctx.before):
        # "Gesamtkosten von 650.000 Euro, davon übernimmt der Freistaat 520.000 Euro": the share is granted.
        prev = _previous_town(towns, town_starts, sents, si, ctx)
        if prev is not None:
            return _Decision("grant", _recipient_text(ctx.text, prev), prev.ags, "share")
    # A club or another body named in the clause: "So stehen der Sportgemeinschaft Wurgwitz 71.850 Euro bereit".
    inst = _institution(ctx)
    if inst is not None and (strong or weak or budget or ANTEIL_RE.search(ctx.sentence)):
        return _named(ctx, inst, towns, town_starts, "named")
    if (strong or weak) and GROUP_RE.search(ctx.sentence):
        return _Decision("budget", None, None, "group")  # "die Landkreise sollen 162 Millionen Euro erhalten"
    if budget:
        return _Decision("budget", None, None, "budget")
    if for_rec and INSTITUTION_RE.search(for_rec.group("r")):
        return _Decision("grant", for_rec.group("r").strip(), None, "named")
    anaphor = ANAPHOR_RE.search(ctx.sentence)
    if strong or (weak and (DEICTIC_RE.search(ctx.sentence) or anaphor or _definite_project(ctx))):
        prev = _previous_town(towns, town_starts, sents, si, ctx)
        if prev is not None:
            return _Decision("grant", _recipient_text(ctx.text, prev), prev.ags, "named")
    if weak:
        handful = _counted(ctx.sentence)
        if handful:
            return _Decision("grant", handful, None, "named")
    if strong or weak:
        # "Die Feuerwehr erhält ...", "Das Museum wird gefördert": a body named by its kind receives it.
        kind_named = INSTITUTION_RE.search(ctx.sentence)
        if kind_named:
            start = _name_start(ctx.text, ctx.s_start + kind_named.start(), ctx.s_start)
            np = _noun_phrase(ctx.text, start, ctx.s_end)
            return _Decision("grant", ctx.text[np[0] : np[1]] if np else kind_named.group(0), None, "named")
    if strong:
        return _Decision("budget", None, None, "strong")  # handed over, but to nobody the text names
    return _Decision("budget", None, None, "none")


def _named(
    ctx: _Context, span: tuple[int, int], towns: list[CommuneMention], town_starts: list[int], basis: str
) -> _Decision:
    """A grant to the noun phrase at ``span``: its municipality's AGS where it is one of the town's own."""
    a, b = span
    found = _distinct(_town_in(towns, town_starts, a, b))
    phrase = ctx.text[a:b]
    ags = None
    if len(found) == 1 and not NON_MUNICIPAL_HEAD_RE.search(phrase) and not CLUB_RE.search(phrase):
        ags = found[0].ags
    return _Decision("grant", phrase, ags, basis)


def _recipient_like(phrase: str, towns: list[CommuneMention], town_starts: list[int], span: tuple[int, int]) -> bool:
    """Whether a phrase names a body that can receive money (not a funder, not a project or an activity)."""
    first = re.match(r"[\w-]+", phrase)
    if FUNDER_RE.fullmatch(phrase) or (first and ACTION_HEAD_RE.search(first.group(0))):
        return False
    if ANAPHOR_WORD_RE.fullmatch(phrase):
        return False  # "die Stadt" alone points back to a town named before
    return bool(RECIPIENT_WORD_RE.search(phrase) or _town_in(towns, town_starts, *span))


def _listed(ctx: _Context, after: list[CommuneMention], reach: int) -> list[CommuneMention]:
    """The towns after the amount in its clause, and those listed right after them."""
    found = [t for t in after if t.start < ctx.end + reach]
    if not found:
        return []
    for t in after[len(found) :]:
        if not LIST_JOIN_RE.fullmatch(ctx.text, found[-1].end, t.start):
            break
        found.append(t)
    return found


def _towns_between(towns: list[CommuneMention], town_starts: list[int], a: int, b: int) -> bool:
    return bool(_town_in(towns, town_starts, a, b))


def _joined(towns: list[CommuneMention]) -> str:
    names = [t.text for t in towns]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]


def _noun_phrase(text: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that starts at ``pos`` (after its article): ``Ev.-Luth. Kirchgemeinde St. Afra``."""
    m = NP_RE.match(text, pos, limit)
    if not m:
        return None
    end = m.end()
    last = text[text.rfind(" ", m.start(), end) + 1 : end]
    if last.endswith(".") and len(last) > 5 and "/" not in last:
        end -= 1  # the sentence's full stop, not an abbreviation ("Adorf/Vogtl.", "St.")
    while True:  # drop a dangling connector ("Stadt Dresden und")
        cut = NP_TAIL_RE.search(text, m.start(), end)
        if not cut:
            break
        end = cut.start()
    return (m.start(), end) if end - m.start() >= 3 else None


def _line_end(text: str, pos: int) -> int:
    """The end of the line (a sentence split after "Ev.-Luth." does not end a name)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _addressee(ctx: _Context) -> tuple[int, int] | None:
    """``an den Oberbürgermeister der Stadt Dresden`` near the amount, or ``An die Gemeinde X gehen ...``."""
    m = ADDRESSEE_AFTER_RE.match(ctx.text, ctx.end, ctx.after_end)
    if not m:
        m = ADDRESSEE_BEFORE_RE.search(ctx.text, max(ctx.before_start, ctx.start - 120), ctx.start)
        if not m or not ADDRESSEE_GAP_RE.fullmatch(ctx.text, m.end(), ctx.start):
            return None
    return _noun_phrase(ctx.text, m.end(), _line_end(ctx.text, m.end()))


def _paren_recipient(ctx: _Context) -> tuple[int, int] | None:
    """The name right before ``(1,1 Mio. Euro)``."""
    head = ctx.text[max(ctx.s_start, ctx.start - 3) : ctx.start]
    if not head.rstrip().endswith("(") or not ctx.text[ctx.end : ctx.end + 2].lstrip().startswith(")"):
        return None
    close = ctx.text.rfind("(", ctx.s_start, ctx.start)
    m = PAREN_NAME_RE.search(ctx.text, max(ctx.s_start, close - 80), close)
    if not m or not m.group("name")[:1].isupper():
        return None
    return m.start("name"), m.end("name")


def _with_recipient(ctx: _Context) -> tuple[int, int] | None:
    """``der Sächsische Heilbäderverband mit 176.000 Euro``: the phrase before ``mit``."""
    m = WITH_BEFORE_RE.search(ctx.text, max(ctx.before_start, ctx.start - 120), ctx.start)
    if not m:
        return None
    return m.start("np"), m.end("np")


def _institution(ctx: _Context) -> tuple[int, int] | None:
    """A named body in the amount's clause: ``der Sportgemeinschaft Wurgwitz``, ``Beim SV Motor Sörnewitz``."""
    lo = max(ctx.before_start, ctx.s_start)
    for m in NAMED_BODY_RE.finditer(ctx.text, lo, ctx.after_end):
        return _noun_phrase(ctx.text, m.start("np"), max(ctx.after_end, _line_end(ctx.text, m.start("np"))))
    return None


def _counted_phrase(phrase: str) -> str:
    return re.sub(r"^(?:für|an)\s+(?:die\s+|den\s+)?(?:insgesamt\s+)?", "", phrase)


def _clean_recipient(recipient: str | None) -> str | None:
    """The recipient as a noun phrase: no leading preposition or article, no trailing connector."""
    if not recipient:
        return None
    phrase = re.sub(r"\s+", " ", recipient).strip(" ,;:–-")
    phrase = LEADING_WORDS_RE.sub("", phrase)
    if phrase.count("(") > phrase.count(")"):
        phrase = phrase[: phrase.rfind("(")].rstrip()  # "Bürgermeister Tom Muster (Meerane": the name before
    phrase = re.sub(r"\s+(?:und|sowie|oder|der|des|die|in|im|mit)$", "", phrase)
    if len(phrase) < 3 or not phrase[:1].isalpha() or AMOUNT_WORD_RE.search(phrase):
        return None
    return phrase


def _headline_end(text: str, release: ReleaseInfo) -> int:
    """Where the headline ends in the clean text (0 where there is none)."""
    if release.title_span and 0 <= release.title_span[1] <= len(text):
        if text[release.title_span[0] : release.title_span[1]] == release.title:
            return release.title_span[1]
    if release.title:
        at = text.find(release.title, 0, 2000)
        if at >= 0:
            return at + len(release.title)
    return 0


def _settle(
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]],
    contexts: list[_Context],
    decisions: list[_Decision],
    towns: list[CommuneMention],
    town_starts: list[int],
    sents: list[tuple[int, int]],
    headline_end: int,
) -> None:
    """Decisions across the release: one fact named twice, parts of a grant, a release about one town."""
    confident = [i for i, d in enumerate(decisions) if d.basis in CONFIDENT and d.kind == "grant"]
    # The same amount named again (the headline, a summary) is the same fact.
    for i, d in enumerate(decisions):
        if d.basis not in ("none", "budget"):
            continue
        same = [j for j in confident if j != i and hits[j][2] == hits[i][2]]
        if same:
            src = decisions[same[0]]
            decisions[i] = _Decision(src.kind, src.recipient, src.ags, "same")
    confident = [i for i, d in enumerate(decisions) if d.basis in CONFIDENT and d.kind == "grant"]
    # A part of a grant ("davon 2 Millionen Euro aus dem Programm X", "• 258.000 Euro aus ...") inherits it.
    for i, ctx in enumerate(contexts):
        d = decisions[i]
        if d.basis not in ("none", "budget") or not _part_of_grant(ctx):
            continue
        source = _grant_before(i, hits, contexts, decisions, confident)
        if source is not None:
            decisions[i] = _Decision("grant", source.recipient, source.ags, "part")
            continue
        statement = _grant_statement(ctx, towns, town_starts, sents)
        if statement is not None:
            decisions[i] = statement
    # A release about one town: its further funding (Finanzhilfen, Zuschüsse) goes to that town too.
    granted = {decisions[i].ags for i in confident}
    single = next(iter(granted)) if len(granted) == 1 and None not in granted else None
    for i, ctx in enumerate(contexts):
        d = decisions[i]
        if d.basis != "none":
            continue
        here = _distinct(_town_in(towns, town_starts, ctx.s_start, ctx.s_end))
        funding = FUNDING_RE.search(ctx.sentence)
        if single is not None and funding and all(t.ags == single for t in here):
            town = next((t for t in towns if t.ags == single), None)
            decisions[i] = _Decision("grant", town.text if town else None, single, "carried")
        elif confident and len(here) == 1 and FOR_PROJECT_RE.search(ctx.before):
            decisions[i] = _Decision("grant", here[0].text, here[0].ags, "carried")
    # A headline amount in a release whose amounts are all grants sums them up.
    body = [j for j in range(len(decisions)) if hits[j][0] >= headline_end]
    body_grants = [j for j in confident if j in body]
    for i, d in enumerate(decisions):
        if hits[i][1] > headline_end or d.basis != "none" or not body_grants:
            continue
        if {decisions[j].kind for j in body} <= {"grant", "cost", "fine"}:
            ags_set = {decisions[j].ags for j in body_grants}
            ags = next(iter(ags_set)) if len(ags_set) == 1 else None
            decisions[i] = _Decision("grant", None, ags, "headline")


def _part_of_grant(ctx: _Context) -> bool:
    """``1. Rund zwei Millionen Euro aus dem Bund-Länder-Programm``, ``weitere 95.000 Euro aus dem ...``."""
    line_start = ctx.text.rfind("\n", 0, ctx.start) + 1
    enumerated = ENUMERATED_RE.match(ctx.text[line_start : ctx.start]) is not None
    from_programme = FROM_PROGRAMME_RE.match(ctx.text, ctx.end, ctx.after_end) is not None
    marked = PART_MARK_RE.search(ctx.sentence) is not None
    return from_programme and (enumerated or marked or ctx.before_start > ctx.s_start)


def _grant_before(
    i: int,
    hits: list[tuple[int, int, Decimal, Decimal | None, str, str | None]],
    contexts: list[_Context],
    decisions: list[_Decision],
    confident: list[int],
) -> _Decision | None:
    """The nearest grant in the same or one of the two sentences before."""
    si = contexts[i].si
    for j in range(i - 1, -1, -1):
        if decisions[j].kind != "grant" or (j not in confident and decisions[j].basis != "part"):
            continue
        return decisions[j] if si - contexts[j].si <= 2 else None
    return None


def _grant_statement(
    ctx: _Context, towns: list[CommuneMention], town_starts: list[int], sents: list[tuple[int, int]]
) -> _Decision | None:
    """A sentence just before that reports a grant without an amount: ``13 Gemeinden haben Finanzhilfen erhalten``."""
    for j in range(ctx.si - 1, max(ctx.si - 3, -1), -1):
        lo, hi = sents[j]
        sentence = ctx.text[lo:hi]
        if not (GRANT_STRONG_RE.search(sentence) and FUNDING_RE.search(sentence)):
            continue
        found = _distinct(_town_in(towns, town_starts, lo, hi))
        if len(found) == 1:
            return _Decision("grant", found[0].text, found[0].ags, "part")
        if len(found) > 1 or COUNTED_SUBJECT_RE.search(sentence):
            return _Decision("grant", None, None, "part")
    return None


def _purpose(ctx: _Context, towns: list[CommuneMention], town_starts: list[int]) -> str | None:
    """What the money is for: ``für die Sanierung der Turnhalle``, ``zur Finanzierung des Breitbandausbaus``."""
    limit = _next_town(town_starts, ctx.end, ctx.after_end)
    candidates = [m for m in (PURPOSE_RE.match(ctx.text, ctx.end, limit),) if m]
    candidates += list(PURPOSE_BEFORE_RE.finditer(ctx.text, max(ctx.before_start, ctx.s_start), ctx.start))[::-1]
    for m in candidates:
        purpose = PURPOSE_TRAIL_RE.sub("", m.group("p").strip())
        if len(purpose) > 4 and _is_purpose(purpose, bool(_town_in(towns, town_starts, m.start("p"), m.end("p")))):
            return purpose
    return None


def _is_purpose(purpose: str, names_town: bool) -> bool:
    """``für die Sanierung der Turnhalle`` says what for; ``für zwei Grundschulen``, ``für den SV X`` say for whom."""
    head = PURPOSE_HEAD_RE.match(purpose)
    if head is None:
        return False
    lead = purpose[: head.start("head")].split()[1:]
    if any(w.isdigit() or (number_word(w) or 0) >= 2 for w in lead):
        return False  # counted recipients
    for word in re.findall(r"[A-ZÄÖÜ][\w-]*", purpose[head.start("head") :])[:3]:
        if ACTION_HEAD_RE.search(word):
            return True
        if _is_recipient_word(word):
            return False
    return not names_town


def _is_recipient_word(word: str) -> bool:
    return bool(
        INSTITUTION_RE.fullmatch(word)
        or GROUP_WORD_RE.fullmatch(word)
        or CLUB_RE.fullmatch(word)
        or MUNICIPAL_RE.fullmatch(word)
        or RECIPIENT_WORD_RE.fullmatch(word)
    )


def _strip_qualifier_start(ctx: _Context) -> int:
    q = QUALIFIER_RE.search(ctx.text, max(ctx.s_start, ctx.start - _LOOKBACK), ctx.start)
    return q.start() if q else ctx.start


def _town_in(towns: list[CommuneMention], town_starts: list[int], lo: int, hi: int) -> list[CommuneMention]:
    a = bisect.bisect_left(town_starts, lo)
    b = bisect.bisect_left(town_starts, hi)
    return towns[a:b]


def _dateline_towns(text: str, towns: list[CommuneMention], sents: list[tuple[int, int]]) -> set[int]:
    """Starts of communes that open a sentence as its dateline (``Dresden (dpa/sn) - ...``)."""
    sent_starts = {s for s, _ in sents}
    out: set[int] = set()
    for t in towns:
        line_start = text.rfind("\n", 0, t.start) + 1
        if (t.start in sent_starts or not text[line_start : t.start].strip()) and DATELINE_AFTER_RE.match(text, t.end):
            out.add(t.start)
    return out


def _distinct(towns: list[CommuneMention]) -> list[CommuneMention]:
    seen: dict[str, CommuneMention] = {}
    for t in towns:
        seen.setdefault(t.ags, t)
    return list(seen.values())


def _municipal(text: str, lo: int, town: CommuneMention) -> bool:
    """False where the commune only names a hospital, club or other body that is not the town's own."""
    return not NON_MUNICIPAL_RE.search(text[max(lo, town.start - 60) : town.start])


def _recipient_text(text: str, town: CommuneMention) -> str:
    """The commune with the office or institution named with it: ``Freiwillige Feuerwehr Lunzenau``."""
    head = text[max(0, town.start - 40) : town.start].split(".")[-1]
    found = list(MUNICIPAL_RE.finditer(head))
    if found and not re.search(r",|\bund\b|\bsowie\b|\boder\b", head[found[-1].end() :]):
        first = found[-1]
        for m in reversed(found[:-1]):  # "Oberbürgermeister der Stadt": keep the whole chain
            if re.fullmatch(r"\s+(?:der|des|die|dem|den)\s+", head[m.end() : first.start()]):
                first = m
        return text[town.start - len(head) + first.start() : town.end]
    return town.text


def _name_start(text: str, at: int, lo: int) -> int:
    """Walk back over the capitalised words of a name: ``Stadtwerke Pirna GmbH`` from ``GmbH``."""
    for m in reversed(list(re.finditer(r"\S+", text[lo:at]))):
        word = m.group(0)
        if not word[:1].isupper() or word.endswith((".", ",", ":", ";")) and len(word) > 4:
            break
        at = lo + m.start()
    return at


def _org_text(text: str, town: CommuneMention) -> str:
    """The body whose name ends with the commune: ``Förderverein der Grundschule Lunzenau``."""
    lo = max(0, town.start - 60)
    heads = list(ORG_HEAD_RE.finditer(text, lo, town.start))
    return text[heads[-1].start() : town.end] if heads else town.text


def _counted_recipients(before: str, after: str) -> tuple[int, str] | None:
    """(count, phrase) of recipients counted next to an amount: ``für 17 Dorfgemeinschaftshäuser``."""
    for part in (after, before):
        for m in COUNTED_FOR_RE.finditer(part):
            n_text = m.group("n")
            n = int(n_text) if n_text.isdigit() else number_word(n_text)
            if n is None or n < 2 or 1900 <= n <= 2100 or NOT_RECIPIENT_NOUN_RE.match(m.group("noun")):
                continue
            return n, m.group(0)
    return None


def _last_in(mentions: list[CommuneMention], lo: int, hi: int) -> CommuneMention | None:
    inside = [m for m in mentions if lo <= m.start < hi]
    return inside[-1] if inside else None


def _locative(text: str, town: CommuneMention) -> bool:
    """True where the commune is named as a place (``heute in Markneukirchen``)."""
    return bool(LOCATIVE_BEFORE_RE.search(text, max(0, town.start - 30), town.start))


def _counted(sentence: str) -> str | None:
    for m in COUNTED_RE.finditer(sentence):
        n = m.group("n")
        value = int(n) if n.isdigit() else number_word(n)
        noun = m.group(0).split()[-1]
        if NOT_RECIPIENT_NOUN_RE.fullmatch(noun) or NOT_RECIPIENT_NOUN_RE.fullmatch(m.group(0).split()[1]):
            continue  # "vier Millionen Euro", "zwei Jahren": an amount or a time, not recipients
        if value is not None and 2 <= value <= _MAX_COUNTED:
            return m.group(0)
    return None


def _definite_project(ctx: _Context) -> bool:
    """A sentence about one particular project ("Das eingereichte Projekt wird ... gefördert")."""
    return bool(DEFINITE_PROJECT_RE.search(ctx.sentence))


def _previous_town(
    towns: list[CommuneMention], town_starts: list[int], sents: list[tuple[int, int]], si: int, ctx: _Context
) -> CommuneMention | None:
    """The one commune of the sentence itself, else of one of the two sentences before it."""
    for j in range(si, max(si - 3, -1), -1):
        lo, hi = sents[j] if sents else (ctx.s_start, ctx.s_end)
        found = _distinct(_town_in(towns, town_starts, lo, hi))
        if len(found) == 1 and _municipal(ctx.text, lo, found[0]):
            return found[0]
        if found:
            return None
    return None
