"""Benchmark kg build at scale: against bare nlp.pipe, by corpus size, incremental, parallel.

Writes a deterministic corpus derived from the sample articles (data/articles): each
generated article takes one sample article and substitutes its actors, shifts its years
and swaps some wording, all chosen by a seeded random generator, so the same sizes give
the same files on every run. Then measures, in the same run and each in a fresh process
(so peak RSS is that build's own):

- bare ``nlp.pipe`` of kg's pipeline over the small corpus's texts, and ``kg build`` of the
  same corpus into an empty store: the build / bare-pipe ratio (both include loading the
  pipeline);
- builds of the small and the large corpus: the time ratio next to the size ratio, and the
  peak RSS of each;
- a second build of the large corpus (unchanged: every article skipped) and one after
  adding 1 % new articles, as ratios of the first build;
- the small corpus built with ``--workers 2`` against one process.

    .venv/bin/python bench/bench_scale.py [--small 1000] [--large 10000] [--dir DIR]

The defaults are the sizes the targets speak of (1k and 10k articles); on a shared or
small machine run it smaller, e.g. ``--small 40 --large 160``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "articles"

#: Groups of names in the sample corpus (first row) and aligned rows a generated article
#: may use instead: one row per group is picked for each article, title and text alike.
ACTORS: list[list[tuple[str, ...]]] = [
    [
        ("Eugene Kaspersky", "Kaspersky Lab", "Kaspersky"),
        ("Ren Zhengfei", "Huawei Technologies", "Huawei"),
        ("Hu Yangzhong", "Hikvision Digital", "Hikvision"),
        ("Ivan Petrov", "Borealis Software", "Borealis"),
    ],
    [
        ("Gina Raimondo", "Raimondo"),
        ("Wilbur Ross", "Ross"),
        ("Gary Locke", "Locke"),
        ("Penny Pritzker", "Pritzker"),
    ],
    [
        ("Commerce Department", "Department of Commerce"),
        ("Treasury Department", "Department of the Treasury"),
        ("State Department", "Department of State"),
    ],
    [
        ("Department of Homeland Security", "Homeland Security"),
        ("Department of Defense", "Defense"),
        ("Department of Energy", "Energy"),
    ],
    [
        ("Russia", "Russian", "Moscow", "Kremlin"),
        ("China", "Chinese", "Beijing", "Zhongnanhai"),
        ("Iran", "Iranian", "Tehran", "Pasteur Street"),
        ("Belarus", "Belarusian", "Minsk", "Palace of Independence"),
    ],
]
WORDING: list[tuple[str, list[str]]] = [
    ("banned", ["banned", "barred", "prohibited"]),
    ("said", ["said", "stated", "told reporters"]),
    ("ordered", ["ordered", "directed", "instructed"]),
    ("announced", ["announced", "unveiled", "disclosed"]),
]
_YEAR = re.compile(r"\b(20[0-3]\d)\b")


def _sample_articles() -> list[Any]:
    from kg.ingest import read_sources

    return sorted(read_sources([SAMPLE]), key=lambda a: a.id)


def _substitutions(rng: random.Random) -> dict[str, str]:
    """Pick one article's names and words: sample text -> generated text."""
    subs: dict[str, str] = {}
    for group in ACTORS:
        row = rng.choice(group)
        subs.update(zip(group[0], row, strict=True))
    for word, choices in WORDING:
        subs[word] = rng.choice(choices)
    return subs


