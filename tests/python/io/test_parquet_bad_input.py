"""Malformed Parquet input ends in a clear lode error: the bad_data corpus,
encrypted files, truncated files and files with flipped bytes (never a
crash, a hang or a huge allocation)."""

import random

import pytest

import lode

from parquet_corpus import CURATED, SHARED, TESTING

pytestmark = pytest.mark.usefixtures("shared_testdata")  # fails, never skips, without it

BAD = SHARED / "parquet-bad"


def read_flat(path):
    """Reads every column lode can read (the others are left out), through the scan."""
    from lode import _lode
    from lode.lazy import LazyFrame
    return LazyFrame(_lode.plan_scan_parquet([str(path)], True, [])).collect()


@pytest.mark.parametrize("name,message", [
    ("PARQUET-1481.parquet", "invalid physical type -7"),
    ("ARROW-RS-GH-6229-DICTHEADER.parquet", "corrupt Parquet"),
    ("ARROW-GH-47662.parquet", "fewer values than it claims"),
    ("ARROW-GH-41317.parquet", "pages hold 0 values for a row group of 3 rows"),
    ("ARROW-GH-41321.parquet", "not enough levels"),
])
def test_bad_data_is_rejected(name, message):
    with pytest.raises(lode.ParseError, match=message) as caught:
        read_flat(BAD / name)
    assert caught.value.path.endswith(name)


def test_negative_dictionary_count_is_named():
    with pytest.raises(lode.ParseError, match="negative value count -26") as caught:
        lode.read_parquet(BAD / "ARROW-RS-GH-6229-DICTHEADER.parquet", columns=["name"])
    assert caught.value.column == "name" and caught.value.row_group == 0


def test_bit_width_zero_dictionary_reads_zeros():
    frame = lode.read_parquet(BAD / "ARROW-GH-43605.parquet")
    values = frame.get_column("min_fl").to_list()
    assert len(values) == 21186 and set(values) == {0}


@pytest.mark.parametrize("name,message,column", [
    ("ARROW-GH-45185.parquet", "the first value continues a record", "x"),
    ("ARROW-RS-GH-6229-LEVELS.parquet", "more values than the chunk's metadata says", "outer.list.item.c"),
])
def test_bad_nested_files_are_refused(name, message, column):
    with pytest.raises(lode.ParseError, match=message) as caught:
        lode.read_parquet(BAD / name)
    assert caught.value.column == column and caught.value.row_group == 0


def test_every_encrypted_file_is_refused():
    files = sorted(TESTING.glob("data/**/*.parquet.encrypted"))
    assert len(files) >= 10
    for path in files:
        with pytest.raises(lode.NotSupportedError, match="encrypted"):
            lode.read_parquet(path)


def test_not_parquet_and_missing(tmp_path):
    text = tmp_path / "text.parquet"
    text.write_text("hello, this is not parquet at all")
    with pytest.raises(lode.ParseError, match="PAR1"):
        lode.read_parquet(text)
    tiny = tmp_path / "tiny.parquet"
    tiny.write_bytes(b"PAR1")
    with pytest.raises(lode.ParseError, match="only 4 bytes"):
        lode.read_parquet(tiny)
    with pytest.raises(lode.IOError, match="no file matches"):
        lode.read_parquet(tmp_path / "missing.parquet")


def test_footer_length_that_lies(tmp_path):
    data = bytearray((CURATED / "alltypes_plain.parquet").read_bytes())
    data[-8:-4] = (2**31).to_bytes(4, "little")
    path = tmp_path / "lying.parquet"
    path.write_bytes(bytes(data))
    with pytest.raises(lode.ParseError, match="footer claims"):
        lode.read_parquet(path)


GOOD_FILES = ["alltypes_plain.parquet", "alltypes_dictionary.parquet", "datapage_v2_empty_datapage.snappy.parquet",
              "delta_byte_array.parquet", "delta_encoding_optional_column.parquet", "rle_boolean_encoding.parquet",
              "byte_stream_split.zstd.parquet", "fixed_length_decimal.parquet", "int32_with_null_pages.parquet",
              "lz4_raw_compressed.parquet", "hadoop_lz4_compressed.parquet", "concatenated_gzip_members.parquet"]


@pytest.fixture
def one_thread():
    """Runs reads on the calling thread: thousands of tiny reads finish
    faster without waking workers on a busy machine."""
    before = lode.threads()
    lode.set_threads(1)
    yield
    lode.set_threads(before)


def _read_or_error(path):
    try:
        read_flat(path)
    except lode.Error as error:
        assert not isinstance(error, lode.InternalError), str(error)


@pytest.mark.parametrize("name", GOOD_FILES)
def test_truncated_files(tmp_path, name, one_thread):
    data = (CURATED / name).read_bytes()
    path = tmp_path / name
    for length in sorted(set([0, 1, 4, 8, 12, len(data) // 2, len(data) - 9, len(data) - 8, len(data) - 1]
                             + list(range(0, len(data), max(1, len(data) // 40))))):
        path.write_bytes(data[:length])
        with pytest.raises(lode.Error):
            read_flat(path)


@pytest.mark.parametrize("name", GOOD_FILES)
def test_flipped_bytes_give_an_error_or_a_reading(tmp_path, name, one_thread):
    data = (CURATED / name).read_bytes()
    generator = random.Random(hash(name) & 0xFFFF)
    path = tmp_path / name
    offsets = list(range(len(data))) if len(data) <= 400 else generator.sample(range(len(data)), 400)
    for offset in offsets:
        damaged = bytearray(data)
        damaged[offset] ^= 1 << generator.randrange(8) if generator.random() < 0.5 else 0xFF
        path.write_bytes(bytes(damaged))
        _read_or_error(path)
