"""openalex-ai-research at scale: ibis on DuckDB vs raw DuckDB SQL (the floor) vs pandas (vs ibis on Spark).

The input is SYNTHETIC: seeded random works in the real snapshot's schema (the fields the pipeline
reads), written as Parquet, sized by authorship rows. Nothing here describes real research.
Timings are medians in one process, ratios against raw DuckDB SQL measured in the same run; peak
memory is each candidate run alone in a child process (its ru_maxrss), with a time limit.

    python bench/bench_pipelines.py                 # 1M and 10M authorship rows
    python bench/bench_pipelines.py --rows 1000000 --rows 50000000 --spark
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # hubscope from this checkout

SEED = 16
COUNTRIES = ["US", "CN", "GB", "DE", "JP", "FR", "IN", "KR", "CA", "IT", "AU", "ES", "NL", "BR", "CH", "SE",
             "IR", "TW", "SG", "IL", "RU", "PL", "BE", "DK", "AT", "NO", "FI", "PT", "TR", "MX"]
AI_CONCEPTS = ["C154945302", "C119857082", "C108583219"]
OTHER_CONCEPTS = ["C41008148", "C33923547", "C71924100", "C86803240", "C185592680", "C121332964"]


def _array(values):
    """A pyarrow Array (large numpy string arrays come back from pa.array in chunks)."""
    import pyarrow as pa

    out = pa.array(values)
    return out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out


def generate(rows: int, path: Path) -> int:
    """Write ~``rows`` authorship rows of synthetic works to Parquet; return the number of works."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(SEED)
    n = rows // 4
    n_auth = rng.integers(1, 8, n)  # 1..7 authors, mean 4
    total = int(n_auth.sum())
    # an author has one country (88%), two (6%) or none (6%); big countries more often
    weights = 1 / np.arange(1, len(COUNTRIES) + 1)
    weights /= weights.sum()
    n_c = rng.choice([1, 2, 0], total, p=[0.88, 0.06, 0.06])
    codes = _array(rng.choice(COUNTRIES, int(n_c.sum()), p=weights))
    countries = pa.ListArray.from_arrays(pa.array(np.concatenate([[0], np.cumsum(n_c)]), pa.int32()), codes)
    authors = pa.StructArray.from_arrays([countries], ["countries"])
    authorships = pa.ListArray.from_arrays(pa.array(np.concatenate([[0], np.cumsum(n_auth)]), pa.int32()), authors)
    # three concepts a work; the first is an AI one for 30% of works, each with a score in [0, 1)
    pool = np.where(rng.random(n) < 0.3, rng.choice(AI_CONCEPTS, n), rng.choice(OTHER_CONCEPTS, n))
    ids = np.stack([pool, rng.choice(OTHER_CONCEPTS, n), rng.choice(OTHER_CONCEPTS, n)], axis=1).ravel()
    ids = np.char.add("https://openalex.org/", ids.astype(str))
    concepts = pa.ListArray.from_arrays(
        pa.array(np.arange(0, 3 * n + 1, 3), pa.int32()),
        pa.StructArray.from_arrays([_array(ids), pa.array(rng.random(3 * n))], ["id", "score"]),
    )
    subfield = np.where(rng.random(n) < 0.05, "https://openalex.org/subfields/1702",
                        "https://openalex.org/subfields/2700")
    topic = pa.StructArray.from_arrays([pa.StructArray.from_arrays([_array(subfield)], ["id"])], ["subfield"])
    table = pa.table({
        "part": pa.array(["synthetic/part_000.parquet"] * n),
        "ok": pa.array(np.ones(n, bool)),
        "id": pa.array(np.char.add("https://openalex.org/W", np.arange(n).astype(str))),
        "publication_year": pa.array(rng.integers(2015, 2025, n).astype(np.int32)),
        "authorships": authorships,
        "concepts": concepts,
        "primary_topic": topic,
    })
    pq.write_table(table, path, row_group_size=256_000)
    return n


def _rule():
    from hubscope.pipelines.openalex import ai_rule

    return ai_rule()


def _key(rows):
    return sorted((r["country"], int(r["year"]), int(r["weight"]), int(r["works"]), int(r["international"]))
                  for r in rows)


