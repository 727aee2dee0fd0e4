-- factline archive, schema version 3, SQLite only: no index of the lookup keys by article.
-- Its rows landed all over it (article ids are hashes), so every import commit rewrote most
-- of its pages; it was a seventh of an import's CPU at 10,000 articles. A writer finds the keys
-- of an article it replaces or removes through the article's statements instead (each body
-- names its keys; see archive::record::body_keys), deleting each by the table's primary key.
-- PostgreSQL keeps its index: its writers delete a whole batch's keys in one statement.

DROP INDEX IF EXISTS statement_keys_article;
