-- pressdb archive schema: the single source of truth.
-- extract/store.py applies this file as it is and only inserts into the tables it declares.
-- The archive is derived data: a build with another schema_version starts a fresh archive.
-- Every fact row carries document_id, char_start/char_end (into documents.text, the clean text),
-- raw_start/raw_end (into documents.raw_text), page and box (PDF), text as printed, and rule.

PRAGMA foreign_keys = ON;

CREATE TABLE archive_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,                 -- SHA-256 of the file's bytes
    source TEXT NOT NULL,                -- the path as given to pressdb build
    filename TEXT NOT NULL,
    format TEXT CHECK (format IN ('text', 'pdf', 'html')),
    encoding TEXT,
    issuer TEXT,
    kind TEXT,
    release_date TEXT,                   -- ISO date of publication (the dateline)
    year INTEGER,
    title TEXT,
    contact_name TEXT,
    contact_role TEXT,
    contact_phone TEXT,
    contact_fax TEXT,
    contact_email TEXT,
    pages INTEGER,
    raw_text TEXT,
    text TEXT,                           -- the clean text every char_start/char_end points into
    notes TEXT,                          -- JSON list: repairs and observations of reader and cleaner
    extractor_version TEXT NOT NULL,
    error TEXT,                          -- why the document could not be read; NULL when it was
    built_at TEXT NOT NULL,
    -- The release this document belongs to: one of its renditions (the same text in another format or on
    -- another page of the publisher), or a reproduction (a newspaper or town reprinting it), with the share of
    -- the document's own text copied from the release. Found by near-duplicate detection (extract/releases.py).
    release_id INTEGER REFERENCES releases(id) DEFERRABLE INITIALLY DEFERRED,
    release_role TEXT CHECK (release_role IN ('rendition', 'reproduction')),
    copied_share REAL CHECK (copied_share BETWEEN 0 AND 1),
    sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),  -- 1: written by the pressdb project, invented
    url TEXT,                            -- the release's public address: a web page's canonical URL, or the sidecar's
    ocr INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0, 1)),  -- 1: the text was read from page images by Tesseract
    ocr_confidence REAL                  -- Tesseract's mean word confidence (0-100) for an OCR'd document
);
CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_release_date ON documents(release_date);
-- The documents table page's facets: each GROUP BY reads a small index, not 100,000 rows of text.
CREATE INDEX documents_issuer ON documents(issuer);
CREATE INDEX documents_year ON documents(year);
CREATE INDEX documents_kind ON documents(kind);
CREATE INDEX documents_format ON documents(format);
CREATE INDEX documents_release ON documents(release_id, release_role);

-- One row per release (publication), whatever number of files render or reproduce it.
CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,  -- canonical rendition
    issuer TEXT,
    kind TEXT,
    release_date TEXT,
    year INTEGER,
    title TEXT,
    sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
    renditions INTEGER NOT NULL,         -- documents that are this release (text, PDF, HTML, mirrors)
    reproductions INTEGER NOT NULL       -- documents elsewhere that reprint it
);
CREATE INDEX releases_release_date ON releases(release_date);

-- Near-duplicate detection: each document's MinHash signature over word 5-shingles of its clean text, and
-- its LSH band buckets, so that an added document is compared by index look-ups without rehashing the archive.
-- Ids are never reused (AUTOINCREMENT): a worker that compared a document with the signatures up to some id
-- (extract/shards.py) leaves the parent those above it, and a signature added later is always above it.
CREATE TABLE document_signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    shingles INTEGER NOT NULL,           -- distinct shingles of the clean text
    minhash BLOB NOT NULL,               -- 128 unsigned 32-bit values
    ids BLOB                             -- the exact shingle set: sorted unique 64-bit ids, little-endian
);
-- One row per band of each signature (a few dozen per document, 12 bytes each). The signature's id is kept
-- small on purpose and has no foreign key: extract/releases.py deletes a document's bands by their buckets,
-- which it recomputes from the stored signature, so no second index is needed.
CREATE TABLE signature_bands (
    bucket INTEGER NOT NULL,             -- 64-bit hash of one band of the signature (band number included)
    signature_id INTEGER NOT NULL,       -- document_signatures.id
    PRIMARY KEY (bucket, signature_id)
) WITHOUT ROWID;

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,                  -- position in the document, from 0
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page INTEGER,
    text TEXT NOT NULL,
    text_stemmed TEXT NOT NULL           -- Snowball German stems, for word-form-blind search
);
CREATE INDEX sentences_document ON sentences(document_id, n);

-- Trigram index: a search for "Sicherheitsanalyse" finds "Sicherheitsanalysen", "Kommune" finds
-- "Kommunen", "Prävention" finds "Präventionsrat" (German compounds and inflections as substrings).
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, text_stemmed, content='sentences', content_rowid='id', tokenize='trigram'
);
-- A bulk load (extract/writer.py) indexes its sentences itself, in one statement before it commits: it puts a
-- row here at the start of its transaction and takes it out before the commit, so no reader ever sees one, and
-- the insert trigger stands aside meanwhile. (Dropping the trigger and creating it again instead would change
-- the schema with every commit, and a reader preparing a query on the index at that moment fails.)
CREATE TABLE deferred_indexing (
    since TEXT NOT NULL                  -- when the load's transaction began (ISO 8601)
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences WHEN NOT EXISTS (SELECT 1 FROM deferred_indexing) BEGIN
    INSERT INTO sentences_fts(rowid, text, text_stemmed) VALUES (new.id, new.text, new.text_stemmed);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text, text_stemmed)
        VALUES ('delete', old.id, old.text, old.text_stemmed);
END;

-- The gazetteer: Saxon municipalities since 2009 (Statistisches Bundesamt (Destatis), GV-ISys).
CREATE TABLE kreise (
    kreis_ags TEXT PRIMARY KEY,          -- 5 digits
    name TEXT NOT NULL,
    kind TEXT NOT NULL,                  -- Landkreis, Kreisfreie Stadt
    population INTEGER
);