def ibis_duckdb(path: Path):
    import ibis

    from hubscope.pipelines.engine import rows
    from hubscope.pipelines.openalex import expressions

    con = ibis.duckdb.connect()
    return _key(rows(expressions(con.read_parquet(str(path)))["countries"]))


def ibis_spark(path: Path, con=None):
    from hubscope.pipelines.engine import connect, rows
    from hubscope.pipelines.openalex import expressions

    con = con or connect("spark")
    return _key(rows(expressions(con.read_parquet(str(path)))["countries"]))


def raw_sql(path: Path):
    import duckdb

    rule = _rule()
    concepts = ", ".join(f"'{c}'" for c in rule["concepts"])
    subfields = ", ".join(f"'{s}'" for s in rule["subfields"])
    sql = f"""
    WITH ai AS (
      SELECT id AS work, publication_year AS year, authorships FROM read_parquet('{path}')
      WHERE ok AND publication_year IS NOT NULL AND (
        coalesce(len(list_filter(concepts, c -> c.id IN ({concepts}) AND c.score >= {rule["min_score"]})) > 0, false)
        OR coalesce(primary_topic.subfield.id IN ({subfields}), false))),
    a AS (SELECT work, year, unnest(authorships) AS au FROM ai),
    b AS (SELECT work, year, list_distinct(au.countries) AS cs FROM a),
    c AS (SELECT work, year, cs, count(*) OVER (PARTITION BY work) AS n FROM b WHERE len(cs) > 0),
    r AS (SELECT work, year, unnest(cs) AS country, floor(1e12 / (n * len(cs)))::BIGINT AS weight FROM c),
    frac AS (SELECT country, year, sum(weight) AS weight FROM r GROUP BY ALL),
    pairs AS (SELECT DISTINCT work, year, country FROM r),
    spread AS (SELECT work, count(DISTINCT country) AS k FROM pairs GROUP BY work),
    co AS (SELECT country, year, count(*) AS works, sum((k > 1)::BIGINT) AS international
           FROM pairs JOIN spread USING (work) GROUP BY ALL)
    SELECT * FROM frac JOIN co USING (country, year)"""
    cur = duckdb.connect().execute(sql)
    names = [d[0] for d in cur.description]
    return _key([dict(zip(names, row, strict=True)) for row in cur.fetchall()])


def pandas_notebook(path: Path):
    """What a notebook would do: read into pandas, explode the lists, group by."""
    import pandas as pd

    rule = _rule()
    concepts, subfields = set(rule["concepts"]), set(rule["subfields"])
    df = pd.read_parquet(path, columns=["id", "publication_year", "authorships", "concepts", "primary_topic"])
    is_ai = df["concepts"].map(lambda cs: any(c["id"] in concepts and c["score"] >= rule["min_score"] for c in cs))
    is_ai |= df["primary_topic"].map(lambda t: t["subfield"]["id"] in subfields)
    ai = df.loc[is_ai, ["id", "publication_year", "authorships"]].explode("authorships")
    ai["cs"] = ai["authorships"].map(lambda a: sorted(set(a["countries"])) if isinstance(a, dict) else [])
    ai = ai[ai["cs"].map(len) > 0]
    ai["n"] = ai.groupby("id")["id"].transform("size")
    ai["weight"] = np.floor(1e12 / (ai["n"] * ai["cs"].map(len))).astype("int64")
    r = ai[["id", "publication_year", "cs", "weight"]].explode("cs").rename(columns={"cs": "country"})
    frac = r.groupby(["country", "publication_year"], as_index=False)["weight"].sum()
    pairs = r[["id", "publication_year", "country"]].drop_duplicates()
    pairs["k"] = pairs.groupby("id")["country"].transform("nunique")
    co = pairs.groupby(["country", "publication_year"], as_index=False).agg(
        works=("id", "size"), international=("k", lambda k: int((k > 1).sum())))
    out = frac.merge(co, on=["country", "publication_year"]).rename(columns={"publication_year": "year"})
    return _key(out.to_dict("records"))


CANDIDATES = {"raw DuckDB SQL": raw_sql, "ibis on DuckDB": ibis_duckdb, "pandas": pandas_notebook,
              "ibis on Spark local[2]": ibis_spark}


