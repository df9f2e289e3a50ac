"""News-to-warehouse pipeline: French news articles to a DuckDB star schema."""
