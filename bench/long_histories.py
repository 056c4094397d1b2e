#!/usr/bin/env python3
"""Maximum-length history claims for the memory benchmark (bench/memory.sh).

Reads one generated history claim (JSONL, `odenek generate --format jsonl`) on
stdin and writes N copies with their own ids, each with a premium list of
LINES records (default 10 000, the per-list limit): ~650 KB a line. Every claim
stays eligible (one premium day a month per employer for 30 employers, 36
months before the termination)."""
import json
import sys


def main() -> None:
    n = int(sys.argv[1])
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    base = json.loads(sys.stdin.readline())
    months = []
    y, m = 2022, 6
    for _ in range(36):
        months.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    employers = lines // 36 + 1
    for i in range(n):
        claim = dict(base)
        claim["id"] = f"L-{i:07d}"
        claim["primler"] = [
            {"ay": months[k % 36], "gun": 1 if k // 36 < 30 else 0, "kazanc": "700.00",
             "isveren": str(1000000 + k // 36)}
            for k in range(lines)
        ]
        claim["sozlesmeler"] = [
            {"isveren": str(1000000 + e), "baslangic": "2022-06-01", "bitis": "2025-06-02"}
            for e in range(min(employers, 300))
        ]
        sys.stdout.write(json.dumps(claim, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
