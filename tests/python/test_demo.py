import lode.demo


def test_demo_runs_on_small_data(capsys):
    lode.demo.main(["--rows", "20000", "--k", "10"])
    out = capsys.readouterr().out
    assert "shape: (20000, 9)" in out
    assert "shares lode's memory: True" in out
    assert "lode.OutOfMemoryError" in out
    assert "q10 sum v3 count by id1:id6" in out and "total" in out
    assert "q5 big inner on int" in out