CREATE TABLE verbaende (
    ars TEXT PRIMARY KEY,                -- 9-digit regional key of the Verwaltungsgemeinschaft / -verband
    name TEXT NOT NULL,
    kind TEXT NOT NULL,                  -- Verwaltungsgemeinschaft, Verwaltungsverband
    kreis_ags TEXT REFERENCES kreise(kreis_ags),
    members TEXT NOT NULL                -- JSON list of member AGS
);

CREATE TABLE communes (
    ags TEXT PRIMARY KEY,                -- Amtlicher Gemeindeschlüssel, 8 digits
    name TEXT NOT NULL,                  -- short name: Frankenberg/Sa.
    name_official TEXT,                  -- as in the register: Frankenberg/Sa., Stadt
    name_sorbian TEXT,
    kind TEXT NOT NULL,                  -- Gemeinde, Stadt, Große Kreisstadt, Kreisfreie Stadt
    kreis_ags TEXT REFERENCES kreise(kreis_ags),
    landkreis TEXT,
    verband_ars TEXT,
    verband_name TEXT,
    lat REAL,
    lon REAL,
    population INTEGER,
    valid_from TEXT,
    valid_to TEXT,                       -- NULL while the municipality exists
    successor_ags TEXT
);
CREATE INDEX communes_kreis ON communes(kreis_ags);

CREATE TABLE commune_mentions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    ags TEXT REFERENCES communes(ags),   -- the municipality; NULL for a Landkreis mention
    kreis_ags TEXT,
    level TEXT NOT NULL CHECK (level IN ('gemeinde', 'kreis')),
    name TEXT NOT NULL,
    via TEXT,                            -- the group it was named through (Städtebund ...)
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX commune_mentions_document ON commune_mentions(document_id);
-- releases_mentioning_commune: the releases of one municipality straight from the index.
CREATE INDEX commune_mentions_ags ON commune_mentions(ags, document_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                  -- fullest form, without academic titles
    surname TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE             -- normalised name the registry matches on
);

CREATE TABLE person_mentions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    person_id INTEGER REFERENCES people(id),
    name TEXT NOT NULL,
    titles TEXT,
    role TEXT,
    organisation TEXT,
    commune_ags TEXT REFERENCES communes(ags),
    relation TEXT NOT NULL CHECK (relation IN ('signatory', 'witness', 'quoted', 'contact', 'mentioned')),
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,         -- -1 for the press contact, who stands in the letterhead
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX person_mentions_document ON person_mentions(document_id);
CREATE INDEX person_mentions_person ON person_mentions(person_id);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    person_id INTEGER REFERENCES people(id),
    speaker TEXT NOT NULL,
    speaker_role TEXT,
    text TEXT NOT NULL,                  -- the quoted words
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX quotes_document ON quotes(document_id);

CREATE TABLE dates (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    value TEXT NOT NULL,                 -- ISO date, the first day of the period named
    end_value TEXT,                      -- ISO date, the last day of a period or range
    granularity TEXT NOT NULL CHECK (granularity IN ('day', 'month', 'quarter', 'season', 'half', 'year', 'range')),
    inferred INTEGER NOT NULL DEFAULT 0, -- 1 where year or day came from the release date
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX dates_document ON dates(document_id);

CREATE TABLE money (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    amount_cents INTEGER NOT NULL,       -- exact: euro cents as an integer
    amount_max_cents INTEGER,            -- upper end of a range
    currency TEXT NOT NULL DEFAULT 'EUR',
    qualifier TEXT,
    period TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('grant', 'budget', 'total', 'part', 'fine', 'cost', 'other')),
    recipient TEXT,
    recipient_ags TEXT REFERENCES communes(ags),
    purpose TEXT,
    year TEXT,
    funder TEXT,
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX money_document ON money(document_id);
CREATE INDEX money_recipient ON money(recipient_ags, kind);

CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    value REAL NOT NULL,
    value_max REAL,
    unit TEXT NOT NULL,
    lemma TEXT,
    predicate TEXT,
    programme TEXT,
    measure TEXT NOT NULL,               -- stable key of the statistic across releases
    qualifier TEXT,
    as_of TEXT,                          -- ISO date the figure describes
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX figures_document ON figures(document_id);
-- history_of_a_figure and check_figure: one statistic's values in date order from the index alone.
CREATE INDEX figures_measure ON figures(measure, as_of, value, document_id);
CREATE INDEX figures_value ON figures(value);

CREATE TABLE ordinals (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    value INTEGER NOT NULL,
    orders TEXT NOT NULL,
    scope TEXT,
    measure TEXT,
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX ordinals_document ON ordinals(document_id);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_id INTEGER REFERENCES sentences(id),
    event_key TEXT NOT NULL,             -- the same signing reported by several releases shares it
    commune_ags TEXT NOT NULL REFERENCES communes(ags),
    commune TEXT NOT NULL,
    date TEXT,
    kind TEXT NOT NULL,
    programme TEXT,
    status TEXT NOT NULL CHECK (status IN ('signed', 'planned')),
    ordinal INTEGER,
    partners TEXT NOT NULL,              -- JSON list
    signatories TEXT NOT NULL,           -- JSON list of names
    witnesses TEXT NOT NULL,             -- JSON list of names
    text TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    raw_start INTEGER,
    raw_end INTEGER,
    page INTEGER,
    x0 REAL, top REAL, x1 REAL, bottom REAL,
    rule TEXT NOT NULL
);
CREATE INDEX agreements_document ON agreements(document_id);
CREATE INDEX agreements_commune ON agreements(commune_ags, date);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (
        'count_decreases', 'ordinal_vs_count', 'conflicting_values', 'parts_exceed_total',
        'quote_two_speakers', 'stale_boilerplate')),
    measure TEXT,
    release_ids TEXT NOT NULL,           -- JSON list of the releases compared (releases.id)
    release_dates TEXT NOT NULL,         -- JSON list of their dates
    release_titles TEXT NOT NULL,        -- JSON list of their titles
    sources TEXT NOT NULL,               -- JSON list of the documents' paths
    document_ids TEXT NOT NULL,          -- JSON list
    fact_ids TEXT NOT NULL,              -- JSON list of the figure/ordinal/quote rows compared
    "values" TEXT NOT NULL,              -- JSON list
    sentences TEXT NOT NULL,             -- JSON list of the sentences quoted
    first_date TEXT,
    last_date TEXT,
    explanation TEXT NOT NULL
);

