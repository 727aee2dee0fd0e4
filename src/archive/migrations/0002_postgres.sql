-- factline archive, schema version 2, PostgreSQL only (after 0002_statement_format.sql): no
-- foreign keys from the per-article tables to articles. Each key checked a row of articles
-- for every statement, lookup key and entity row written (about 90 an article, each a
-- lookup and a row lock), most of the server's work in an import. Writers keep the relation
-- themselves: an article's rows are deleted before it is rewritten or removed, in the same
-- transaction. (SQLite writers turn its checks off instead: it cannot drop a constraint.)

ALTER TABLE statements DROP CONSTRAINT IF EXISTS statements_article_id_fkey;
ALTER TABLE statement_keys DROP CONSTRAINT IF EXISTS statement_keys_article_id_fkey;
ALTER TABLE entity_mentions DROP CONSTRAINT IF EXISTS entity_mentions_article_id_fkey;
