"""Writes a suite's result: a Markdown table, a bar chart (PNG) and the raw record (JSON).

    bench/results/<suite>-<size>.md     machine facts, versions, seconds per question and system,
                                        lode's ratio to each peer, peak memory, notes
    bench/results/<suite>-<size>.png    the same seconds as grouped bars (log scale)
    bench/results/<suite>-<size>.json   everything measured, to compare runs later
"""

import json
import math
from pathlib import Path

NAMES = {"lode": "lode", "lode-1t": "lode 1 thread", "duckdb": "DuckDB", "polars": "Polars", "pandas": "pandas"}
COLORS = {"lode": "#d62728", "lode-1t": "#f4a6a6", "duckdb": "#e0a800", "polars": "#1f77b4", "pandas": "#7f7f7f"}
LODE_SYSTEMS = ("lode", "lode-1t")  # lode-1t is lode on one thread: not a peer, shown as lode's speedup
STATUS_TEXT = {"missing": "missing", "wrong": "wrong", "error": "error", "oom": "out of memory",
               "unchecked": "unchecked", "not run": "not run"}


def write(record, folder):
    """Writes the three files of `record` into `folder`; returns the Markdown text."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{record['suite']}-{record['size']}"
    markdown = render_markdown(record)
    stem.with_suffix(".md").write_text(markdown)
    stem.with_suffix(".json").write_text(json.dumps(record, indent=1) + "\n")
    draw_chart(record, stem.with_suffix(".png"))
    return markdown


def render_markdown(record):
    systems = record["systems"]
    peers = [system for system in systems if system not in LODE_SYSTEMS]
    ratios = "lode" in systems and peers
    speedup = "lode" in systems and "lode-1t" in systems
    # (numerator, denominator) of each ratio column: lode over each peer, then lode-1t over lode
    pairs = ([("lode", peer) for peer in peers] if ratios else []) + ([("lode-1t", "lode")] if speedup else [])
    lines = [f"# {record['suite']}, {record['size']} rows", ""]
    lines += [f"- {line}" for line in _heading(record)]
    lines += ["", f"Seconds per question, median of {_runs(record)} after a warm-up run (lower is better)."]
    if ratios:
        lines.append("lode/peer is lode's time divided by the peer's: below 1, lode is faster.")
    if speedup:
        lines.append(f"\"{_speedup_title(record)}\" is lode 1 thread's time divided by lode's"
                     " (lode.set_threads(1) against lode's default thread count): above 1, the threads gain.")
    header = ["question"] + [NAMES[system] for system in systems]
    header += [f"lode/{NAMES[peer]}" for peer in peers] if ratios else []
    header += [_speedup_title(record)] if speedup else []
    lines += ["", "| " + " | ".join(header) + " |", "|:--" + "|--:" * (len(header) - 1) + "|"]
    for question in record["questions"]:
        cells = [_cell(record["results"][system]["questions"].get(question["id"])) for system in systems]
        cells += [_ratio(record, question["id"], *pair) for pair in pairs]
        lines.append(f"| {question['id']} {question['title']} | " + " | ".join(cells) + " |")
    if pairs:
        means = [_geometric_mean_ratio(record, *pair) for pair in pairs]
        if any(mean != "" for mean in means):
            lines.append("| geometric mean | " + " | ".join([""] * len(systems) + means) + " |")
    busy = [_cores_busy(record, system) for system in systems]
    lines.append("| cores busy (CPU time / wall time) | " + " | ".join(busy + [""] * (len(header) - 1 - len(systems))) + " |")
    memory = [_mebibytes(record["results"][system].get("peak_rss_bytes")) for system in systems]
    lines.append("| peak memory (MiB) | " + " | ".join(memory + [""] * (len(header) - 1 - len(systems))) + " |")
    loads = [_seconds(record["results"][system].get("load_seconds")) for system in systems]
    load_title = "load, untimed (s)" if record["in_memory"] else "load for writing, untimed (s)"
    lines.append(f"| {load_title} | " + " | ".join(loads + [""] * (len(header) - 1 - len(systems))) + " |")
    notes = _notes(record)
    if notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def _speedup_title(record):
    threads = record["results"]["lode"].get("threads")
    return f"lode speedup, 1 to {threads} threads" if threads else "lode speedup over 1 thread"


def _heading(record):
    machine, versions = record["machine"], record["versions"]
    memory = f"{machine['memory_bytes'] / 2**30:.1f} GiB" if machine.get("memory_bytes") else "unknown memory"
    manifest = record["data"]["manifest"]
    arguments = ", ".join(f"{key}={value}" for key, value in manifest.items() if key != "dataset")
    timed = ("tables loaded from CSV before the questions, untimed" if record["in_memory"]
             else "reading and writing the files is what is timed")
    reference = ", then ".join(NAMES[system] for system in record["reference_systems"])
    ordered = [question["id"] for question in record["questions"] if question.get("at")]
    order_check = (f"; in {', '.join(ordered)} also the sort keys' values at the first row, every eighth"
                   " of the way and the last row" if ordered else "")
    return [
        f"Date: {record['date']}; {_runs(record)} per question after one warm-up run",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {memory}, {machine['os']}" + _load(machine),
        "Versions: " + ", ".join(f"{NAMES.get(name, name)} {versions.get(name, '?')}"
                                 for name in ("lode", "duckdb", "polars", "pandas", "numpy", "node", "python")),
        f"Data: lode.datagen.{manifest['dataset']}({arguments}) in {record['data']['folder']}; {timed}",
        f"Answers (rows; sums of value columns, relative tolerance 1e-9{order_check}) checked against {reference}"
        + (" (run for answers only)" if record.get("reference_only") else ""),
    ] + _threads(record)


def _threads(record):
    shown = [f"{NAMES[system]} on {record['results'][system]['threads']}"
             for system in LODE_SYSTEMS if record["results"].get(system, {}).get("threads")]
    return ["Threads: " + ", ".join(shown)] if shown else []


def _load(machine):
    if "load_average" not in machine:
        return ""
    load = machine["load_average"]
    busy = load > 0.5 * machine["cores"]
    return f"; load average {load:.1f} at the start" + (" (above half the cores: other work may have competed)" if busy else "")


def _runs(record):
    return "1 timed run" if record["runs"] == 1 else f"{record['runs']} timed runs"


def _cell(result):
    if result is None:
        return "not run"
    if result.get("seconds") is not None:
        return _seconds(result["seconds"])
    if result["status"] == "ok":
        return "not timed"
    return STATUS_TEXT.get(result["status"], result["status"])


def _seconds(value):
    if value is None:
        return ""
    return f"{value:.0f}" if value >= 1000 else f"{value:.3g}"


def _cores_busy(record, system):
    """Returns the CPU time over wall time of a system's timed runs, weighted by time."""
    cpu = wall = 0.0
    for result in record["results"][system]["questions"].values():
        if result.get("cores_busy") is not None and result.get("seconds"):
            cpu += result["cores_busy"] * result["seconds"]
            wall += result["seconds"]
    return f"{cpu / wall:.2f}" if wall else ""


