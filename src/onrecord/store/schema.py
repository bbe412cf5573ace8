"""The store's SQLite schema, its version, and the migrations that build it.

One file, WAL journal, foreign keys on. Every table below is written only by
:mod:`onrecord.store`; anyone may read it (``onrecord query sql``, the web
viewer, outside scripts), so its names are a public interface: extend with a
new migration, never rename.

Tables (version 5)
------------------
``schema_version(version, applied)``
    One row per migration applied; the store's version is ``MAX(version)``.

``documents`` — one row per distinct text (the record's ``text``):
    ``pk`` INTEGER PRIMARY KEY (the key other tables join on, as ``doc``),
    ``sha256`` TEXT UNIQUE (of the record's text; re-adding the same text is
    a no-op), ``id`` (the record id: file name without extension, its path below a folder given, or the id
    given), ``input_sha256`` (of the input bytes as read; lets a re-run skip
    inputs it already holds without parsing them), ``origin`` (where the
    input came from: a path, ``stdin``, ``file.jsonl:3``), ``published`` (ISO date
    or NULL), ``headline``, ``publisher``, ``url``, ``text``,
    ``n_entities``, ``n_attributions``, ``n_quantities``, ``n_times``,
    ``record`` (the full record, JSON of DESIGN.md's contract), ``added``
    (UTC ISO time).

``entities`` — the document entities:
    ``pk``, ``doc`` → documents.pk, ``eid`` (the id inside the record, "e3"),
    ``key`` (the cross-document key :attr:`onrecord.model.Entity.key`,
    e.g. "person:kim jong un"), ``name`` (canonical name), ``type`` (spaCy
    label), ``n_mentions``. Unique on (doc, eid).

``mentions``:
    ``pk``, ``doc``, ``entity`` → entities.pk, ``start``, ``end``, ``text``
    (case-insensitive), ``kind`` (name | partial | pronoun | description).

``attributions``:
    ``pk``, ``doc``, ``aid`` ("a1"), ``kind``, ``content`` (the content's
    text, parts of a split quote joined by a space), ``content_start``,
    ``content_end`` (from the first part's start to the last part's end),
    ``cue``, ``cue_start``, ``cue_end``, ``source``, ``source_start``,
    ``source_end``, ``speaker`` (entity id inside the record, "e1"),
    ``speaker_key`` (that entity's cross-document key), ``speaker_name``
    (its canonical name), ``speaker_type``, ``addressee``, ``hedged``
    (0/1), ``confidence``, ``json`` (the attribution as in the record).

``quantities``:
    ``pk``, ``doc``, ``start``, ``end``, ``text``, ``kind``, ``low``,
    ``high``, ``value``, ``approx``, ``unit``, ``counted``.

``times``:
    ``pk``, ``doc``, ``start``, ``end``, ``text``, ``type``, ``value``,
    ``tstart``, ``tend`` (the interval; ``start``/``end`` name the span),
    ``anchored``, ``approx``.

``failures`` — documents that could not be processed:
    ``pk``, ``id`` (the document), ``stage``, ``reason``, ``origin``, ``input_sha256``,
    ``time`` (UTC ISO, of the latest occurrence), ``count`` (how many runs
    met it). Unique on (id, stage, reason), so a re-run does not pile up
    copies.

``sources`` (version 2) — every input that gave a document's text:
    ``pk``, ``doc`` → documents.pk, ``id``, ``origin``, ``input_sha256``,
    ``added``. Unique on (doc, id, origin). A corpus often holds the same
    article twice (the BBC corpus: 98 of 2,225 files repeat another's
    text); the document is stored once and each copy is a source row, so
    "is every input in the store?" has an answer. Re-runs skip inputs
    whose ``input_sha256`` is here.

``story_members`` (version 4) — each document's story (:mod:`onrecord.store.stories`):
    ``doc`` → documents.pk, ``story`` (the story's id: the documents.pk of its first
    document), ``n_shingles`` and ``signature`` (the body's MinHash signature).
    ``story_bands(band, doc)`` is its LSH index.

``trail_members`` (version 4) — each stretch of quoted words in its trail
(:mod:`onrecord.store.trails`): ``pk``, ``attr`` → attributions.pk, ``part`` (the
attribution's n-th quoted stretch), ``doc``, ``trail`` (the trail's id: its first member's
pk), ``start``, ``end`` (the span in the document's text), ``words`` (the words compared),
``speaker`` (the speaker's cross-document key), ``published``, ``altered`` (0/1: the words
differ from the trail's reference beyond cuts, punctuation and case), ``other_speaker`` (0/1:
credited to another speaker than the trail's most frequent one), ``diff`` (JSON: the changed
word runs, ``[op, reference words, these words]``). ``trail_grams(gram, trail)`` is its
word-trigram index (each trail's trigrams, once).

``attributions.said_start``, ``said_end``, ``said_from`` (version 4): when the statement was made
    (the record's ``said_at``: ISO dates, and "text" or "published" for where they come from).

``attribution_about`` (version 4) — whom an attribution is about (the record's ``about``):
    ``attr`` → attributions.pk, ``entity`` → entities.pk (an entity of the same document).

``corrections`` (version 5) — a reviewer's corrections (:mod:`onrecord.store.corrections`), kept
apart from what the pipeline produced: ``pk`` (the correction's id), ``doc`` (the document's
sha256: no foreign key, so a correction outlives its document's rows being re-made),
``doc_id``, ``target`` (document | attribution | span), ``change`` (wrong | speaker | content |
source | add), ``aid`` (the attribution's id when it was made), ``anchor`` (JSON: that
attribution's content spans ``[{"start", "end", "text"}]``, by which a re-run finds it again),
``value`` (JSON: the change's values: ``spans``, ``cue``, ``source``, ``kind``, ``entity`` with
``entity_name`` and ``entity_type``, ``name``), ``who``, ``at`` (UTC ISO time), ``reason``,
``undone`` (when undone, else NULL; an undone correction is kept), and what became of it the last
time it was applied: ``status`` (applied | moved | not_applied | undone), ``note``, ``applied_to``
(the attribution's id in the corrected view).

``attributions.layer``, ``attributions.corrections`` (version 5; ``aid`` unique per document and
layer since then): the rows of the pipeline and of the
corrected view side by side. ``layer`` 0: the pipeline's, uncorrected (in both views); 1: the
pipeline's, changed or marked wrong by a correction (raw view only); 2: made by corrections, a
changed or added attribution (corrected view only). ``corrections``: the ids of the corrections that
changed the row (comma-separated), else NULL. The corrected view is ``layer != 1``, the raw one
``layer != 2``; every read of the store shows the corrected view unless asked for the raw one.
Rows of layer 2 are in ``attributions_fts``, ``attribution_about`` and trails (``trail_members``,
linked when a correction is made or undone; reads pick a view's appearances by their layer).

``documents_fts`` (FTS5 over ``documents.text``) and ``attributions_fts``
(FTS5 over ``attributions.content``) are external-content indexes (the text
is stored once, in its table): ``SELECT ... FROM attributions_fts WHERE
attributions_fts MATCH '"interest rates"'`` gives ``rowid`` = attributions.pk.
Since version 3 the store fills them itself, one ``INSERT ... SELECT`` per
index for a batch's new rows inside the batch's transaction (so a killed
ingest leaves rows and index in step); triggers keep them in step on DELETE.
Version 1 and 2 filled them from AFTER INSERT triggers: a trigger makes
every row's INSERT open a statement savepoint, and FTS5 writes its pending
terms to disk at each savepoint, so each document and each attribution
became its own index segment to merge; that cost more than all the other
writes of an ingest together (BBC, 300 articles: ~40 % of ``Store.add``).
Anything else that writes these tables must fill the indexes the same way.

Migrations
----------
``MIGRATIONS[n]`` takes a database at version ``n`` to ``n + 1``; each runs
in its own transaction together with the row that records it, so a migration
killed half-way leaves the previous version intact.
"""

