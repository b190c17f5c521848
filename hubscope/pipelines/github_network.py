"""The collaboration graph of one year: cross-border intensity, top partners, weighted degree, PageRank.

The edges are aggregated in ibis (github_collaboration.tables); only the per-year graph, a few
hundred nodes, is handed to networkx. PageRank runs on the directed graph (contributors point to
the economy owning the repository, weighted by volume), so an economy ranks high when the
repositories it owns draw contributions from economies that themselves rank high.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from importlib import resources

import networkx as nx

from .._yaml import safe_load
from .registry import Result

TOP = 3  # partners listed


@lru_cache(maxsize=1)
def asia_pacific() -> frozenset[str]:
    """The ISO alpha-2 codes of the Asia-Pacific network (hubscope/catalog/asia-pacific.yml)."""
    data = safe_load((resources.files("hubscope") / "catalog" / "asia-pacific.yml").read_text(encoding="utf-8"))
    return frozenset(c for group in data["economies"].values() for c in group)


def graph(edges: list[dict]) -> nx.DiGraph:
    g = nx.DiGraph()
    for e in sorted(edges, key=lambda e: (e["source"], e["destination"])):  # same order, same floats
        g.add_edge(e["source"], e["destination"], weight=e["weight"], rows=e["rows"])
    return g


def ranks(scores: dict[str, float]) -> dict[str, int]:
    """1 for the highest score; ties share the better rank."""
    ordered = sorted(scores.values(), reverse=True)
    return {k: ordered.index(v) + 1 for k, v in scores.items()}


def centrality(g: nx.DiGraph, by_iso2: dict[str, str], year: str, suffix: str) -> list[Result]:
    """Weighted degree, PageRank and PageRank rank of each catalog economy in one network."""
    if g.number_of_nodes() == 0:
        return []
    # six decimals: the power iteration converges to 1e-6 per node, further digits are noise
    pr = {k: round(v, 6) for k, v in nx.pagerank(g, weight="weight", tol=1e-10).items()}
    rank = ranks(pr)
    n = g.number_of_nodes()
    out = []
    where = "the Asia-Pacific network (catalog/asia-pacific.yml)" if suffix else "the global network"
    for code in sorted(g.nodes):
        entity = by_iso2.get(code)
        if entity is None:
            continue
        deg = g.degree(code, weight="weight")
        rows = g.degree(code, weight="rows")
        note = f"in {where} of {n} economies and {g.number_of_edges()} directed edges, {year}"
        out += [
            Result(entity, f"github_collab_weighted_degree{suffix}", year, float(deg), "items", rows, note=note),
            Result(entity, f"github_collab_pagerank{suffix}", year, pr[code], "score", g.number_of_edges(), note=note),
            Result(
                entity, f"github_collab_pagerank_rank{suffix}", year, float(rank[code]), "rank",
                g.number_of_edges(), rank_of=n, note=note,
            ),
        ]
    return out


def partners(g: nx.DiGraph, code: str, by_iso2: dict[str, str], year: str) -> list[Result]:
    """The top partners by volume sent plus received, and the top partner's share."""
    from .github_collaboration import label

    vol: dict[str, int] = defaultdict(int)
    rows = 0
    for _, dst, d in g.out_edges(code, data=True):
        vol[dst] += d["weight"]
        rows += d["rows"]
    for src, _, d in g.in_edges(code, data=True):
        vol[src] += d["weight"]
        rows += d["rows"]
    total = sum(vol.values())
    if not total:
        return []
    top = sorted(vol.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    text = ", ".join(f"{label(c, by_iso2)} {100 * v / total:.1f}%" for c, v in top)
    entity = by_iso2[code]
    note = f"share of the economy's cross-border collaboration (sent plus received) with each partner, {year}"
    return [
        Result(entity, "github_collab_top_partners", year, None, "text", rows, text=text, note=note),
        Result(
            entity, "github_collab_top_partner_share", year, 100 * top[0][1] / total, "percent", rows,
            note=f"top partner {label(top[0][0], by_iso2)}; " + note,
        ),
    ]


def network_results(edges: list[dict], pushes: list[dict], by_iso2: dict[str, str]) -> list[Result]:
    """Every network figure, year by year."""
    by_year: dict[int, list[dict]] = defaultdict(list)
    for e in edges:
        by_year[e["year"]].append(e)
    push = {(p["iso2_code"], p["year"]): p for p in pushes}
    apac = asia_pacific()
    out: list[Result] = []
    for y in sorted(by_year):
        year = str(y)
        g = graph(by_year[y])
        out += centrality(g, by_iso2, year, "")
        out += centrality(g.subgraph([c for c in g.nodes if c in apac]).copy(), by_iso2, year, "_apac")
        for code in sorted(g.nodes):
            if code not in by_iso2:
                continue
            out += partners(g, code, by_iso2, year)
            p = push.get((code, y))
            sent = g.out_degree(code, weight="weight")
            if p and p["pushes"]:
                rows = g.out_degree(code, weight="rows") + p["rows"]
                note = f"{sent:,} contributions sent to repositories owned abroad / {p['pushes']:,} git pushes, {year}"
                out.append(
                    Result(by_iso2[code], "github_collab_cross_border_per_100_pushes", year, 100 * sent / p["pushes"],
                           "percent", rows, note=note)
                )
    return out