-- Statements of a statistic: a release states a value once, however often its text, its renditions and its
-- reprints print it. A value stands at the date it describes, or at its release's date when it describes
-- the day it was printed (a reprint's "inzwischen" is the release's, not the newspaper's day).
CREATE VIEW figure_statements AS
SELECT d.release_id, f.measure,
       CASE WHEN f.as_of IS NULL OR f.as_of = d.release_date THEN r.release_date ELSE f.as_of END AS as_of,
       f.value, f.value_max, MIN(f.id) AS figure_id, f.qualifier, f.unit, f.predicate, f.programme,
       COUNT(*) AS mentions, COUNT(DISTINCT f.document_id) AS documents, json_group_array(f.id) AS figure_ids
FROM figures f
JOIN documents d ON d.id = f.document_id
JOIN releases r ON r.id = d.release_id
GROUP BY d.release_id, f.measure, 3, f.value, f.value_max;

-- Every value of every measure, oldest first, with the release behind it: one row per statement. Read from
-- statement_summaries (figure_statements kept per release, see the summaries below): the table page shows
-- its first rows from the index instead of grouping every figure of the archive.
CREATE VIEW figure_history AS
SELECT st.measure, st.as_of, st.value, st.value_max, st.qualifier, st.unit, st.predicate, st.programme,
       r.release_date, r.title, r.issuer, st.release_id, f.document_id, st.figure_id, f.text,
       s.text AS sentence, st.mentions
FROM statement_summaries st
JOIN releases r ON r.id = st.release_id
JOIN figures f ON f.id = st.figure_id
LEFT JOIN sentences s ON s.id = f.sentence_id
ORDER BY st.measure, st.as_of, st.value;

-- One row per grant: a municipality's amount for a year, whichever mentions, renditions and reproductions
-- state it (headline and body, text and PDF, the ministry and the newspaper). An amount without a year is
-- the grant of its release's year. Every sum of grants is taken over this view.
CREATE VIEW grants AS
WITH mentions AS (
    SELECT m.id, m.recipient_ags, coalesce(m.year, CAST(r.year AS TEXT)) AS year, m.amount_cents, m.kind,
           m.purpose, m.funder, m.document_id, d.release_id, r.release_date
    FROM money m
    JOIN documents d ON d.id = m.document_id
    JOIN releases r ON r.id = d.release_id
    WHERE m.kind IN ('grant', 'part') AND m.recipient_ags IS NOT NULL
)
SELECT mentions.recipient_ags || ':' || coalesce(mentions.year, '') || ':' || mentions.amount_cents AS grant_key,
       mentions.recipient_ags, c.name AS recipient, c.landkreis, mentions.year, mentions.amount_cents,
       mentions.amount_cents / 100.0 AS amount_eur, max(mentions.purpose) AS purpose,
       max(mentions.funder) AS funder, MIN(mentions.release_date) AS first_stated,
       COUNT(DISTINCT mentions.release_id) AS releases, COUNT(*) AS mentions,
       json_group_array(mentions.id) AS money_ids,
       json_group_array(DISTINCT mentions.release_id) AS release_ids
FROM mentions
LEFT JOIN communes c ON c.ags = mentions.recipient_ags
GROUP BY mentions.recipient_ags, mentions.year, mentions.amount_cents;

-- Every role each person held, by release date: the registry's memory of offices over time (one row per
-- release, however many renditions and reprints name the person in that role).
CREATE VIEW person_roles AS
SELECT p.id AS person_id, p.name, m.role, m.organisation, m.relation, r.release_date, r.title,
       d.release_id, MIN(m.document_id) AS document_id, MIN(m.id) AS mention_id
FROM people p
JOIN person_mentions m ON m.person_id = p.id
JOIN documents d ON d.id = m.document_id
JOIN releases r ON r.id = d.release_id
WHERE m.role IS NOT NULL
GROUP BY p.id, d.release_id, m.role, m.organisation, m.relation
ORDER BY p.id, r.release_date;

-- One row per signing event, however many releases report it. A report that gives no date joins
-- the dated report of the same municipality and programme, when the archive has one.
CREATE VIEW agreement_events AS
WITH signed AS (
    SELECT a.*, d.release_id, COALESCE(a.date, (
        SELECT MIN(b.date) FROM agreements b
        WHERE b.commune_ags = a.commune_ags AND b.status = 'signed' AND b.date IS NOT NULL
          AND lower(COALESCE(b.programme, b.kind)) = lower(COALESCE(a.programme, a.kind))
    )) AS event_date
    FROM agreements a JOIN documents d ON d.id = a.document_id
    WHERE a.status = 'signed'
)
SELECT s.commune_ags || ':' || COALESCE(s.event_date, 'undated') || ':' || lower(COALESCE(s.programme, s.kind))
           AS event_key,
       s.commune_ags, s.commune, c.landkreis, s.event_date AS date, s.kind, s.programme,
       MAX(s.ordinal) AS ordinal, COUNT(DISTINCT s.release_id) AS sources,
       json_group_array(DISTINCT s.release_id) AS release_ids,
       json_group_array(DISTINCT s.document_id) AS document_ids