def _jvm_peak_mib() -> float:
    """The Spark driver JVM's peak RSS (a separate process, not in this one's ru_maxrss); 0 without Spark."""
    if "pyspark" not in sys.modules:
        return 0.0
    from pyspark import SparkContext

    proc = getattr(SparkContext._gateway, "proc", None)
    if proc is None:
        return 0.0
    status = Path(f"/proc/{proc.pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) / 1024


def peak_memory(name: str, path: Path, limit: float) -> str:
    """Run one candidate alone in a child process; its peak RSS, or where it ran out."""
    cmd = [sys.executable, __file__, "--one", name, "--path", str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"over the {limit:.0f} s limit"
    if done.returncode != 0:
        return f"failed: {(done.stderr.strip().splitlines() or ['?'])[-1][:80]}"
    return f"{json.loads(done.stdout.strip().splitlines()[-1])['peak_mib']:,.0f} MiB"


def measure(fn, path: Path) -> tuple[float, float]:
    """One call's wall time and this process's CPU time (all threads; a JVM's is not counted), in seconds."""
    w, c = time.perf_counter(), time.process_time()
    fn(path)
    return time.perf_counter() - w, time.process_time() - c


def run_size(rows: int, names: list[str], args, tmp: str) -> None:
    """Generate one size, check every candidate agrees with raw SQL, then time them in interleaved rounds."""
    path = Path(tmp) / f"works-{rows}.parquet"
    t0 = time.perf_counter()
    works = generate(rows, path)
    print(f"\n{rows:,} authorship rows ({works:,} works, {path.stat().st_size / 2**20:,.0f} MiB Parquet, "
          f"generated in {time.perf_counter() - t0:.1f} s); median of {args.repeat} interleaved rounds", flush=True)
    fns = dict(CANDIDATES)
    if "ibis on Spark local[2]" in names:
        from hubscope.pipelines.engine import connect

        con = connect("spark")
        fns["ibis on Spark local[2]"] = lambda p: ibis_spark(p, con)
    memory = {n: peak_memory(n, path, args.limit) for n in names}
    live = [n for n in names if memory[n].endswith("MiB")]
    base = raw_sql(path)
    for name in live:  # the first run also warms caches and the JVM
        assert fns[name](path) == base, f"{name} disagrees with raw DuckDB SQL"
    # interleaved (a round runs each candidate once), so load from other users of the machine hits all alike
    runs: dict[str, list[tuple[float, float]]] = {n: [] for n in live}
    for i in range(args.repeat):
        for name in live:
            if name != "pandas" or i == 0:  # pandas is slow: one timed run
                runs[name].append(measure(fns[name], path))
    wall = {n: statistics.median(r[0] for r in runs[n]) for n in live}
    cpu = {n: statistics.median(r[1] for r in runs[n]) for n in live}
    floor, cfloor = wall["raw DuckDB SQL"], cpu["raw DuckDB SQL"]
    print(f"  {'candidate':24s} {'wall ms':>9s} {'x raw':>6s} {'CPU ms':>9s} {'x raw':>6s}  peak RSS")
    for name in names:
        if name not in live:
            print(f"  {name:24s}: {memory[name]}")
            continue
        c = "(JVM)" if "Spark" in name else f"{cpu[name] * 1000:9.0f} {cpu[name] / cfloor:6.2f}"
        print(f"  {name:24s} {wall[name] * 1000:9.0f} {wall[name] / floor:6.2f} {c:>16s}  {memory[name]}")
    print(f"  all candidates that ran give the same {len(base)} (country, year) rows", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, action="append", help="authorship rows (repeat); default 1M and 10M")
    ap.add_argument("--spark", action="store_true", help="also run ibis on Spark local[2] (slow to start)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=float, default=600, help="seconds a candidate may take before it is stopped")
    ap.add_argument("--one")
    ap.add_argument("--path")
    args = ap.parse_args()
    if args.one:  # child process: run one candidate, report its peak memory
        CANDIDATES[args.one](Path(args.path))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"peak_mib": peak + _jvm_peak_mib()}))
        return
    names = [n for n in CANDIDATES if args.spark or "Spark" not in n]
    print("openalex-ai-research on SYNTHETIC OpenAlex-shaped works (seeded; real schema, random values)")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows or [1_000_000, 10_000_000]:
            run_size(rows, names, args, tmp)


if __name__ == "__main__":
    main()
