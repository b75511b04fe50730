"""Benchmark: one FAQ classification against a brute-force rapidfuzz scan, as the knowledge base grows.

For the sample knowledge base and synthetic ones of 1,000, 5,000 and 50,000 entries (fixed seed), times
``FaqEngine.decide`` and a single ``rapidfuzz.process.extractOne`` (WRatio, choices preprocessed once)
over the same strings (every question and alternate), interleaved round by round in the same run; prints
the median time per query of each and their ratio. Goals (issue 3): under 3x at the sample size, under 1
from 5,000 entries up. The last line is the ratio at the largest size.

    python bench/bench_faq.py [--sizes 1000,5000,50000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from faq_engine import Entry, FaqEngine, load_knowledge_base  # noqa: E402

SEED = 20260301
QUERIES = (
    "hw do i book the exm pls",
    "can i work in a lab before my licence? i live in ontario",
    "is celban accepted or only ielts",
    "which bridging program for foreign trained mlt in alberta",
    "Hello,\n\nI arrived last month from Manila. Who do I apply to for my PLA now?\n\nThanks,\nAna",
    "how much does the assessment cost",
    "my employer abroad has no official email for the verification form",
    "Est-ce que je peux écrire l'examen en français?",
    "do new mlts always get night shifts",
    "where do i find the reference books list for the exam",
    "what noc code for lab assistant",
    "how do i change my province",
)


def synthetic(sample: Sequence[Entry], size: int, rng: random.Random) -> list[Entry]:
    """Entries built from the sample's own words plus a growing pool of rarer made-up terms (course codes,
    place and employer names), so the vocabulary grows with the knowledge base as real ones do."""
    words = [w for e in sample for text in e.phrasings for w in text.split() if w.isalpha()]
    rare = [
        "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
        for _ in range(max(200, size // 2))
    ]
    provinces = ["national"] * 8 + ["ON", "AB", "BC", "QC", "NS"]

    def sentence() -> str:
        length = rng.randint(6, 14)
        picked = [rng.choice(rare) if rng.random() < 0.25 else rng.choice(words) for _ in range(length)]
        return " ".join(picked).capitalize() + "?"

    return [
        Entry(
            id=f"syn-{i}",
            topic="synthetic",
            province=rng.choice(provinces),
            question=sentence(),
            alternates=tuple(sentence() for _ in range(4)),
            answer_sms=sentence(),
            answer=sentence(),
        )
        for i in range(size)
    ]


def per_query(fn: Callable[[str], object], queries: Sequence[str]) -> float:
    start = time.perf_counter()
    for query in queries:
        fn(query)
    return (time.perf_counter() - start) / len(queries)


def measure(entries: Sequence[Entry], rounds: int) -> tuple[float, float, float]:
    started = time.perf_counter()
    engine = FaqEngine(entries)
    build = time.perf_counter() - started
    choices = [utils.default_process(text) for e in entries for text in e.phrasings]

    def brute(query: str) -> object:
        return process.extractOne(utils.default_process(query), choices, scorer=fuzz.WRatio, processor=None)

    def classify(query: str) -> object:
        return engine.decide(query)

    per_query(classify, QUERIES)  # warm caches (spelling corrections) once, as a running server would
    engine_times, brute_times = [], []
    gc.disable()
    try:
        for _ in range(rounds):  # interleaved: A B A B ...
            engine_times.append(per_query(classify, QUERIES))
            brute_times.append(per_query(brute, QUERIES))
    finally:
        gc.enable()
    return statistics.median(engine_times), statistics.median(brute_times), build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,50000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sample = load_knowledge_base(ROOT / "peerline" / "data" / "knowledge_base.yaml")
    rng = random.Random(SEED)
    cases: list[tuple[str, list[Entry]]] = [(f"sample ({len(sample)})", sample)]
    for size in (int(s) for s in args.sizes.split(",") if s):
        cases.append((f"synthetic {size:,}", synthetic(sample, size, rng)))
    print(
        f"{'knowledge base':<18} {'strings':>8} {'engine ms':>10} {'brute ms':>9} {'ratio':>6} {'build s':>8}"
    )
    ratio = 0.0
    for label, entries in cases:
        engine_time, brute_time, build = measure(entries, args.rounds)
        strings = sum(len(e.phrasings) for e in entries)
        ratio = engine_time / brute_time
        print(
            f"{label:<18} {strings:>8,} {engine_time * 1e3:>10.3f} {brute_time * 1e3:>9.3f} {ratio:>6.2f} "
            f"{build:>8.2f}"
        )
    print(f"ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