FROM signed s LEFT JOIN communes c ON c.ags = s.commune_ags
GROUP BY 1;

-- Per municipality: how many releases mention it, signings, grants and statements, for the map.
CREATE VIEW commune_stats AS
SELECT c.ags, c.name, c.kind, c.landkreis, c.lat AS latitude, c.lon AS longitude, c.population,
       (SELECT COUNT(DISTINCT d.release_id) FROM commune_mentions m JOIN documents d ON d.id = m.document_id
            WHERE m.ags = c.ags) AS releases,
       (SELECT COUNT(*) FROM agreement_events e WHERE e.commune_ags = c.ags) AS agreements,
       (SELECT COUNT(*) FROM grants g WHERE g.recipient_ags = c.ags) AS grants,
       (SELECT COUNT(DISTINCT d.release_id || ':' || f.measure || ':' || f.value)
            FROM commune_mentions m
            JOIN figures f ON f.sentence_id = m.sentence_id
            JOIN documents d ON d.id = f.document_id
            WHERE m.ags = c.ags) AS figures
FROM communes c
WHERE EXISTS (SELECT 1 FROM commune_mentions m WHERE m.ags = c.ags);

-- Incremental findings (extract/audit.py): what the next refresh of the findings must recompute. A build
-- records its keys here in the transaction that marks the findings stale, before its first document is
-- written, and the refresh that stores the findings empties it in the same transaction; a build killed in
-- between leaves the keys for the next one. Keys: 'document:<id>' (a document written, or one of a release it
-- joins), 'measure:<measure>', 'day:<release date>', 'release:<id>' (an undated release), 'quote:<words>'.
CREATE TABLE findings_pending (
    key TEXT PRIMARY KEY
) WITHOUT ROWID;
-- A refresh reads the stored findings of the kinds and statistics it recomputes, not the whole table; of a
-- statistic's history only the findings from the earliest day a build changed on (see audit_statements).
CREATE INDEX findings_kind ON findings(kind, measure, first_date);
CREATE INDEX findings_kind_last ON findings(kind, measure, last_date);
-- The pairs of values conflicting_values has reported for a statistic, by the lower value: a refresh asks
-- only for the pairs the values of its window could form again.
CREATE INDEX findings_pair ON findings(measure, min(json_extract("values", '$[0]'), json_extract("values", '$[1]')))
    WHERE kind = 'conflicting_values';
-- The statements the findings of one statistic compare (count_decreases, conflicting_values,
-- stale_boilerplate), one row each, with what those comparisons read of them: kept by extract/audit.py with
-- the findings, in their transaction, for the documents a refresh recomputes. A build that adds releases to
-- the end of a statistic's history then recomputes its findings from the first day it changed on, reading
-- what came before (the highest running total, a reused sentence's first use, the values in between) from
-- here by index instead of reading the whole history.
CREATE TABLE audit_statements (
    figure_id INTEGER PRIMARY KEY,       -- the statement's figure (figures.id)
    measure_key TEXT NOT NULL,           -- its statistic; 'sample:<measure>' for the project's samples
    day TEXT,                            -- the date it speaks of (as_of, else the release date)
    value REAL NOT NULL,
    low REAL NOT NULL,                   -- the range the statement allows ("rund 100": 95 to 105)
    high REAL NOT NULL,
    release_id INTEGER NOT NULL,
    canonical INTEGER NOT NULL,          -- with document_id and start: the order statements are compared in
    document_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    increment INTEGER NOT NULL,          -- 1: a count of one event ("fünf weitere"), not a running total
    cumulative INTEGER NOT NULL,         -- 1: worded as a running total ("bereits", "insgesamt", "geschlossen")
    boilerplate TEXT                     -- its sentence's key among reused sentences (long enough), else NULL
);
CREATE INDEX audit_statements_day ON audit_statements(measure_key, day);
CREATE INDEX audit_statements_boilerplate ON audit_statements(measure_key, boilerplate, day);
CREATE INDEX audit_statements_document ON audit_statements(document_id);
-- Whether a statistic is a running total: one look-up, however long its history.
CREATE INDEX audit_statements_cumulative ON audit_statements(measure_key) WHERE cumulative = 1;
-- The highest running total before a day: the statistic's counts by value, read from the top.
CREATE INDEX audit_statements_peak ON audit_statements(measure_key, low, day) WHERE increment = 0;
-- The groups a stored finding belongs to, for the kinds not grouped by statistic (extract/audit.py keeps it
-- with the findings, in their transaction): 'ordinal-day:<release date>' and 'ordinal-release:<id>' (an
-- undated release) for ordinal_vs_count, 'ordinal-holds:<release id>' for each release one compares,
-- 'parts-document:<id>' for parts_exceed_total, 'quote:<words>' for quote_two_speakers. A refresh finds the
-- stored findings of its keys by this index instead of reading every finding of those kinds.
CREATE TABLE finding_keys (
    key TEXT NOT NULL,
    id INTEGER NOT NULL,                 -- the finding's (findings.id)
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE INDEX finding_keys_finding ON finding_keys(id);
-- Each quote's words as quote_two_speakers compares them (lower case, runs of non-word characters as one
-- space), for quotes long enough to be compared: the quotes of one group by index, not by reading them all.
-- Kept by extract/audit.py for the documents a refresh recomputes, in the findings' transaction (like the
-- findings, it follows a document's rows at the next refresh, not in the document's own transaction).
CREATE TABLE quote_keys (
    id INTEGER PRIMARY KEY,              -- the quote's (quotes.id)
    key TEXT NOT NULL,
    document TEXT NOT NULL               -- its document's id
);
CREATE INDEX quote_keys_key ON quote_keys(key);
CREATE INDEX quote_keys_document ON quote_keys(document);

