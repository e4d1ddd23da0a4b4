"""Time event reading against the spaCy pipeline's own time, and its growth with length.

Run: ``.venv/bin/python bench/bench_extract.py``. Parses the sample corpus (and, when
../shared is there, the MEANTIME articles) with kg's pipeline, then times
``kg.extract.doc_events`` over the parsed Docs: the ratio to ``nlp.pipe`` is what kg adds
to the model (target: a small fraction). A second measure joins the sample articles into
one long text k times over (k = 1, 2, 4) and prints the reading time per character, which
stays flat when nothing is quadratic in the article's length.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEANTIME = ROOT.parent / "shared" / "meantime" / "docs.jsonl"


def _texts() -> list[str]:
    from kg.ingest import read_sources

    texts = [a.text for a in read_sources([ROOT / "data" / "articles"], on_error=print)]
    if MEANTIME.exists():
        texts += [json.loads(line)["text"] for line in MEANTIME.read_text().splitlines() if line]
    return texts


def _read(nlp, docs):  # type: ignore[no-untyped-def]
    from kg.extract import doc_events
    from kg.pipeline import _event_iri, make_resolver
    from kg.types import Article

    resolver = make_resolver()
    t0 = time.perf_counter()
    n = 0
    for i, doc in enumerate(docs):
        article = Article(id=f"b{i}", text=doc.text, published=date(2024, 6, 21))
        n += len(doc_events(doc, article, resolver, event_iri=_event_iri))
    return time.perf_counter() - t0, n


def main() -> int:
    from kg.nlp import make_nlp

    nlp = make_nlp()
    texts = _texts()
    list(nlp.pipe(texts[:3]))  # warm up
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    pipe_s = time.perf_counter() - t0
    read_s, n = _read(nlp, docs)
    chars = sum(len(t) for t in texts)
    print(f"articles {len(texts)}, characters {chars}, events {n}")
    print(f"nlp.pipe (kg pipeline)  {pipe_s:8.3f} s")
    print(f"doc_events              {read_s:8.3f} s")
    print(f"ratio reading/pipeline  {read_s / pipe_s:8.3f} (target: a small fraction)")
    sample = "\n\n".join(texts[:15])
    for k in (1, 2, 4):
        doc = nlp("\n\n".join([sample] * k))
        s, _ = _read(nlp, [doc])
        per_char = 1e6 * s / len(doc.text)
        print(f"one article of {len(doc.text):7d} chars: {s:6.3f} s, {per_char:6.2f} us/char")
    return 0


if __name__ == "__main__":
    sys.exit(main())
