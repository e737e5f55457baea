#!/usr/bin/env python3
"""Times python-igraph (C core, one thread) on the graphs of benches/metrics.rs.

    pip install igraph
    python3 benches/igraph_compare.py

Builds the same graphs with the same LCG as `random_graph` in
benches/metrics.rs, then times igraph's betweenness and closeness, unweighted
and with weights 1/w (the `distance` our weighted metrics use). Prints
seconds (best of 3) and, as a cross-check, the sum of the betweenness values
normalised the way networkx and namegraph normalise them. The sums agree
with namegraph's except weighted betweenness on 300x3000 (igraph 1.550216,
networkx and namegraph 1.550186): igraph treats path lengths within an
epsilon as ties, networkx and namegraph only exactly equal float sums.
"""

import time

import igraph

MASK = (1 << 64) - 1


def random_graph(n, m, seed):
    """Knuth's MMIX LCG, exactly as in benches/metrics.rs."""
    state = seed
    seen, edges = set(), []

    def step():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return state >> 33

    while len(edges) < m:
        u, v = step() % n, step() % n
        if u != v and (min(u, v), max(u, v)) not in seen:
            seen.add((min(u, v), max(u, v)))
            edges.append((u, v, float(1 + step() % 5)))
    return edges


def best_of(f, repeat=3):
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = f()
        best = min(best, time.perf_counter() - start)
    return best, value


def main():
    print(f"python-igraph {igraph.__version__}")
    for n, m, seed in [(300, 3000, 1), (2000, 200000, 2)]:
        edges = random_graph(n, m, seed)
        g = igraph.Graph(n=n, edges=[(u, v) for u, v, _ in edges])
        dist = [1.0 / w for _, _, w in edges]
        scale = 2.0 / ((n - 1) * (n - 2))  # igraph counts each pair once
        runs = {
            "betweenness": lambda: g.betweenness(directed=False),
            "betweenness_w": lambda: g.betweenness(directed=False, weights=dist),
            "closeness": lambda: g.closeness(),
            "closeness_w": lambda: g.closeness(weights=dist),
        }
        for name, f in runs.items():
            seconds, values = best_of(f)
            check = sum(values) * (scale if name.startswith("betweenness") else 1.0)
            print(f"{n}x{m} {name:14} {seconds:9.4f} s   sum {check:.12g}")


if __name__ == "__main__":
    main()