-- ======================================================================================================
-- Summaries (extract/summaries.py): what the archive's pages read at a million releases.
-- Each summary table holds, for its key, exactly the rows of the full computation named beside it (the
-- views above). The triggers below put the key of every fact row written or deleted, and of every document
-- moved between releases or release changed, into summary_queue, in the same transaction as the change;
-- summaries.refresh recomputes the queued keys and empties the queue in one transaction at the end of a
-- build. A build killed in between leaves its keys queued: the queue is the stale marker, and the next
-- build (or `pressdb build` with nothing new) completes them.

CREATE TABLE summary_queue (
    kind TEXT NOT NULL CHECK (kind IN ('commune', 'grant', 'signing', 'measure', 'release', 'person')),
    key TEXT NOT NULL,                   -- communes.ags, 'ags|amount_cents', 'ags|programme', figures.measure,
                                         -- releases.id, people.id (a budget is its release's)
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- The grants view, per municipality.
CREATE TABLE grant_summaries (
    grant_key TEXT NOT NULL,
    recipient_ags TEXT NOT NULL,
    recipient TEXT,
    landkreis TEXT,
    year TEXT,
    amount_cents INTEGER NOT NULL,
    amount_eur REAL NOT NULL,
    purpose TEXT,
    funder TEXT,
    first_stated TEXT,
    releases INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    money_ids TEXT NOT NULL,
    release_ids TEXT NOT NULL,
    first_money_id INTEGER               -- the mention shown: the first of the release that first stated it
);
CREATE INDEX grant_summaries_recipient ON grant_summaries(recipient_ags, year, amount_cents);
CREATE INDEX grant_summaries_amount ON grant_summaries(recipient_ags, amount_cents);
CREATE INDEX grant_summaries_year ON grant_summaries(year);

-- Announced budgets per release: the amounts and their years (the release's when the text names none).
CREATE TABLE budget_releases (
    release_id INTEGER NOT NULL,
    year TEXT,
    amount_cents INTEGER NOT NULL
);
CREATE INDEX budget_releases_release ON budget_releases(release_id);
CREATE INDEX budget_releases_amount ON budget_releases(amount_cents, year);
-- Announced budgets: each amount for a year once (grants_per_year), kept with the releases that state it.
CREATE TABLE budget_summaries (
    year TEXT,
    amount_cents INTEGER NOT NULL
);
CREATE INDEX budget_summaries_amount ON budget_summaries(amount_cents);
CREATE INDEX budget_summaries_year ON budget_summaries(year);

-- grants_per_year without a municipality: grants and budgets summed per year.
CREATE TABLE year_summaries (
    year TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('budget', 'grant')),
    total_cents INTEGER NOT NULL,
    amounts INTEGER NOT NULL,
    communes INTEGER NOT NULL,
    PRIMARY KEY (year, kind)
) WITHOUT ROWID;

-- The figure_statements view, per release.
CREATE TABLE statement_summaries (
    release_id INTEGER NOT NULL,
    measure TEXT NOT NULL,
    as_of TEXT,
    value REAL NOT NULL,
    value_max REAL,
    figure_id INTEGER NOT NULL,
    qualifier TEXT,
    unit TEXT NOT NULL,
    predicate TEXT,
    programme TEXT,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    figure_ids TEXT NOT NULL,
    release_date TEXT                    -- the release's date: a value's newest statements by index
);
CREATE INDEX statement_summaries_release ON statement_summaries(release_id);
CREATE INDEX statement_summaries_measure ON statement_summaries(measure, as_of, value, figure_id);
-- A statistic's units counted from the index (the statistics page's unit: the one most statements give).
CREATE INDEX statement_summaries_unit ON statement_summaries(measure, unit);
CREATE INDEX statement_summaries_value ON statement_summaries(value, release_date);

-- history_of_a_figure: each date and value of a statistic once, with the statements that give it.
CREATE TABLE measure_points (
    measure TEXT NOT NULL,
    as_of TEXT,
    value REAL NOT NULL,
    statements INTEGER NOT NULL,
    figure_id INTEGER NOT NULL           -- the latest statement's figure (MAX(figure_id))
);
CREATE INDEX measure_points_measure ON measure_points(measure, as_of, value);

-- The statistics page: one row per statistic, its name's parts and its history (JSON [[as_of, value], ...]).
CREATE TABLE measure_summaries (
    measure TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    predicate TEXT,
    statements INTEGER NOT NULL,
    points TEXT NOT NULL
);

-- The agreement_events view, per municipality, with everyone its reports name (network_timeline).
CREATE TABLE signing_summaries (
    event_key TEXT NOT NULL,
    commune_ags TEXT NOT NULL,
    commune TEXT,
    landkreis TEXT,
    date TEXT,
    kind TEXT,
    programme TEXT,
    ordinal INTEGER,
    sources INTEGER NOT NULL,
    release_ids TEXT NOT NULL,
    document_ids TEXT NOT NULL,
    signatories TEXT NOT NULL,           -- JSON list: every signatory of the reports with this event_key
    witnesses TEXT NOT NULL              -- JSON list
);
CREATE INDEX signing_summaries_date ON signing_summaries(date, commune);
CREATE INDEX signing_summaries_commune ON signing_summaries(commune_ags);
CREATE INDEX signing_summaries_key ON signing_summaries(event_key);

-- What the commune_stats view counts, per release: the municipalities a release names, and the statistics
-- (measure and value) stated in a sentence that names one. Kept per release, so that a build recomputes the
-- rows of the releases it touched only; a municipality's counts are then counts of an index range.
CREATE TABLE commune_releases (
    ags TEXT NOT NULL,
    release_id INTEGER NOT NULL,
    release_date TEXT,                   -- the release's date: a municipality's newest releases by index
    PRIMARY KEY (ags, release_id)
) WITHOUT ROWID;
CREATE INDEX commune_releases_release ON commune_releases(release_id);
CREATE INDEX commune_releases_date ON commune_releases(ags, release_date);
-- The releases that name each person (person_mentions), per release with its date: a person's newest
-- releases by index (the person page), however many name them.
CREATE TABLE person_releases (
    person_id INTEGER NOT NULL,
    release_id INTEGER NOT NULL,
    release_date TEXT,
    PRIMARY KEY (person_id, release_id)
) WITHOUT ROWID;
CREATE INDEX person_releases_release ON person_releases(release_id);
CREATE INDEX person_releases_date ON person_releases(person_id, release_date);
CREATE TABLE commune_release_figures (
    ags TEXT NOT NULL,
    release_id INTEGER NOT NULL,
    measure TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (ags, release_id, measure, value)
) WITHOUT ROWID;
CREATE INDEX commune_release_figures_release ON commune_release_figures(release_id);

-- The commune_stats view (the map), per municipality.
CREATE TABLE commune_summaries (
    ags TEXT PRIMARY KEY,
    name TEXT,
    kind TEXT,
    landkreis TEXT,
    latitude REAL,
    longitude REAL,
    population INTEGER,
    releases INTEGER NOT NULL,
    agreements INTEGER NOT NULL,
    grants INTEGER NOT NULL,
    figures INTEGER NOT NULL
);
CREATE INDEX commune_summaries_releases ON commune_summaries(releases DESC, name);

-- people_and_what_they_signed: one row per signatory and release, with the signings it reports.
CREATE TABLE person_signings (
    person_id INTEGER NOT NULL,
    release_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    surname TEXT NOT NULL,
    role TEXT,
    organisation TEXT,
    as_named TEXT NOT NULL,
    document_id TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    release_date TEXT,
    title TEXT,
    signed TEXT
);
CREATE INDEX person_signings_person ON person_signings(person_id);
CREATE INDEX person_signings_order ON person_signings(surname, release_date);

-- The person_roles view, per person: every role a person is named with, once per release.
CREATE TABLE role_summaries (
    person_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation TEXT,
    relation TEXT,
    release_date TEXT,
    title TEXT,
    release_id INTEGER NOT NULL,
    document_id TEXT NOT NULL,
    mention_id INTEGER NOT NULL
);
CREATE INDEX role_summaries_person ON role_summaries(person_id, release_date);
CREATE INDEX role_summaries_date ON role_summaries(release_date);

-- Indexes the pages need: a signing's reports, an amount or ordinal checked, a person's quotes, findings by date.
CREATE INDEX agreements_event ON agreements(event_key);
-- A municipality's signings of one programme (what a build recomputes for a signing it touched).
CREATE INDEX agreements_programme ON agreements(commune_ags, lower(COALESCE(programme, kind)));
CREATE INDEX money_amount ON money(amount_cents, kind);
-- One grant's mentions (a municipality and an amount): what a build recomputes for a grant it touched.
CREATE INDEX money_grant ON money(recipient_ags, amount_cents);
-- The releases and documents tables' facets and the start page's examples, from indexes.
CREATE INDEX releases_issuer ON releases(issuer);
CREATE INDEX releases_year ON releases(year);
CREATE INDEX releases_sample ON releases(sample, release_date);
CREATE INDEX documents_role ON documents(release_role);
CREATE INDEX documents_sample ON documents(sample);
-- A document's release without reading its row (the texts stand before release_id): every join through documents.
CREATE INDEX documents_id_release ON documents(id, release_id);
-- A municipality's statistics: the figures in the sentences that name it.
CREATE INDEX figures_sentence ON figures(sentence_id);
-- The dates and agreements tables' default order.
CREATE INDEX dates_value ON dates(value);
CREATE INDEX agreements_date ON agreements(date);
CREATE INDEX ordinals_value ON ordinals(value);
CREATE INDEX quotes_person ON quotes(person_id);
CREATE INDEX findings_last ON findings(last_date, id);
-- The releases each finding compares (findings.release_ids), kept by triggers with the findings: the findings
-- of a municipality's newest releases by index (its page), not by reading every finding's JSON.
CREATE TABLE finding_releases (
    release_id INTEGER NOT NULL,
    finding_id INTEGER NOT NULL,
    PRIMARY KEY (release_id, finding_id)
) WITHOUT ROWID;
CREATE INDEX finding_releases_finding ON finding_releases(finding_id);
CREATE TRIGGER finding_releases_ai AFTER INSERT ON findings BEGIN
    INSERT OR IGNORE INTO finding_releases (release_id, finding_id)
        SELECT j.value, new.id FROM json_each(new.release_ids) j WHERE j.type = 'integer';
END;
CREATE TRIGGER finding_releases_ad AFTER DELETE ON findings BEGIN
    DELETE FROM finding_releases WHERE finding_id = old.id;
END;
CREATE INDEX findings_measure ON findings(measure, last_date);

-- Every name in agreements.signatories and .witnesses, kept by triggers: a person's signings by index.
CREATE TABLE agreement_people (
    name TEXT NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('signatory', 'witness')),
    agreement_id INTEGER NOT NULL,
    PRIMARY KEY (name, relation, agreement_id)
) WITHOUT ROWID;
CREATE INDEX agreement_people_agreement ON agreement_people(agreement_id);
CREATE TRIGGER agreement_people_ai AFTER INSERT ON agreements BEGIN
    INSERT OR IGNORE INTO agreement_people (name, relation, agreement_id)
        SELECT j.value, 'signatory', new.id FROM json_each(new.signatories) j WHERE j.type = 'text'
        UNION ALL
        SELECT j.value, 'witness', new.id FROM json_each(new.witnesses) j WHERE j.type = 'text';