from __future__ import annotations

from .stories import STORIES_DDL
from .trails import TRAILS_DDL

SCHEMA_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    applied TEXT NOT NULL
)
"""

# The attributions table as version 1 made it (its columns, indexes and FTS delete trigger), written
# once: version 5 builds the table again with these columns and more, and makes the indexes and the
# trigger again. The migration scripts below are the same text as when they were released.
_ATTRIBUTION_COLUMNS = """    pk INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    aid TEXT NOT NULL,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    source TEXT COLLATE NOCASE,
    source_start INTEGER,
    source_end INTEGER,
    speaker TEXT,
    speaker_key TEXT,
    speaker_name TEXT COLLATE NOCASE,
    speaker_type TEXT NOT NULL,
    addressee TEXT,
    hedged INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL,
    json TEXT NOT NULL,
"""
_ATTRIBUTION_INDEXES = """CREATE INDEX attributions_speaker_key ON attributions(speaker_key);
CREATE INDEX attributions_speaker_name ON attributions(speaker_name);
CREATE INDEX attributions_kind ON attributions(kind);
"""
_ATTRIBUTIONS_FTS_DELETE = """CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN
    INSERT INTO attributions_fts(attributions_fts, rowid, content) VALUES ('delete', old.pk, old.content);
END;
"""

_V1 = """
CREATE TABLE documents (
    pk INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    id TEXT NOT NULL,
    input_sha256 TEXT,
    origin TEXT,
    published TEXT,
    headline TEXT,
    publisher TEXT,
    url TEXT,
    text TEXT NOT NULL,
    n_entities INTEGER NOT NULL DEFAULT 0,
    n_attributions INTEGER NOT NULL DEFAULT 0,
    n_quantities INTEGER NOT NULL DEFAULT 0,
    n_times INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL,
    added TEXT NOT NULL
);
CREATE INDEX documents_id ON documents(id);
CREATE INDEX documents_input ON documents(input_sha256);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE entities (
    pk INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    type TEXT NOT NULL,
    n_mentions INTEGER NOT NULL DEFAULT 0,
    UNIQUE (doc, eid)
);
CREATE INDEX entities_key ON entities(key);
CREATE INDEX entities_type ON entities(type);