def _vary(text: str, subs: dict[str, str], shift: int) -> str:
    # One pass, longest names first, whole words only: no replacement is replaced again.
    names = sorted(subs, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    text = pattern.sub(lambda m: subs[m.group(1)], text)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


def write_corpus(folder: Path, count: int, *, start: int = 0, seed: int = 14) -> Path:
    """Write articles ``start`` .. ``start + count - 1`` of the generated corpus."""
    samples = _sample_articles()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        base = samples[i % len(samples)]
        shift = rng.randint(-3, 3)
        published = base.published or date(2024, 6, 21)
        try:
            published = published.replace(year=published.year + shift)
        except ValueError:  # 29 February
            published = published.replace(year=published.year + shift, day=28)
        subs = _substitutions(rng)
        meta = {"id": f"gen-{i:06d}", "published": published.isoformat()}
        if base.title:
            meta["title"] = _vary(base.title, subs, shift)
        front = "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items())
        body = _vary(base.text, subs, shift)
        (folder / f"gen-{i:06d}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return folder


# -- measurements, each in a fresh process ------------------------------------------------
def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _bare_pipe(folder: str) -> dict[str, float]:
    from kg.ingest import read_sources

    started = time.perf_counter()
    from kg.nlp import make_nlp

    texts = [a.text for a in read_sources([folder])]
    nlp = make_nlp()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def _timed(owner: Any, name: str, spent: dict[str, float]) -> None:
    """Add the seconds spent in ``owner.name`` to ``spent[name]``."""
    inner = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(owner, name, timed)


def _build(folder: str, store: str, workers: int) -> dict[str, float]:
    started = time.perf_counter()
    import kg.articles
    import kg.nlp
    import kg.pipeline
    from kg.store import open_store

    # Where the build's own time goes: storing articles (on the writer thread, beside
    # the pipeline) and resolving their events at the end.
    spent: dict[str, float] = {}
    _timed(kg.pipeline, "store_article", spent)
    _timed(kg.articles, "resolve_blocks", spent)
    _timed(kg.articles, "read_entities", spent)
    if workers == 1:  # the workers of --workers are sent the pipeline's loader
        _timed(kg.nlp, "make_nlp", spent)
    with open_store(store) as opened:
        summary = kg.pipeline.build([folder], opened, workers=workers)
        closing = time.perf_counter()
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": _peak_mb(),
        "articles": summary.articles,
        "skipped": summary.skipped,
        "events": summary.events,
        "store": spent.get("store_article", 0.0),
        "resolve": spent.get("resolve_blocks", 0.0),
        "load": spent.get("make_nlp", 0.0),
        "seed": spent.get("read_entities", 0.0),
        "close": time.perf_counter() - closing,
    }


def _child(conn: Any, func: Callable[..., dict[str, float]], args: tuple[Any, ...]) -> None:
    conn.send(func(*args))
    conn.close()


def _in_child(func: Callable[..., dict[str, float]], *args: Any) -> dict[str, float]:
    # A plain process, not a Pool's daemon: --workers starts processes of its own.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, func, args))
    process.start()
    send.close()  # the child holds the only sending end: if it dies, recv() says so
    try:
        result: dict[str, float] = receive.recv()
    except EOFError:
        process.join()
        raise SystemExit(f"{func.__name__}{args}: the measuring process failed") from None
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000, help="articles in the small corpus")
    parser.add_argument("--large", type=int, default=10000, help="articles in the large corpus")
    parser.add_argument("--dir", default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="kg-bench-scale-"))
    for old in ("stores", f"corpus-{args.small}", f"corpus-{args.large}"):
        shutil.rmtree(work / old, ignore_errors=True)
    small = write_corpus(work / f"corpus-{args.small}", args.small)
    large = write_corpus(work / f"corpus-{args.large}", args.large)
    stores = work / "stores"
    stores.mkdir()

    print(f"kg build at scale ({multiprocessing.cpu_count()} CPUs; corpus in {work})")

    def show(label: str, value: str) -> None:
        print(f"  {label:<42}  {value}", flush=True)

    bare = _in_child(_bare_pipe, str(small))
    one = _in_child(_build, str(small), str(stores / "small-1"), 1)
    show(
        f"build / bare nlp.pipe ({args.small} articles)",
        f"{one['seconds']:.1f} s / {bare['seconds']:.1f} s = "
        f"{one['seconds'] / bare['seconds']:.2f}x (target <= 1.3x)",
    )
    big = _in_child(_build, str(large), str(stores / "large"), 1)
    ratio = args.large / args.small
    show(
        f"build {args.large} / {args.small} articles",
        f"{big['seconds']:.1f} s / {one['seconds']:.1f} s = "
        f"{big['seconds'] / one['seconds']:.2f}x for {ratio:.0f}x the articles "
        f"(target <= {1.1 * ratio:.0f}x)",
    )
    for size, run in ((args.small, one), (args.large, big)):
        show(
            f"  of which ({size} articles)",
            f"storing {run['store']:.1f} s (writer thread), resolving {run['resolve']:.1f} s, "
            f"closing {run['close']:.1f} s",
        )
    show(
        "peak RSS (small, large, bare pipe)",
        f"{one['peak_mb']:.0f} MB, {big['peak_mb']:.0f} MB "
        f"({big['peak_mb'] / one['peak_mb']:.2f}x), {bare['peak_mb']:.0f} MB",
    )
    again = _in_child(_build, str(large), str(stores / "large"), 1)
    show(
        f"second build, unchanged ({again['skipped']:.0f} skipped)",
        f"{again['seconds']:.1f} s = {100 * again['seconds'] / big['seconds']:.1f} % of "
        "the first (target < 5 %)",
    )
    extra = max(1, args.large // 100)
    write_corpus(large, extra, start=args.large)
    grown = _in_child(_build, str(large), str(stores / "large"), 1)
    show(
        f"build after adding {extra} articles (1 %)",
        f"{grown['seconds']:.1f} s = {100 * grown['seconds'] / big['seconds']:.1f} % of "
        f"the first ({grown['articles']:.0f} built, {grown['skipped']:.0f} skipped)",
    )
    show(
        "  of which",
        f"loading the pipeline {grown['load']:.1f} s, reading stored entities "
        f"{grown['seed']:.1f} s, storing {grown['store']:.1f} s, resolving "
        f"{grown['resolve']:.1f} s",
    )
    two = _in_child(_build, str(small), str(stores / "small-2"), 2)
    show(
        f"--workers 2 / 1 ({args.small} articles)",
        f"{two['seconds']:.1f} s / {one['seconds']:.1f} s = {two['seconds'] / one['seconds']:.2f}x",
    )


if __name__ == "__main__":
    main()
