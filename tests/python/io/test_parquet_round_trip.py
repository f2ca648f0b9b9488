"""lode writes Parquet and reads it back equal: every core type, every codec,
nulls, dictionary and plain fallback, several row groups; plus the reading
options (columns, globs, folders, Hive partitions) and their errors."""

import datetime
import os
import random
from decimal import Decimal

import pytest

import lode

CODECS = ["snappy", "zstd", "gzip", "lz4", "brotli", "uncompressed"]


def random_frame(rows, seed):
    generator = random.Random(seed)

    def maybe(value):
        return None if generator.random() < 0.1 else value

    return lode.DataFrame({
        "b": [maybe(generator.random() < 0.5) for _ in range(rows)],
        "i8": [maybe(generator.randint(-128, 127)) for _ in range(rows)],
        "i16": [maybe(generator.randint(-2**15, 2**15 - 1)) for _ in range(rows)],
        "i32": [maybe(generator.randint(-2**31, 2**31 - 1)) for _ in range(rows)],
        "i64": [maybe(generator.randint(-2**63, 2**63 - 1)) for _ in range(rows)],
        "u8": [maybe(generator.randint(0, 255)) for _ in range(rows)],
        "u16": [maybe(generator.randint(0, 2**16 - 1)) for _ in range(rows)],
        "u32": [maybe(generator.randint(0, 2**32 - 1)) for _ in range(rows)],
        "u64": [maybe(generator.randint(0, 2**64 - 1)) for _ in range(rows)],
        "f32": [maybe(float(generator.randint(-1000, 1000)) / 4) for _ in range(rows)],
        "f64": [maybe(generator.uniform(-1e9, 1e9)) for _ in range(rows)],
        "low_cardinality": [maybe(f"key{generator.randint(0, 20)}") for _ in range(rows)],
        "unique": [maybe(f"value-{index}-" + "x" * generator.randint(0, 30)) for index in range(rows)],
        "d": [maybe(datetime.date(1970, 1, 1) + datetime.timedelta(days=generator.randint(-30000, 30000)))
              for _ in range(rows)],
        "ts": [maybe(datetime.datetime(2000, 1, 1) + datetime.timedelta(microseconds=generator.randint(-2**50, 2**50)))
               for _ in range(rows)],
        "dec": [maybe(Decimal(generator.randint(-10**8, 10**8)) / 100) for _ in range(rows)],
        "dec_wide": [maybe(Decimal(generator.randint(-10**25, 10**25)) / 10**6) for _ in range(rows)],
    }, schema={"i8": lode.Int8, "i16": lode.Int16, "i32": lode.Int32, "u8": lode.UInt8, "u16": lode.UInt16,
               "u32": lode.UInt32, "u64": lode.UInt64, "f32": lode.Float32, "dec": lode.Decimal128(10, 2),
               "dec_wide": lode.Decimal128(32, 6)})


@pytest.mark.parametrize("compression", CODECS)
def test_every_type_round_trips(tmp_path, compression):
    frame = random_frame(3000, seed=len(compression))
    path = tmp_path / "t.parquet"
    frame.write_parquet(path, compression=compression, row_group_size=700)
    back = lode.read_parquet(path)
    assert back.dtypes == frame.dtypes
    assert back.to_dict() == frame.to_dict()


def test_time_zone_and_empty_frames_round_trip(tmp_path):
    frame = lode.DataFrame({"t": [datetime.datetime(2024, 5, 1, 12, 0), None]}, schema={"t": lode.Timestamp("Asia/Tokyo")})
    frame.write_parquet(tmp_path / "tz.parquet")
    assert lode.read_parquet(tmp_path / "tz.parquet").dtypes == frame.dtypes
    empty = lode.DataFrame({"a": lode.Series("a", [], dtype=lode.Int64).to_list(), "s": []},
                           schema={"a": lode.Int64, "s": lode.String})
    empty.write_parquet(tmp_path / "empty.parquet")
    back = lode.read_parquet(tmp_path / "empty.parquet")
    assert back.shape == (0, 2) and back.dtypes == [lode.Int64, lode.String]


def test_all_null_and_constant_columns(tmp_path):
    frame = lode.DataFrame({"n": [None] * 100, "c": ["same"] * 100}, schema={"n": lode.Float64})
    frame.write_parquet(tmp_path / "t.parquet", row_group_size=30)
    assert lode.read_parquet(tmp_path / "t.parquet").to_dict() == frame.to_dict()


def test_columns_are_projected(tmp_path):
    frame = random_frame(100, seed=1)
    frame.write_parquet(tmp_path / "t.parquet")
    back = lode.read_parquet(tmp_path / "t.parquet", columns=["unique", "i8"])
    assert back.columns == ["unique", "i8"]
    assert back.to_dict() == frame.select("unique", "i8").to_dict()
    with pytest.raises(lode.SchemaError, match="uniqe|unique"):
        lode.read_parquet(tmp_path / "t.parquet", columns=["uniqe"])
    with pytest.raises(lode.InvalidInputError, match="selects no column"):
        lode.read_parquet(tmp_path / "t.parquet", columns=[])
    assert lode.read_parquet(tmp_path / "t.parquet", columns="i8").columns == ["i8"]


