#!/usr/bin/env python3
"""The Python baseline: a pyahocorasick + networkx co-mention pipeline.

    pip install pyahocorasick networkx      (networkx's pagerank also needs scipy)
    python3 benches/python_pipeline.py CORPUS_DIR OUT_DIR

This is what namegraph is compared against: the pipeline a digital-humanities
researcher would write in an afternoon, over the same files (every `*.txt` of
CORPUS_DIR, sorted, not recursive) with the same aliases (every `*.csv` of
`gazetteer/`, each alias as written and in ALL CAPS unless it already is):

1. one pyahocorasick `Automaton` over all aliases, leftmost-longest search
   (`iter_long`) over each whole document;
2. UTF-8 decoding (errors="replace"), white space collapsed by a regex,
   sentences split by the regex `(?<=[.!?])\\s+`; a match belongs to the
   sentence it starts in; only whole-word matches are kept (no letter or
   digit before or after, where the alias itself begins or ends with one,
   as namegraph's rule); an alias shared by several entities goes to the one
   with the most unambiguous mentions in the document (namegraph's rule);
3. co-mentions per sentence (edge weight = number of sentences naming both,
   no self loops), one networkx Graph per document and one for the corpus
   (weights summed), with degree, strength, PageRank (weighted), betweenness
   and closeness (unweighted);
4. `mentions.csv` (document,start,end,entity,text; start/end are character
   offsets into the white-space-collapsed text), `edges.csv`
   (scope,source,target,weight) and `metrics.csv`
   (scope,entity,degree,strength,betweenness,closeness,pagerank) in OUT_DIR,
   written with the `csv` module (mentions as each document is done).

It prints `files=N bytes=B mentions=M seconds=S MB/s=X` (time from start to the
last file written, `time.perf_counter()`; MB = 10^6 bytes) and the split
between scanning, graphs + metrics, and writing.

`namegraph analyze CORPUS_DIR -o OUT -q` does much more than this: it segments
each document into sections, paragraphs and sentences (abbreviations,
initials, headings), normalises the text with offset maps back to the original
bytes (curly quotes, hyphenated line breaks, OCR-aware rules), restarts the
search inside a rejected match so that no mention is lost, computes weighted as
well as unweighted metrics (and eigenvector, communities, Jaccard, NPMI),
lays out and writes six graph formats per document, and extracts citations.
So the comparison flatters this script, if anything.
"""

import bisect
import csv
import re
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import ahocorasick
import networkx as nx

GAZETTEER = Path(__file__).resolve().parent.parent / "gazetteer"
SPACES = re.compile(r"\s+")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def load_gazetteer(directory):
    """Entity ids in file order, and {pattern: (entities, written)}."""
    ids, patterns = [], {}

    def add(pattern, entity, written):
        if not pattern:
            return
        entities, was_written = patterns.get(pattern, ((), False))
        if written and not was_written:  # an alias as written beats a derived form
            entities, was_written = (), True
        if (written or not was_written) and entity not in entities:
            entities = tuple(sorted(entities + (entity,)))
        patterns[pattern] = (entities, was_written)

    for path in sorted(directory.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                index = len(ids)
                ids.append(row["id"])
                aliases = [row["label"]] + (row["aliases"] or "").split("|")
                for alias in aliases:
                    alias = SPACES.sub(" ", alias).strip()
                    add(alias, index, True)
                    if alias != alias.upper():
                        add(alias.upper(), index, False)
    return ids, patterns


def build_automaton(patterns):
    automaton = ahocorasick.Automaton()
    for pattern, (entities, _) in patterns.items():
        # Edge flags: whether the whole-word rule applies at each end.
        automaton.add_word(
            pattern, (len(pattern), entities, pattern[0].isalnum(), pattern[-1].isalnum())
        )
    automaton.make_automaton()
    return automaton


def scan(text, automaton):
    """Whole-word matches as (start, end, entities), in order."""
    found = []
    n = len(text)
    for last, (length, entities, word_start, word_end) in automaton.iter_long(text):
        start, end = last - length + 1, last + 1
        if word_start and start > 0 and text[start - 1].isalnum():
            continue
        if word_end and end < n and text[end].isalnum():
            continue
        found.append((start, end, entities))
    return found


def resolve(matches):
    """The entity of each match: a shared alias goes to its candidate with the
    most unambiguous mentions in the document (ties: gazetteer order)."""
    sure = Counter(e[0] for _, _, e in matches if len(e) == 1)
    return [e[0] if len(e) == 1 else max(e, key=lambda x: (sure[x], -x)) for _, _, e in matches]


def comentions(sentence_of, entities):
    """Edge weights: the number of sentences naming both entities."""
    weights = Counter()
    by_sentence = {}
    for s, e in zip(sentence_of, entities):
        by_sentence.setdefault(s, set()).add(e)
    for names in by_sentence.values():
        if len(names) > 1:
            weights.update(combinations(sorted(names), 2))
    return weights


def graph(nodes, weights):
    G = nx.Graph()
    G.add_nodes_from(nodes)
    G.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())
    return G


