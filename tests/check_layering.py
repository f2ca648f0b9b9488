#!/usr/bin/python3
"""Checks that each area under src/lode/ includes only itself and the areas
below it, and that its CMake target links only those areas.

    /usr/bin/python3 tests/check_layering.py [REPOSITORY]

Prints one line per wrong-way include (file:line: the include and what the
area may include) and exits 1 when there is any. tests/python/test_layering.py
runs it in `make test`. src/python and cli sit above every area and may
include anything, so they are not scanned.
"""

import re
import sys
from pathlib import Path

# Area -> the areas it may include besides itself. Data flows io -> plan ->
# exec; the SQL front end only builds plans; the GPU and MPI backends extend
# exec. Adding an area means adding it here.
ALLOWED = {
    "core": set(),
    "io": {"core"},
    "datagen": {"core"},
    "plan": {"core", "io"},
    "sql": {"core", "io", "plan"},
    "exec": {"core", "io", "plan"},
    "gpu": {"core", "io", "plan", "exec"},
    "dist": {"core", "io", "plan", "exec"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]lode/([A-Za-z0-9_]+)/([^">]+)[">]')
LINK = re.compile(r"target_link_libraries\s*\(\s*lode_([A-Za-z0-9_]+)\b([^)]*)\)", re.S)
SOURCE_SUFFIXES = {".h", ".hpp", ".cpp", ".cc", ".cu", ".cuh", ".inc"}


def allowed_text(area):
    others = sorted(ALLOWED[area])
    return f"lode/{area}/" + "".join(f", lode/{other}/" for other in others)


def include_problems(root, area_dir):
    area = area_dir.name
    problems = []
    for path in sorted(area_dir.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for line_number, line in enumerate(text.splitlines(), start=1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target, rest = match.group(1), match.group(2)
            where = f"{path.relative_to(root)}:{line_number}"
            if target != area and target not in ALLOWED[area]:
                problems.append(f"{where}: wrong-way include \"lode/{target}/{rest}\": "
                                f"src/lode/{area}/ may include only {allowed_text(area)}")
            elif rest.endswith("_internal.h"):
                header_folder = Path("src/lode", target, rest).parent
                if path.relative_to(root).parent != header_folder:
                    problems.append(f"{where}: \"lode/{target}/{rest}\" is internal to {header_folder}/ "
                                    f"and may be included only there")
    return problems


def link_problems(root, area_dir):
    area = area_dir.name
    cmake = area_dir / "CMakeLists.txt"
    if not cmake.is_file():
        return []
    problems = []
    text = cmake.read_text(encoding="utf-8", errors="replace")
    for match in LINK.finditer(text):
        if match.group(1) != area:
            continue
        line_number = text.count("\n", 0, match.start()) + 1
        for target in re.findall(r"\blode_([A-Za-z0-9_]+)\b", match.group(2)):
            if target != area and target not in ALLOWED[area]:
                problems.append(f"{cmake.relative_to(root)}:{line_number}: lode_{area} links lode_{target}: "
                                f"src/lode/{area}/ may use only {allowed_text(area)}")
    return problems


def check(root):
    """Returns the problems found under root/src/lode, one message each."""
    root = Path(root)
    lode_dir = root / "src" / "lode"
    if not lode_dir.is_dir():
        return [f"{lode_dir}: no such folder (pass the repository's root)"]
    problems = []
    for area_dir in sorted(path for path in lode_dir.iterdir() if path.is_dir()):
        if area_dir.name not in ALLOWED:
            problems.append(f"{area_dir.relative_to(root)}/: area '{area_dir.name}' has no layering rule; "
                            f"add it to ALLOWED in tests/check_layering.py")
            continue
        problems += include_problems(root, area_dir)
        problems += link_problems(root, area_dir)
    return problems


def main(argv):
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"layering: {len(problems)} problem(s); see ALLOWED in tests/check_layering.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