END;
CREATE TRIGGER agreement_people_ad AFTER DELETE ON agreements BEGIN
    DELETE FROM agreement_people WHERE agreement_id = old.id;
END;

-- The queue: the keys each written or deleted fact row touches.
CREATE TRIGGER summary_money_ai AFTER INSERT ON money BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'grant', new.recipient_ags || '|' || new.amount_cents
        WHERE new.kind IN ('grant', 'part') AND new.recipient_ags IS NOT NULL;
END;
CREATE TRIGGER summary_money_ad AFTER DELETE ON money BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'grant', old.recipient_ags || '|' || old.amount_cents
        WHERE old.kind IN ('grant', 'part') AND old.recipient_ags IS NOT NULL;
END;
CREATE TRIGGER summary_figures_ai AFTER INSERT ON figures BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('measure', new.measure);
END;
CREATE TRIGGER summary_figures_ad AFTER DELETE ON figures BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('measure', old.measure);
END;
CREATE TRIGGER summary_agreements_ai AFTER INSERT ON agreements BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'signing', new.commune_ags || '|' || lower(COALESCE(new.programme, new.kind))
        WHERE new.commune_ags IS NOT NULL;
END;
CREATE TRIGGER summary_agreements_ad AFTER DELETE ON agreements BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'signing', old.commune_ags || '|' || lower(COALESCE(old.programme, old.kind))
        WHERE old.commune_ags IS NOT NULL;
