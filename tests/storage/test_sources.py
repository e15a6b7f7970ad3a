import zipfile

from storage.ingest import ingest, list_inputs
from storage.series import series
from storage.sources import classify
from tests.ingest_time import NOW
from tests.storage.street_files import street_csv, street_row


def test_an_archive_in_the_published_layout_is_ingested_and_other_files_skipped(db, tmp_path):
    archive = tmp_path / "2020-02.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for month in ("2020-01", "2020-02"):
            zf.writestr(
                f"{month}/{month}-lancashire-street.csv",
                street_csv([street_row(month, "Shoplifting")]),
            )
            zf.writestr(f"{month}/{month}-lancashire-outcomes.csv", "Crime ID,Month\n")
            zf.writestr(f"{month}/{month}-lancashire-stop-and-search.csv", "Type,Date\n")
    report = ingest(db, list_inputs([archive]), now=NOW)
    assert len(report.street_files) == 2 and len(report.skipped) == 4
    assert series(db, "shoplifting", "lancashire").tolist() == [1.0, 1.0]


def test_several_forces_are_kept_apart(db, tmp_path):
    for force, name, lsoa in (
        ("lancashire", "Lancashire Constabulary", "Preston 001A"),
        ("merseyside", "Merseyside Police", "Liverpool 001A"),
    ):
        row = street_row("2020-01", "Robbery", lsoa, **{"Falls within": name, "Reported by": name})
        (tmp_path / f"2020-01-{force}-street.csv").write_text(street_csv([row]))
    ingest(db, list_inputs([tmp_path]), now=NOW)
    assert series(db, "robbery", "lancashire").tolist() == [1.0]
    assert series(db, "robbery", "merseyside").tolist() == [1.0]


def test_classify_by_name_then_header():
    assert classify("x/2020-01-lancashire-street.csv", b"") == "street"
    assert classify("2020-01-lancashire-outcomes.csv", b"") == "skipped"
    assert classify("mine.csv", b"month,indicator,area,value\n") == "long"
    assert classify("areas.csv", b"local_authority,division\n") == "areas"