CREATE TABLE mentions (
    pk INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    entity INTEGER NOT NULL REFERENCES entities(pk) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL COLLATE NOCASE,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_text ON mentions(text);

CREATE TABLE attributions (
""" + _ATTRIBUTION_COLUMNS + """    UNIQUE (doc, aid)
);
""" + _ATTRIBUTION_INDEXES + """
CREATE TABLE quantities (
    pk INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    low REAL,
    high REAL,
    value REAL,
    approx INTEGER NOT NULL DEFAULT 0,
    unit TEXT,
    counted TEXT
);
CREATE INDEX quantities_doc ON quantities(doc);

CREATE TABLE times (
    pk INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    tstart TEXT,
    tend TEXT,
    anchored INTEGER NOT NULL DEFAULT 1,
    approx INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX times_doc ON times(doc);
CREATE INDEX times_value ON times(value);

CREATE TABLE failures (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    origin TEXT,
    input_sha256 TEXT,
    time TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    UNIQUE (id, stage, reason)
);

CREATE VIRTUAL TABLE documents_fts USING fts5(text, content='documents', content_rowid='pk');
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, text) VALUES (new.pk, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END;

CREATE VIRTUAL TABLE attributions_fts USING fts5(content, content='attributions', content_rowid='pk');
CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN
    INSERT INTO attributions_fts(rowid, content) VALUES (new.pk, new.content);
END;
""" + _ATTRIBUTIONS_FTS_DELETE

_V2 = """
CREATE TABLE sources (
    pk INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    id TEXT NOT NULL,
    origin TEXT,
    input_sha256 TEXT,
    added TEXT NOT NULL
);
CREATE UNIQUE INDEX sources_unique ON sources(doc, id, COALESCE(origin, ''));
CREATE INDEX sources_input ON sources(input_sha256);
CREATE INDEX sources_doc ON sources(doc);
INSERT INTO sources(doc, id, origin, input_sha256, added) SELECT pk, id, origin, input_sha256, added FROM documents;
"""

# Version 3: the store fills the FTS indexes per batch (see the module docstring); rows already
# indexed stay as they are.
_V3 = """
DROP TRIGGER documents_fts_insert;
DROP TRIGGER attributions_fts_insert;
"""

# Version 4: stories (copies of one article) and quote trails; the documents stored before are
# linked by the migration itself, in its transaction (core.migrate: LINKED_SINCE), and each batch
# after links its own. And whom each attribution is about (records made before carry no `about`:
# nothing to fill).
_V4 = STORIES_DDL + TRAILS_DDL + """
CREATE TABLE attribution_about (
    attr INTEGER NOT NULL REFERENCES attributions(pk) ON DELETE CASCADE,
    entity INTEGER NOT NULL REFERENCES entities(pk) ON DELETE CASCADE,
    UNIQUE (attr, entity)
);
CREATE INDEX attribution_about_entity ON attribution_about(entity);
ALTER TABLE attributions ADD COLUMN said_start TEXT;
ALTER TABLE attributions ADD COLUMN said_end TEXT;
ALTER TABLE attributions ADD COLUMN said_from TEXT;
CREATE INDEX attributions_said ON attributions(said_start, said_end);
"""

# Version 5: corrections, and the rows of the corrected view beside the pipeline's (layer): an
# attribution's id is then unique per document and layer, and SQLite changes a table's UNIQUE
# constraint only by building the table again (pks kept, so the FTS index and the rows that join on
# them hold; whom each is about is kept aside while the old table's drop cascades to it).
_V5 = """
CREATE TABLE corrections (
    pk INTEGER PRIMARY KEY,
    doc TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    target TEXT NOT NULL,
    change TEXT NOT NULL,
    aid TEXT,
    anchor TEXT NOT NULL DEFAULT '[]',
    value TEXT NOT NULL DEFAULT '{}',
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT,
    undone TEXT,
    status TEXT NOT NULL DEFAULT 'applied',
    note TEXT,
    applied_to TEXT
);
CREATE INDEX corrections_doc ON corrections(doc);
CREATE TABLE attributions_v5 (
""" + _ATTRIBUTION_COLUMNS + """    said_start TEXT,
    said_end TEXT,
    said_from TEXT,
    layer INTEGER NOT NULL DEFAULT 0,
    corrections TEXT,
    UNIQUE (doc, aid, layer)
);
INSERT INTO attributions_v5(pk, doc, aid, kind, content, content_start, content_end, cue, cue_start, cue_end,
    source, source_start, source_end, speaker, speaker_key, speaker_name, speaker_type, addressee, hedged,
    confidence, json, said_start, said_end, said_from)
SELECT pk, doc, aid, kind, content, content_start, content_end, cue, cue_start, cue_end, source, source_start,
    source_end, speaker, speaker_key, speaker_name, speaker_type, addressee, hedged, confidence, json, said_start,
    said_end, said_from FROM attributions;
CREATE TEMP TABLE attribution_about_v5 AS SELECT attr, entity FROM attribution_about;
DROP TABLE attributions;
ALTER TABLE attributions_v5 RENAME TO attributions;
INSERT OR IGNORE INTO attribution_about(attr, entity) SELECT attr, entity FROM attribution_about_v5;
DROP TABLE temp.attribution_about_v5;
""" + _ATTRIBUTION_INDEXES + """CREATE INDEX attributions_said ON attributions(said_start, said_end);
CREATE INDEX attributions_doc_layer ON attributions(doc, layer);
""" + _ATTRIBUTIONS_FTS_DELETE

# MIGRATIONS[n] takes version n to n + 1. Append; never edit a released entry.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5)
LINKED_SINCE = 4  # the version that brought stories and trails
SCHEMA_VERSION = len(MIGRATIONS)

# The tables `export` writes, in order, and the columns it leaves out of each
# (the full record JSON belongs in the JSON Lines export, not in a flat table).
TABLES: tuple[str, ...] = (
    "documents", "sources", "entities", "mentions", "attributions", "quantities", "times", "failures",
    "story_members", "trail_members", "attribution_about", "corrections",
)
EXPORT_SKIP: dict[str, frozenset[str]] = {"documents": frozenset({"record"}), "story_members": frozenset({"signature"})}