def metric_rows(scope, G, ids):
    if G.number_of_nodes() == 0:
        return []
    degree = dict(G.degree())
    strength = dict(G.degree(weight="weight"))
    pagerank = nx.pagerank(G, weight="weight")
    betweenness = nx.betweenness_centrality(G)
    closeness = nx.closeness_centrality(G)
    return [
        [scope, ids[e], degree[e], strength[e], betweenness[e], closeness[e], pagerank[e]]
        for e in sorted(G)
    ]


def edge_rows(scope, weights, ids):
    return [[scope, ids[a], ids[b], w] for (a, b), w in sorted(weights.items())]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    t0 = time.perf_counter()
    corpus_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    ids, patterns = load_gazetteer(GAZETTEER)
    automaton = build_automaton(patterns)
    t_load = time.perf_counter() - t0
    t_scan = t_graph = t_write = 0.0

    files = sorted(p for p in corpus_dir.glob("*.txt") if p.is_file())
    total_bytes = total_mentions = 0
    corpus_weights, corpus_nodes = Counter(), set()
    edges, metrics = [], []

    mentions_file = open(out_dir / "mentions.csv", "w", newline="", encoding="utf-8")
    mentions_csv = csv.writer(mentions_file)
    mentions_csv.writerow(["document", "start", "end", "entity", "text"])
    for path in files:
        t = time.perf_counter()
        data = path.read_bytes()
        total_bytes += len(data)
        text = SPACES.sub(" ", data.decode("utf-8", errors="replace")).strip()
        sentence_starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
        matches = scan(text, automaton)
        entities = resolve(matches)
        sentence_of = [bisect.bisect_right(sentence_starts, m[0]) - 1 for m in matches]
        total_mentions += len(matches)
        t_scan += time.perf_counter() - t

        t = time.perf_counter()
        doc = path.stem
        weights = comentions(sentence_of, entities)
        nodes = set(entities)
        corpus_weights.update(weights)
        corpus_nodes |= nodes
        metrics += metric_rows(doc, graph(nodes, weights), ids)
        edges += edge_rows(doc, weights, ids)
        t_graph += time.perf_counter() - t

        t = time.perf_counter()
        mentions_csv.writerows(
            (doc, s, e, ids[x], text[s:e]) for (s, e, _), x in zip(matches, entities)
        )
        t_write += time.perf_counter() - t

    t = time.perf_counter()
    corpus_metrics = metric_rows("corpus", graph(corpus_nodes, corpus_weights), ids)
    corpus_edges = edge_rows("corpus", corpus_weights, ids)
    t_graph += time.perf_counter() - t

    t = time.perf_counter()
    mentions_file.close()
    with open(out_dir / "edges.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["scope", "source", "target", "weight"])
        w.writerows(corpus_edges)
        w.writerows(edges)
    with open(out_dir / "metrics.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["scope", "entity", "degree", "strength", "betweenness", "closeness", "pagerank"])
        w.writerows(corpus_metrics)
        w.writerows(metrics)
    t_write += time.perf_counter() - t

    seconds = time.perf_counter() - t0
    print(
        f"files={len(files)} bytes={total_bytes} mentions={total_mentions} "
        f"seconds={seconds:.2f} MB/s={total_bytes / 1e6 / seconds:.2f}"
    )
    print(
        f"  load+compile={t_load:.2f}s ({len(patterns)} patterns) scan={t_scan:.2f}s "
        f"graphs+metrics={t_graph:.2f}s writing={t_write:.2f}s"
    )


if __name__ == "__main__":
    main()
