"""Ingestion: landed files to `raw.articles` and `audit.landed_files` (entry point: `run.ingest_landing`).

The per-file rules (`parse.parse_article`) are pure, so other stages can re-read a landed file the
same way without a database.
"""
