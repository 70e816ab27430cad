#!/usr/bin/env python3
"""Where a load run's latency went, from the traces ragd recorded: waiting (parsing, the worker queue,
authentication: the first span) versus handling (everything after it). Under a closed-loop load the wait is the
queue, which only throughput shortens; the handling time is what the code costs.
Usage: latency_split.py DATA_DIR SINCE_MS  (traces created at or after SINCE_MS, Unix milliseconds)"""
import json
import sqlite3
import sys


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    data_dir, since = sys.argv[1], int(sys.argv[2])
    # Read-only, beside the running server (WAL mode lets readers in while it writes).
    db = sqlite3.connect(f"file:{data_dir}/ragd.sqlite?mode=ro", uri=True)
    waiting, handling = [], []
    for spans, total in db.execute("SELECT spans, total_latency_ms FROM traces WHERE created_at >= ?", (since,)):
        first = json.loads(spans)[0]
        waiting.append(first["duration_ms"])
        handling.append(total - first["duration_ms"])
    if not waiting:
        print("server side: no traces")
        return
    print(f"server side ({len(waiting)} traces): waiting p50 {percentile(waiting, .5):.1f} / "
          f"p95 {percentile(waiting, .95):.1f} ms, handling p50 {percentile(handling, .5):.2f} / "
          f"p95 {percentile(handling, .95):.2f} ms")


if __name__ == "__main__":
    main()