END;
CREATE TRIGGER summary_commune_mentions_ai AFTER INSERT ON commune_mentions WHEN new.ags IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('commune', new.ags);
END;
CREATE TRIGGER summary_commune_mentions_ad AFTER DELETE ON commune_mentions WHEN old.ags IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('commune', old.ags);
END;
CREATE TRIGGER summary_person_mentions_ai AFTER INSERT ON person_mentions
WHEN new.person_id IS NOT NULL AND (new.relation = 'signatory' OR new.role IS NOT NULL) BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('person', new.person_id);
END;
CREATE TRIGGER summary_person_mentions_ad AFTER DELETE ON person_mentions
WHEN old.person_id IS NOT NULL AND (old.relation = 'signatory' OR old.role IS NOT NULL) BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('person', old.person_id);
END;
-- A document that leaves a release or moves to another, and a release whose date, year, title or canonical
-- document changes, touch every key of that document's (that release's) facts. A new document joins its
-- release after its facts were written, and a new release is filled from its first document: their keys
-- are queued already, only the release is.
CREATE TRIGGER summary_documents_au AFTER UPDATE OF release_id, release_role ON documents
WHEN old.release_id IS NOT new.release_id OR old.release_role IS NOT new.release_role BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'release', old.release_id WHERE old.release_id IS NOT NULL
        UNION ALL SELECT 'release', new.release_id WHERE new.release_id IS NOT NULL;
END;
CREATE TRIGGER summary_documents_moved AFTER UPDATE OF release_id, release_role ON documents
WHEN old.release_id IS NOT NULL AND (old.release_id IS NOT new.release_id OR old.release_role IS NOT new.release_role)
BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'grant', m.recipient_ags || '|' || m.amount_cents FROM money m
        WHERE m.document_id = new.id AND m.kind IN ('grant', 'part') AND m.recipient_ags IS NOT NULL
        UNION ALL SELECT 'measure', f.measure FROM figures f WHERE f.document_id = new.id
        UNION ALL SELECT 'signing', a.commune_ags || '|' || lower(COALESCE(a.programme, a.kind)) FROM agreements a
        WHERE a.document_id = new.id AND a.commune_ags IS NOT NULL
        UNION ALL SELECT 'commune', c.ags FROM commune_mentions c WHERE c.document_id = new.id AND c.ags IS NOT NULL
        UNION ALL SELECT 'person', p.person_id FROM person_mentions p
            WHERE p.document_id = new.id AND p.person_id IS NOT NULL AND p.relation = 'signatory';
END;
CREATE TRIGGER summary_releases_au AFTER UPDATE ON releases
WHEN old.release_date IS NOT new.release_date OR old.year IS NOT new.year OR old.document_id IS NOT new.document_id
     OR old.title IS NOT new.title BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('release', new.id);
END;
CREATE TRIGGER summary_releases_changed AFTER UPDATE ON releases
WHEN (old.release_date IS NOT new.release_date OR old.year IS NOT new.year OR old.document_id IS NOT new.document_id
      OR old.title IS NOT new.title)
     AND NOT (old.release_date IS NULL AND old.year IS NULL AND old.title IS NULL AND old.document_id = new.document_id)
BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key)
        SELECT 'grant', m.recipient_ags || '|' || m.amount_cents FROM documents d JOIN money m ON m.document_id = d.id
        WHERE d.release_id = new.id AND m.kind IN ('grant', 'part') AND m.recipient_ags IS NOT NULL
        UNION ALL SELECT 'measure', f.measure FROM documents d JOIN figures f ON f.document_id = d.id
        WHERE d.release_id = new.id
        UNION ALL SELECT 'signing', a.commune_ags || '|' || lower(COALESCE(a.programme, a.kind))
        FROM documents d JOIN agreements a ON a.document_id = d.id
        WHERE d.release_id = new.id AND a.commune_ags IS NOT NULL
        UNION ALL SELECT 'commune', c.ags FROM documents d JOIN commune_mentions c ON c.document_id = d.id
        WHERE d.release_id = new.id AND c.ags IS NOT NULL
        UNION ALL SELECT 'person', p.person_id FROM documents d JOIN person_mentions p ON p.document_id = d.id
        WHERE d.release_id = new.id AND p.person_id IS NOT NULL AND p.relation = 'signatory';
END;
-- A document or release written with its release already set (a shard merged in bulk) is queued too.
CREATE TRIGGER summary_documents_ai AFTER INSERT ON documents WHEN new.release_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('release', new.release_id);
END;
CREATE TRIGGER summary_releases_ai AFTER INSERT ON releases BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('release', new.id);
END;
CREATE TRIGGER summary_releases_ad AFTER DELETE ON releases BEGIN
    INSERT OR IGNORE INTO summary_queue (kind, key) VALUES ('release', old.id);
