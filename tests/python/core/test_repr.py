import lode


def test_repr_shows_shape_types_and_values():
    text = repr(lode.DataFrame({"a": [1, None], "name": ["x", "y"]}))
    lines = text.splitlines()
    assert lines[0] == "shape: (2, 2)"
    assert "│ a    ┆ name │" in text
    assert "│ i64  ┆ str  │" in text
    assert '│ null ┆ "y"  │' in text


def test_long_frames_show_head_and_tail():
    frame = lode.DataFrame({"n": list(range(100))})
    text = repr(frame)
    assert "│ 0   │" in text and "│ 99  │" in text and "│ …   │" in text
    assert "│ 50  │" not in text
    assert text.count("\n") < 20


def test_wide_frames_elide_columns():
    frame = lode.DataFrame({f"c{i}": [i] for i in range(30)})
    header = repr(frame).splitlines()[2]
    assert "c0" in header and "c29" in header and "…" in header and "c15" not in header


def test_series_repr():
    assert repr(lode.Series("s", [1.5, 2.0])).startswith("shape: (2,)")
