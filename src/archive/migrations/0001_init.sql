-- factline archive, schema version 1. One text for SQLite and PostgreSQL: only types and
-- statements both accept. Ids are derived from the path (see archive::record::article_id),
-- so no engine-specific auto-increment is needed and two writers agree on every id.

CREATE TABLE articles (
    id BIGINT PRIMARY KEY,
    -- The file's absolute path, or a URL.
    path TEXT NOT NULL UNIQUE,
    headline TEXT NOT NULL,
    -- The article's reference date (dateline, else its first full date), ISO 8601, or NULL.
    date TEXT,
    -- SHA-256 of the article's text, hex: unchanged files are skipped, and a workspace
    -- article with the same text is never compared with its archived copy.
    content_hash TEXT NOT NULL
);
CREATE INDEX articles_content_hash ON articles (content_hash);

-- One row per quantity statement of an article.
CREATE TABLE statements (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    low DOUBLE PRECISION NOT NULL,
    high DOUBLE PRECISION NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    source TEXT,
    -- The whole statement (quantity key, values, topics, position) as JSON, read back into
    -- the workspace's Statement so the same decision judges archived and open statements.
    body TEXT NOT NULL,
    PRIMARY KEY (article_id, ord)
);

-- The lookup keys of each statement: "dimension<US>head word", one per dimension it converts
-- to and head word. A draft asks for its own keys only, never sends its text. `date` is the
-- article's ('' when unknown, sorting first), so the newest statements of a key are read off
-- the end of the index without sorting all of them.
CREATE TABLE statement_keys (
    key TEXT NOT NULL,
    date TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    PRIMARY KEY (key, date, article_id, ord)
);
CREATE INDEX statement_keys_article ON statement_keys (article_id);

-- Each entity an article mentions: its stable id (knowledge-base id or name slug), how often,
-- and where ("start-end,start-end").
CREATE TABLE entity_mentions (
    entity TEXT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    mentions INTEGER NOT NULL,
    spans TEXT NOT NULL,
    PRIMARY KEY (entity, article_id)
);
CREATE INDEX entity_mentions_article ON entity_mentions (article_id);
