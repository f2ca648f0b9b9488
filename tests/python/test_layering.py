"""tests/check_layering.py passes on this repository and names each
wrong-way include (file, line, include) in a made-up tree."""

import importlib.util
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SCRIPT = REPOSITORY / "tests" / "check_layering.py"

spec = importlib.util.spec_from_file_location("check_layering", SCRIPT)
check_layering = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layering)


def make_tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_repository_is_layered():
    result = subprocess.run([sys.executable, str(SCRIPT), str(REPOSITORY)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_every_area_has_a_rule():
    areas = {path.name for path in (REPOSITORY / "src" / "lode").iterdir() if path.is_dir()}
    assert areas <= set(check_layering.ALLOWED)


def test_a_wrong_way_include_fails_with_file_line_and_include(tmp_path):
    make_tree(tmp_path, {
        "src/lode/core/column.h": '#pragma once\n#include "lode/core/buffer.h"\n',
        "src/lode/plan/binder.cpp": '#include "lode/plan/binder.h"\n#include "lode/io/csv/csv_source.h"\n',
        "src/lode/io/csv/csv_source.cpp": '#include <vector>\n\n#include "lode/exec/pipeline.h"\n',
        "src/lode/sql/parser.cpp": '#include "lode/plan/logical_plan.h"\n#  include <lode/exec/executor.h>\n',
        "src/python/module.cpp": '#include "lode/exec/executor.h"\n',
    })
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        'src/lode/io/csv/csv_source.cpp:3: wrong-way include "lode/exec/pipeline.h": '
        "src/lode/io/ may include only lode/io/, lode/core/",
        'src/lode/sql/parser.cpp:2: wrong-way include "lode/exec/executor.h": '
        "src/lode/sql/ may include only lode/sql/, lode/core/, lode/io/, lode/plan/",
    ]
    assert "2 problem(s)" in result.stderr


def test_an_upward_cmake_link_fails(tmp_path):
    make_tree(tmp_path, {"src/lode/io/CMakeLists.txt": "add_library(lode_io OBJECT a.cpp)\n"
                                                      "target_link_libraries(lode_io PUBLIC\n  lode_core lode_plan)\n"})
    assert check_layering.check(tmp_path) == [
        "src/lode/io/CMakeLists.txt:2: lode_io links lode_plan: src/lode/io/ may use only lode/io/, lode/core/"]


def test_an_area_without_a_rule_fails(tmp_path):
    make_tree(tmp_path, {"src/lode/misc/thing.h": "#pragma once\n"})
    assert check_layering.check(tmp_path) == [
        "src/lode/misc/: area 'misc' has no layering rule; add it to ALLOWED in tests/check_layering.py"]


def test_an_internal_header_stays_in_its_folder(tmp_path):
    make_tree(tmp_path, {
        "src/lode/io/parquet/page_internal.h": "#pragma once\n",
        "src/lode/io/parquet/page_reader.cpp": '#include "lode/io/parquet/page_internal.h"\n',
        "src/lode/io/csv/csv_source.cpp": '#include "lode/io/parquet/page_internal.h"\n',
    })
    assert check_layering.check(tmp_path) == [
        'src/lode/io/csv/csv_source.cpp:1: "lode/io/parquet/page_internal.h" is internal to src/lode/io/parquet/ '
        "and may be included only there"]
