#!/usr/bin/env python3
"""Per-variant solve table from a compare output directory (each run's outcome.json):
solved seeds, median steps and wall seconds to solve, the last evaluation (median, and how many
seeds end below 475), and each seed's solve step in thousands (- = never).
   python3 examples/tuning/solves.py runs/tuning/<experiment>"""
import json, pathlib, statistics, sys

root = pathlib.Path(sys.argv[1])
for variant in sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("seed-*"))):
    rows = []
    for run in sorted(variant.glob("seed-*")):
        f = run / "outcome.json"
        if not f.exists():
            continue
        o = json.loads(f.read_text())
        ev = o.get("evaluations", [])
        hit = next((e for e in ev if e["mean"] >= 475), None)
        rows.append((o["seed"], hit["step"] if hit else None, hit["wallSeconds"] if hit else None,
                     ev[-1]["mean"] if ev else None, o.get("wallSeconds")))
    solved = [r for r in rows if r[1] is not None]
    med = lambda xs: statistics.median(xs) if xs else float("nan")
    print(f"{variant.name:28s} solved {len(solved):2d}/{len(rows):2d}  median steps {med([r[1] for r in solved]):7.0f}"
          f"  median s {med([r[2] for r in solved]):5.1f}"
          f"  final median {med([r[3] for r in rows if r[3] is not None]):5.0f}"
          f" (<475: {sum(1 for r in rows if r[3] is not None and r[3] < 475):2d})  "
          + " ".join(f"{r[0]}:{(r[1] // 100 / 10) if r[1] else '-'}" for r in rows))