def test_globs_folders_and_hive_partitions(tmp_path):
    for year in (2022, 2023):
        for part in range(2):
            folder = tmp_path / f"year={year}" / f"region=r{part}"
            folder.mkdir(parents=True)
            lode.DataFrame({"v": [year * 10 + part]}).write_parquet(folder / "data.parquet")
    (tmp_path / "_SUCCESS").write_text("")
    whole = lode.read_parquet(tmp_path)
    assert whole.columns == ["v", "year", "region"]
    assert whole.to_dict() == {"v": [20220, 20221, 20230, 20231], "year": [2022, 2022, 2023, 2023],
                               "region": ["r0", "r1", "r0", "r1"]}
    globbed = lode.read_parquet(str(tmp_path / "year=2023" / "*" / "*.parquet"))
    assert globbed.to_dict() == {"v": [20230, 20231], "year": [2023, 2023], "region": ["r0", "r1"]}
    plain = lode.read_parquet(tmp_path, hive_partitioning=False)
    assert plain.columns == ["v"]
    # A file named alone has the partition columns of its folders too.
    listed = lode.read_parquet([tmp_path / "year=2022" / "region=r0" / "data.parquet"])
    assert listed.to_dict() == {"v": [20220], "year": [2022], "region": ["r0"]}


def test_write_errors(tmp_path):
    frame = lode.DataFrame({"a": [1]})
    with pytest.raises(lode.InvalidInputError, match="did you mean 'snappy'"):
        frame.write_parquet(tmp_path / "t.parquet", compression="snapy")
    with pytest.raises(lode.InvalidInputError, match="row_group_size"):
        frame.write_parquet(tmp_path / "t.parquet", row_group_size=0)
    with pytest.raises(lode.IOError):
        frame.write_parquet(tmp_path / "missing-folder" / "t.parquet")
    assert os.listdir(tmp_path) == []


def test_large_dictionary_falls_back_to_plain(tmp_path):
    values = [f"{index:08d}" * 20 for index in range(20000)]  # 3.2 MB of distinct strings
    frame = lode.DataFrame({"s": values})
    frame.write_parquet(tmp_path / "t.parquet", compression="uncompressed")
    assert lode.read_parquet(tmp_path / "t.parquet").to_dict() == {"s": values}


def test_docstring_examples():
    import doctest

    import lode.parquet_io
    assert doctest.testmod(lode.parquet_io, optionflags=doctest.ELLIPSIS).failed == 0


def test_memory_limit_gives_a_clear_error(tmp_path):
    frame = lode.datagen.groupby(200_000, k=10, seed=1)
    frame.write_parquet(tmp_path / "t.parquet")
    limit = lode.memory_limit()
    lode.set_memory_limit(lode.memory_usage() + 1_000_000)
    try:
        with pytest.raises(lode.OutOfMemoryError):
            lode.read_parquet(tmp_path / "t.parquet")
    finally:
        lode.set_memory_limit(limit)
    assert lode.read_parquet(tmp_path / "t.parquet").height == 200_000


@pytest.mark.slow
@pytest.mark.parametrize("compression", ["snappy", "zstd"])
def test_large_table_round_trips(tmp_path, compression):
    import numpy as np
    frame = lode.datagen.groupby(3_000_000, k=100, nas=5, seed=2)
    frame.write_parquet(tmp_path / "big.parquet", compression=compression, row_group_size=500_000)
    back = lode.read_parquet(tmp_path / "big.parquet")
    for name in frame.columns:
        left, right = frame.get_column(name), back.get_column(name)
        assert left.null_count() == right.null_count()
        if name.startswith("id") and name[-1] in "123":
            assert left.to_list()[::997] == right.to_list()[::997]
        else:
            assert np.array_equal(left.to_numpy(), right.to_numpy(), equal_nan=True)


def test_scan_parquet_prunes_row_groups_and_sink_parquet_streams(tmp_path):
    import numpy as np

    n = 200_000
    frame = lode.DataFrame({"i": np.arange(n), "g": (np.arange(n) // 1000) % 50, "s": [f"v{i % 10}" for i in range(n)]})
    path = tmp_path / "t.parquet"
    frame.write_parquet(path, row_group_size=10_000)
    lazy = lode.scan_parquet(str(path)).filter(lode.col("i") < 15_000).select("s")
    plan = lazy.explain()
    assert "columns: [i, s]" in plan and "filters: [(col(\"i\") < 15000)]" in plan
    result, profile = lazy.profile()
    assert result.height == 15_000
    assert "splits read: 2, skipped: 18" in profile
    out = tmp_path / "out.parquet"
    lode.scan_parquet(str(path)).filter(lode.col("g") == 7).with_columns((lode.col("i") * 2).alias("j")).sink_parquet(
        out, compression="zstd", row_group_size=1000)
    back = lode.read_parquet(str(out))
    expected = [i for i in range(n) if (i // 1000) % 50 == 7]
    assert back["i"].to_list() == expected and back["j"].to_list() == [2 * i for i in expected]
