"""The ingestion stage against real DuckDB files: statuses, conservation, idempotence, the seeds."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from news_warehouse.config import PROJECT_ROOT, Settings
from news_warehouse.db import reader
from news_warehouse.ingest.run import IngestReport, ingest_landing
from tests.fixtures.hostile_corpus import (
    AMAZON_LUXEMBOURG,
    CNIL_GOOGLE,
    HOSTILE_SCRIPT_MARKER,
    OUTSIDE_SECRET,
    SQL_INJECTION,
    TIKTOK_IRLANDE,
    X_BRUXELLES,
    build_hostile_corpus,
)

SEEDS = PROJECT_ROOT / "seeds"


def settings_for(root: Path) -> Settings:
    return Settings(landing_dir=root / "landing", warehouse_path=root / "wh" / "news.duckdb")


def query(settings: Settings, sql: str) -> list[tuple]:
    with reader(settings.build_path) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, str], IngestReport]:
    root = tmp_path_factory.mktemp("hostile")
    settings = settings_for(root)
    expected = build_hostile_corpus(settings.landing_dir, root / "outside")
    return settings, expected, ingest_landing(settings, "run-1")


@pytest.fixture()
def seeded(tmp_path: Path) -> Settings:
    settings = settings_for(tmp_path)
    shutil.copytree(SEEDS, settings.landing_dir)
    return settings


def test_hostile_corpus_gets_the_expected_statuses(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, expected, report = hostile
    statuses = dict(query(settings, "select source_file, status from audit.landed_files"))
    assert statuses == expected
    assert report.ingested + report.duplicate + report.quarantined == report.landed == len(expected)
    assert (report.ingested, report.duplicate) == (7, 1)


def test_every_non_ingested_entry_says_why(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, _, _ = hostile
    rows = query(settings, "select status, reason, article_key from audit.landed_files")
    assert all((reason is None) == (status == "ingested") for status, reason, _ in rows)
    assert all((key is None) == (status == "quarantined") for status, _, key in rows)
    (duplicate_reason,) = [reason for status, reason, _ in rows if status == "duplicate"]
    assert "06_amazon_luxembourg_bom.txt" in duplicate_reason


def test_the_link_is_not_followed(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, _, _ = hostile
    (link,) = query(settings, "select content_sha256, reason from audit.landed_files where source_file = '13_lien_vers_dehors.txt'")
    assert link[0] is None and "not followed" in link[1]
    secret_sentence = OUTSIDE_SECRET.split("\n")[2][:60]
    bodies = [body for (body,) in query(settings, "select body from raw.articles")]
    assert bodies and not any(secret_sentence in body for body in bodies)


def test_script_text_never_reaches_a_body(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, _, _ = hostile
    (page,) = query(settings, "select title, body, published_date, source_format from raw.articles where source_file = '09_apple_page.html'")
    assert page[0] == "Bruxelles inflige 1,8 milliard d'euros d'amende à Apple"
    assert HOSTILE_SCRIPT_MARKER not in page[1] and "dataLayer" not in page[1] and "font-family" not in page[1]
    assert (page[2], page[3]) == (date(2024, 3, 4), "html")
    bodies = [body for (body,) in query(settings, "select body from raw.articles")]
    assert not any(HOSTILE_SCRIPT_MARKER in body for body in bodies)


def test_sql_in_an_article_is_stored_as_text(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, _, _ = hostile
    (body,) = [body for (body,) in query(settings, "select body from raw.articles where source_file = '14_injection_sql.txt'")]
    assert SQL_INJECTION in body
    assert query(settings, "select count(*) from raw.articles")[0][0] == 7


def test_encodings_are_recorded_and_text_is_intact(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, _, _ = hostile
    encodings = dict(query(settings, "select source_file, detected_encoding from raw.articles"))
    assert encodings["04_cnil_google_cp1252.txt"] == "cp1252"
    assert encodings["05_tiktok_irlande_utf16.txt"] == "utf-16-le"
    assert encodings["06_amazon_luxembourg_bom.txt"] == "utf-8-sig"
    (cnil,) = query(settings, "select body, published_date, published_precision from raw.articles where source_file = '04_cnil_google_cp1252.txt'")
    assert "90 millions € pour Google LLC" in cnil[0] and "mettre en œuvre" in cnil[0]
    assert cnil[0] == CNIL_GOOGLE.split("\n\n", 2)[2].strip()
    assert cnil[1:] == (date(2022, 1, 6), "day")


def test_every_article_column_is_filled(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, _, _ = hostile
    rows = query(
        settings,
        "select count(*) from raw.articles where article_key = left(content_sha256, 16) and language = 'fr' "
        "and source_format is not null and detected_encoding is not null and run_id = 'run-1' and ingested_at is not null",
    )
    assert rows == [(7,)]
    sizes = query(settings, "select count(*) from audit.landed_files where size_bytes is null")
    assert sizes == [(1,)]  # only the link has no size of its own


def test_rerun_adds_nothing_and_new_or_changed_files_are_seen(seeded: Settings) -> None:
    first = ingest_landing(seeded, "run-1")
    assert (first.landed, first.ingested) == (5, 5)

    again = ingest_landing(seeded, "run-2")
    assert (again.skipped_already_seen, again.entries) == (5, [])
    assert query(seeded, "select count(*) from audit.landed_files") == [(5,)]

    shutil.copy(SEEDS / "003_2f3cbe184e4c7538.txt", seeded.landing_dir / "nouveau.txt")
    (seeded.landing_dir / "inédit.txt").write_text(CNIL_GOOGLE, encoding="utf-8")
    added = ingest_landing(seeded, "run-3")
    assert [(entry.source_file, entry.status) for entry in added.entries] == [("inédit.txt", "ingested"), ("nouveau.txt", "duplicate")]

    changed = seeded.landing_dir / "inédit.txt"
    changed.write_text(CNIL_GOOGLE.replace("trois mois", "six mois"), encoding="utf-8")
    seen_again = ingest_landing(seeded, "run-4")
    assert [(entry.source_file, entry.status) for entry in seen_again.entries] == [("inédit.txt", "ingested")]
    assert query(seeded, "select count(*) from audit.landed_files where source_file = 'inédit.txt'") == [(2,)]
    assert query(seeded, "select count(*) from raw.articles") == [(7,)]
    # numbered in arrival order, each run after the ones before (db.number_articles)
    numbers = query(seeded, "select run_id, article_seq from raw.articles order by article_seq")
    assert [number for _, number in numbers] == list(range(1, 8))
    assert [run for run, _ in numbers] == ["run-1"] * 5 + ["run-3", "run-4"]


def test_seeds_ingest_with_titles_dates_and_clean_bodies(seeded: Settings) -> None:
    report = ingest_landing(seeded, "run-1")
    assert report.ingested == 5
    rows = query(seeded, "select source_file, title, body, published_date, published_precision from raw.articles order by source_file")
    articles = {source[:3]: (title, body, published, precision) for source, title, body, published, precision in rows}

    title, body, published, precision = articles["000"]
    assert (published, precision) == (date(2017, 9, 1), "month")
    assert body.startswith("Entre Donald Trump et Mark Zuckerberg") and "date 2017" not in body

    title, body, published, precision = articles["004"]
    assert title == "Pour son dernier jour au travail, un employé désactive le compte Twitter de Donald Trump"
    assert (published, precision) == (date(2017, 11, 3), "day")
    assert body.startswith("Donald Trump, habitué des réseaux sociaux")
    assert body.endswith("l’auteur de l’attentat de New York.")
    for furniture in ("Enregistrer", "Soutenez", "à partir de 1€", "Comment pouvez-vous nous aider", "Mis à jour"):
        assert furniture not in body

    title, body, _, _ = articles["003"]
    assert title == "Donald Trump veut retourner sur Facebook, l’ancien président demande la levée des sanctions"
    for furniture in ("Leave a Reply", "Your email address", "Crédit : Wikimedia"):
        assert furniture not in body
    assert "Donald Trump\n" not in body  # the photo caption above the credit went with it
    assert body.endswith("que Meta finisse par débloquer son compte.")

    assert articles["002"][0] == "Donald Trump se sert d’un tweet pour faire taire les rumeurs sur l’ingérence Russe"
    assert articles["001"][1].startswith("Le PDG de Twitter, Jack Dorsey")
    assert all(body == body.strip() and "\r" not in body and "\n\n\n" not in body for _, body, _, _ in articles.values())


def test_hostile_rerun_adds_nothing_not_even_for_links_or_huge_files(hostile: tuple[Settings, dict[str, str], IngestReport]) -> None:
    settings, expected, _ = hostile
    again = ingest_landing(settings, "run-2")
    assert (again.landed, again.skipped_already_seen, again.entries) == (len(expected), len(expected), [])
    assert query(settings, "select count(*) from audit.landed_files") == [(len(expected),)]



def _record(title: str, text: str, **fields: str) -> str:
    return json.dumps({"title": title, "text": text, **fields}, ensure_ascii=False)


TIKTOK_BODY = TIKTOK_IRLANDE.split("\n\n", 2)[2]
TIKTOK_URL = "https://journal.example/tiktok-irlande"


@pytest.fixture()
def feeds(tmp_path: Path) -> Settings:
    """A landing with one record file, one JSON file that is no record, and a JSON Lines feed."""
    settings = settings_for(tmp_path)
    (settings.landing_dir / "flux").mkdir(parents=True)
    tiktok = _record("TikTok condamné en Irlande", TIKTOK_BODY, date="2023-09-15T18:02:00+02:00", url=TIKTOK_URL)
    (settings.landing_dir / "tiktok.json").write_text(tiktok, encoding="utf-8")
    (settings.landing_dir / "config.json").write_text('{"retries": 3, "verbose": true}', encoding="utf-8")
    lines = [
        _record("Bruxelles contre X", "Le 18 décembre 2023\n\n" + X_BRUXELLES.split("\n\n", 1)[1]),
        "",
        '{"title": "Sans texte", "url": "https://journal.example/vide"}',
        "{pas du json",
        tiktok,  # the same record as tiktok.json, which comes later in path order: that file is the duplicate
    ]
    (settings.landing_dir / "flux" / "jour.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return settings


def test_records_and_feed_lines_are_audited_one_entry_each(feeds: Settings) -> None:
    report = ingest_landing(feeds, "run-1")
    audit = {row[0]: row[1:] for row in query(feeds, "select source_file, status, reason, size_bytes from audit.landed_files")}
    assert {name: status for name, (status, _, _) in audit.items()} == {
        "config.json": "quarantined",
        "flux/jour.jsonl:1": "ingested",
        "flux/jour.jsonl:3": "quarantined",
        "flux/jour.jsonl:4": "quarantined",
        "flux/jour.jsonl:5": "ingested",
        "tiktok.json": "duplicate",
    }
    assert audit["config.json"][1].startswith("not an article record")
    assert audit["flux/jour.jsonl:3"][1].startswith("article record with no text")
    assert audit["flux/jour.jsonl:4"][1].startswith("not valid JSON")
    assert audit["flux/jour.jsonl:4"][2] == len(b"{pas du json")  # a line's own size, not the file's
    assert report.landed == report.ingested + report.duplicate + report.quarantined == 6


def test_records_store_url_and_where_the_date_was_read(feeds: Settings) -> None:
    ingest_landing(feeds, "run-1")
    rows = query(feeds, "select source_file, url, published_date, published_source, source_format from raw.articles order by 1")
    assert rows == [
        ("flux/jour.jsonl:1", None, date(2023, 12, 18), "printed", "json"),
        ("flux/jour.jsonl:5", TIKTOK_URL, date(2023, 9, 15), "metadata", "json"),
    ]


def test_a_feed_rerun_adds_nothing_and_appended_lines_are_picked_up(feeds: Settings) -> None:
    ingest_landing(feeds, "run-1")
    again = ingest_landing(feeds, "run-2")
    assert (again.landed, again.skipped_already_seen, again.entries) == (6, 6, [])

    feed = feeds.landing_dir / "flux" / "jour.jsonl"
    with feed.open("a", encoding="utf-8") as handle:
        handle.write(_record("Amazon au Luxembourg", AMAZON_LUXEMBOURG.split("\n\n", 1)[1]) + "\n")
    appended = ingest_landing(feeds, "run-3")
    assert [(entry.source_file, entry.status) for entry in appended.entries] == [("flux/jour.jsonl:6", "ingested")]
    assert appended.skipped_already_seen == 6


def test_a_feed_that_cannot_be_split_is_one_quarantined_entry(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    settings.landing_dir.mkdir(parents=True)
    (settings.landing_dir / "vide.ndjson").write_text("\n\n", encoding="utf-8")
    report = ingest_landing(settings, "run-1")
    assert [(entry.source_file, entry.status) for entry in report.entries] == [("vide.ndjson", "quarantined")]
    assert report.entries[0].reason.startswith("JSON Lines file with no record")