END;

-- Facet counts: how many rows of a table hold each value of a column its table page facets by (metadata.yml:
-- facets of type "counted", extract/datasette_plugin/facets.py). The page of a table without filters reads
-- its facets here instead of grouping every row (at a million releases some 100 ms a facet). Kept by the
-- triggers below in the transaction that writes the rows; a value whose rows are gone keeps a count of 0
-- (pages show counts above 0); summaries.rebuild counts everything anew. NULL is not counted, as
-- Datasette's facets skip it.
CREATE TABLE facet_counts (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    value NOT NULL,                      -- as stored in the column (no type: text stays text, numbers numbers)
    count INTEGER NOT NULL,
    PRIMARY KEY (table_name, column_name, value)
) WITHOUT ROWID;
CREATE TRIGGER facet_releases_ai AFTER INSERT ON releases BEGIN
    INSERT INTO facet_counts (table_name, column_name, value, count)
        SELECT 'releases', c, v, 1 FROM (
            SELECT 'issuer' AS c, new.issuer AS v
            UNION ALL SELECT 'year', new.year
            UNION ALL SELECT 'sample', new.sample
        ) WHERE v IS NOT NULL
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER facet_releases_ad AFTER DELETE ON releases BEGIN
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'releases' AND column_name = 'issuer' AND value = old.issuer;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'releases' AND column_name = 'year' AND value = old.year;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'releases' AND column_name = 'sample' AND value = old.sample;
END;
CREATE TRIGGER facet_releases_au AFTER UPDATE OF issuer, year, sample ON releases
WHEN old.issuer IS NOT new.issuer OR old.year IS NOT new.year OR old.sample IS NOT new.sample BEGIN
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'releases' AND column_name = 'issuer' AND value = old.issuer
            AND old.issuer IS NOT new.issuer;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'releases' AND column_name = 'year' AND value = old.year AND old.year IS NOT new.year;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'releases' AND column_name = 'sample' AND value = old.sample
            AND old.sample IS NOT new.sample;
    INSERT INTO facet_counts (table_name, column_name, value, count)
        SELECT 'releases', c, v, 1 FROM (
            SELECT 'issuer' AS c, new.issuer AS v, old.issuer IS NOT new.issuer AS changed
            UNION ALL SELECT 'year', new.year, old.year IS NOT new.year
            UNION ALL SELECT 'sample', new.sample, old.sample IS NOT new.sample
        ) WHERE changed AND v IS NOT NULL
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER facet_findings_ai AFTER INSERT ON findings BEGIN
    INSERT INTO facet_counts (table_name, column_name, value, count)
        SELECT 'findings', c, v, 1 FROM (
            SELECT 'kind' AS c, new.kind AS v
            UNION ALL SELECT 'measure', new.measure
        ) WHERE v IS NOT NULL
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER facet_findings_ad AFTER DELETE ON findings BEGIN
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'findings' AND column_name = 'kind' AND value = old.kind;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'findings' AND column_name = 'measure' AND value = old.measure;
END;
CREATE TRIGGER facet_findings_au AFTER UPDATE OF kind, measure ON findings
WHEN old.kind IS NOT new.kind OR old.measure IS NOT new.measure BEGIN
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'findings' AND column_name = 'kind' AND value = old.kind AND old.kind IS NOT new.kind;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'findings' AND column_name = 'measure' AND value = old.measure
            AND old.measure IS NOT new.measure;
    INSERT INTO facet_counts (table_name, column_name, value, count)
        SELECT 'findings', c, v, 1 FROM (
            SELECT 'kind' AS c, new.kind AS v, old.kind IS NOT new.kind AS changed
            UNION ALL SELECT 'measure', new.measure, old.measure IS NOT new.measure
        ) WHERE changed AND v IS NOT NULL
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER facet_grant_summaries_ai AFTER INSERT ON grant_summaries BEGIN
    INSERT INTO facet_counts (table_name, column_name, value, count)
        SELECT 'grant_summaries', c, v, 1 FROM (
            SELECT 'recipient' AS c, new.recipient AS v
            UNION ALL SELECT 'year', new.year
            UNION ALL SELECT 'landkreis', new.landkreis
        ) WHERE v IS NOT NULL
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER facet_grant_summaries_ad AFTER DELETE ON grant_summaries BEGIN
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'grant_summaries' AND column_name = 'recipient' AND value = old.recipient;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'grant_summaries' AND column_name = 'year' AND value = old.year;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'grant_summaries' AND column_name = 'landkreis' AND value = old.landkreis;
END;
CREATE TRIGGER facet_grant_summaries_au AFTER UPDATE OF recipient, year, landkreis ON grant_summaries
WHEN old.recipient IS NOT new.recipient OR old.year IS NOT new.year OR old.landkreis IS NOT new.landkreis BEGIN
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'grant_summaries' AND column_name = 'recipient' AND value = old.recipient
            AND old.recipient IS NOT new.recipient;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'grant_summaries' AND column_name = 'year' AND value = old.year AND old.year IS NOT new.year;
    UPDATE facet_counts SET count = count - 1
        WHERE table_name = 'grant_summaries' AND column_name = 'landkreis' AND value = old.landkreis
            AND old.landkreis IS NOT new.landkreis;
    INSERT INTO facet_counts (table_name, column_name, value, count)
        SELECT 'grant_summaries', c, v, 1 FROM (
            SELECT 'recipient' AS c, new.recipient AS v, old.recipient IS NOT new.recipient AS changed
            UNION ALL SELECT 'year', new.year, old.year IS NOT new.year
            UNION ALL SELECT 'landkreis', new.landkreis, old.landkreis IS NOT new.landkreis
        ) WHERE changed AND v IS NOT NULL
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