def _mebibytes(size_bytes):
    return "" if size_bytes is None else f"{size_bytes / 2**20:.0f}"


def _timed(record, system, question):
    result = record["results"][system]["questions"].get(question)
    return result.get("seconds") if result else None


def _ratio(record, question, numerator, denominator):
    """Returns the time of `numerator` over that of `denominator` (systems) for a question, or ""."""
    top, bottom = _timed(record, numerator, question), _timed(record, denominator, question)
    if not top or not bottom:
        return ""
    return f"{top / bottom:.2f}"


def _geometric_mean_ratio(record, numerator, denominator):
    logs = []
    for question in record["questions"]:
        top, bottom = _timed(record, numerator, question["id"]), _timed(record, denominator, question["id"])
        if top and bottom:
            logs.append(math.log(top / bottom))
    return f"{math.exp(sum(logs) / len(logs)):.2f}" if logs else ""


def _notes(record):
    """Returns one note per (system, status, detail), naming the questions it holds for."""
    grouped = {}
    for system in record["systems"]:
        outcome = record["results"][system]
        if outcome.get("failure"):
            grouped.setdefault((system, "failed", outcome["failure"]), [])
        if outcome.get("how"):
            grouped.setdefault((system, "loaded with", outcome["how"]), [])
        for question, result in outcome["questions"].items():
            if result["status"] != "ok" and result.get("detail"):
                grouped.setdefault((system, result["status"], result["detail"]), []).append(question)
    notes = []
    for (system, status, detail), questions in grouped.items():
        where = f" {', '.join(questions)}" if questions else ""
        notes.append(f"{NAMES[system]}{where}: {STATUS_TEXT.get(status, status)}: {detail}")
    return notes


def draw_chart(record, path):
    """Draws seconds per question as horizontal grouped bars, one colour per system, log scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    systems, questions = record["systems"], record["questions"]
    height = 1.0 / (len(systems) + 1)
    figure, axes = plt.subplots(figsize=(9, max(3.0, 1.0 + 0.16 * len(questions) * (len(systems) + 1))))
    times = [t for s in systems for q in questions if (t := _timed(record, s, q["id"]))]
    floor = min(times) / 3 if times else 1e-3
    for index, system in enumerate(systems):
        positions, widths = [], []
        for row, question in enumerate(questions):
            y = row + (index - (len(systems) - 1) / 2) * height
            seconds = _timed(record, system, question["id"])
            if seconds:
                positions.append(y)
                widths.append(seconds)
                axes.text(seconds * 1.05, y, _seconds(seconds), va="center", fontsize=6)
            else:
                result = record["results"][system]["questions"].get(question["id"])
                label = _cell(result)
                axes.text(floor * 1.05, y, f"{NAMES[system]}: {label}", va="center", fontsize=7, color=COLORS[system])
        axes.barh(positions, widths, height=height * 0.9, color=COLORS[system])
    axes.set_xscale("log")
    axes.set_xlim(left=floor, right=max(times) * 4 if times else 1)
    axes.set_yticks(range(len(questions)))
    axes.set_yticklabels([f"{q['id']} {q['title']}" for q in questions], fontsize=8)
    axes.set_ylim(len(questions) - 0.5, -0.5)  # first question on top
    axes.set_xlabel(f"seconds, median of {_runs(record)} (log scale; shorter is faster)")
    machine = record["machine"]
    axes.set_title(f"{record['suite']}, {record['size']} rows — {machine['cores']} cores, {record['date']}", fontsize=10)
    handles = [Patch(color=COLORS[system], label=NAMES[system]) for system in systems]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    axes.grid(axis="x", which="both", alpha=0.3)
    figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)


if __name__ == "__main__":
    # python3 bench/report.py bench/results/<suite>-<size>.json: writes its .md and .png again.
    import sys

    for json_path in sys.argv[1:]:
        saved = json.loads(Path(json_path).read_text())
        write(saved, Path(json_path).parent)
