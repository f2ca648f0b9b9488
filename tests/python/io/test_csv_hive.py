"""Hive partitions in CSV reads: `key=value` folders become typed columns,
the same way read_parquet reads them, and a filter on them skips files."""

import datetime

import pytest

import lode


def write_dataset(root):
    for year in (2022, 2023):
        for region in ("north", "south"):
            folder = root / f"year={year}" / f"region={region}"
            folder.mkdir(parents=True)
            (folder / "data.csv").write_text(f"v,w\n{year}1,{region}\n{year}2,{region}\n")


def test_partition_columns_follow_the_file_columns(tmp_path):
    write_dataset(tmp_path)
    frame = lode.read_csv(str(tmp_path / "**" / "*.csv"))
    assert frame.columns == ["v", "w", "year", "region"]
    assert [str(t) for t in frame.dtypes] == ["int64", "string", "int64", "string"]
    assert frame["year"].to_list() == [2022] * 4 + [2023] * 4
    assert frame["region"].to_list() == ["north", "north", "south", "south"] * 2
    lazy = lode.scan_csv(str(tmp_path / "*" / "*" / "*.csv")).collect()
    assert lazy.to_dict() == frame.to_dict()


def test_a_single_file_gets_its_folders_values(tmp_path):
    write_dataset(tmp_path)
    frame = lode.read_csv(tmp_path / "year=2023" / "region=south" / "data.csv")
    assert frame.to_dict() == {"v": [20231, 20232], "w": ["south", "south"], "year": [2023, 2023],
                               "region": ["south", "south"]}


def test_turned_off_and_selected_by_columns(tmp_path):
    write_dataset(tmp_path)
    pattern = str(tmp_path / "**" / "*.csv")
    assert lode.read_csv(pattern, hive_partitioning=False).columns == ["v", "w"]
    assert lode.scan_csv(pattern, hive_partitioning=False).collect().columns == ["v", "w"]
    picked = lode.read_csv(pattern, columns=["region", "v"])
    assert picked.columns == ["v", "region"]
    assert picked["region"].to_list()[:2] == ["north", "north"]
    with pytest.raises(lode.SchemaError, match="did you mean 'region'"):
        lode.read_csv(pattern, columns=["regoin"])


def test_dates_nulls_and_strings(tmp_path):
    for day in ("2012-01-01", "2013-06-30", "__HIVE_DEFAULT_PARTITION__"):
        folder = tmp_path / f"day={day}" / f"code={'007' if day.startswith('2012') else 'x1'}"
        folder.mkdir(parents=True)
        (folder / "t.csv").write_text("a\n1\n")
    frame = lode.read_csv(str(tmp_path / "**" / "*.csv"))
    assert [str(t) for t in frame.dtypes] == ["int64", "date32", "string"]
    assert sorted(frame["day"].to_list(), key=str) == [datetime.date(2012, 1, 1), datetime.date(2013, 6, 30), None]
    assert frame["code"].to_list() == ["007", "x1", "x1"]


def test_a_file_column_wins_over_a_partition_of_its_name(tmp_path):
    folder = tmp_path / "v=7"
    folder.mkdir()
    (folder / "t.csv").write_text("v\n1\n2\n")
    assert lode.read_csv(folder / "t.csv").to_dict() == {"v": [1, 2]}


def test_files_of_different_partition_keys_raise(tmp_path):
    for folder in (tmp_path / "k=1", tmp_path / "j=2"):
        folder.mkdir()
        (folder / "t.csv").write_text("a\n1\n")
    with pytest.raises(lode.SchemaError, match="partition folders differ"):
        lode.read_csv(str(tmp_path / "*" / "t.csv"))
    assert lode.read_csv(str(tmp_path / "*" / "t.csv"), hive_partitioning=False).height == 2


@pytest.mark.parametrize("predicate, reads, rows", [
    (lode.col("year") == 2023, 2, 4),
    (lode.col("region") == "south", 2, 4),
    ((lode.col("year") > 2022) & (lode.col("region") != "north"), 1, 2),
    (lode.col("year") == 1999, 0, 0),
    (lode.col("v") > 20221, 4, 6),  # a file column: every file is read
])
def test_a_filter_on_partition_columns_skips_files(tmp_path, predicate, reads, rows):
    write_dataset(tmp_path)
    lazy = lode.scan_csv(str(tmp_path / "**" / "*.csv")).filter(predicate).select("v", "region")
    result, profile = lazy.profile()
    assert result.height == rows
    assert f"splits read: {reads}, skipped: {4 - reads}" in profile
