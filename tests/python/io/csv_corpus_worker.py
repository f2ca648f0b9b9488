"""Reads CSV files named on stdin, one per line, and prints one JSON line per
file: what lode read (rows, columns, types, per-column statistics) or its
error. Run by test_csv_corpus.py in a subprocess, so that a crash or a hang
in one file is caught and named."""

import json
import sys

import lode


def column_summary(series):
    values = [value for value in series.to_list() if value is not None]
    summary = {"name": series.name, "type": str(series.dtype), "non_null": len(values)}
    if values and str(series.dtype) in ("int64", "float64"):
        finite = [v for v in values if v == v]
        summary["min"] = min(finite) if finite else None
        summary["max"] = max(finite) if finite else None
    if values and (str(series.dtype) == "date32" or str(series.dtype).startswith("timestamp")):
        summary["min"] = min(values).isoformat(sep=" ") if str(series.dtype) != "date32" else min(values).isoformat()
        summary["max"] = max(values).isoformat(sep=" ") if str(series.dtype) != "date32" else max(values).isoformat()
    if values and str(series.dtype) == "string":
        summary["bytes"] = sum(len(v.encode("utf-8", "surrogateescape")) for v in values)
    return summary


def describe(path):
    try:
        frame = lode.read_csv(path)
    except lode.Error as error:
        return {"error": type(error).__name__, "message": str(error)[:300]}
    return {"rows": frame.height, "columns": [column_summary(frame[name]) for name in frame.columns]}


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        result = describe(path)
        result["file"] = path
        sys.stdout.write(json.dumps(result, default=str) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
