#!/usr/bin/env python3
"""Check namegraph's graph exports with other tools.

Usage: check_exports.py DIR [--schema PATH/gexf.rng]

DIR holds one graph's files (the corpus graph) and, under documents/<folder>/,
the same files for each document (documents.csv gives each one's folder):

    graph.gexf  graph.graphml  graph.json  gephi-nodes.csv  gephi-edges.csv  graph.dot

Each directory must have at least graph.gexf, graph.graphml or graph.json;
the checks run on the files that are there:

- every GEXF validates with `xmllint --noout --relaxng gexf.rng` (the schema
  defaults to gexf-1.3/gexf.rng beside this script);
- networkx reads graph.gexf (read_gexf), graph.graphml (read_graphml) and
  graph.json (node_link_graph(data, edges="links")), and the Gephi CSV files
  are read with the csv module; all of them must have the same directedness,
  the same nodes with the same labels, the same edges with the same weights
  and the same attribute values, with the same Python types (str, int,
  float) in GEXF, GraphML and JSON (CSV cells are converted to the type the
  other formats have; they carry no formula guard);
  floats must be equal exactly, since every format writes round-trip digits;
  an empty string counts as a missing value (GraphML cannot tell them apart);
- if DIR has edges.csv (scope,source,target,weight,jaccard,npmi) or
  metrics.csv (scope,entity,label,type,mentions,degree,...,community), the
  rows of each scope (`corpus` for DIR, the document id for documents/<id>/)
  must name exactly the graph's edges and nodes and carry the same values
  (numbers within a relative 1e-9; an empty cell is a missing value);
- `dot -Tsvg` and `sfdp -Tsvg` accept every graph.dot.

Prints one line per directory checked; on any mismatch prints every problem
and exits with status 1. Needs python3 with networkx (pip install networkx),
xmllint (apt-get install libxml2-utils) and Graphviz (apt-get install
graphviz).
"""

import argparse
import csv
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import networkx as nx
except ImportError:
    sys.exit("check_exports.py: networkx is not installed (pip install networkx)")

METRIC_COLUMNS = [
    "type", "mentions", "degree", "strength", "betweenness", "closeness",
    "betweenness_w", "closeness_w", "eigenvector", "pagerank", "community",
]
EDGE_COLUMNS = ["jaccard", "npmi"]


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, message):
        self.items.append(f"{where}: {message}")


def unguard(cell):
    """Undo the formula guard of the tables: a cell that starts with ' had
    one put before it (before = + - @ tab CR, or '), never in Gephi's CSVs."""
    if cell.startswith("'"):
        return cell[1:]
    return cell


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        return None


# ---- reading each format into one neutral shape ---------------------------
#
# A graph is {"directed": bool, "name": str|None,
#             "nodes": {id: {"label": str, attr: value}},
#             "edges": {key: {"weight": float, attr: value}}}
# where key is (source, target) for directed graphs and a frozenset otherwise.


def edge_key(directed, u, v):
    return (u, v) if directed else frozenset((u, v))


def kept(data, drop):
    # An empty string is a missing value: GraphML readers cannot tell them apart.
    return {k: v for k, v in data.items() if k not in drop and v != ""}


def from_networkx(g, drop_node=(), drop_edge=()):
    nodes = {}
    for n, data in g.nodes(data=True):
        nodes[n] = kept(data, drop_node)
    edges = {}
    for u, v, data in g.edges(data=True):
        key = edge_key(g.is_directed(), u, v)
        edges[key] = kept(data, drop_edge)
    return {
        "directed": g.is_directed(),
        "name": g.graph.get("name"),
        "nodes": nodes,
        "edges": edges,
        "multi": g.is_multigraph(),
    }


def read_gexf(path):
    g = nx.read_gexf(path)
    return from_networkx(g, drop_node=("viz",), drop_edge=("id",))


def read_graphml(path):
    g = nx.read_graphml(path)
    return from_networkx(g, drop_edge=("id",))


def read_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="links")
    return from_networkx(g)


def read_gephi(nodes_path, edges_path):
    with open(nodes_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    if header[:2] != ["Id", "Label"]:
        raise ValueError(f"{nodes_path}: header starts {header[:2]}, expected Id,Label")
    nodes = {}
    for r in rows:
        attrs = {"label": r[1]} if r[1] != "" else {}
        for name, cell in zip(header[2:], r[2:]):
            if cell != "":
                attrs[name] = cell  # typed later against the other formats
        nodes[r[0]] = attrs
    with open(edges_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    if header[:4] != ["Source", "Target", "Type", "Weight"]:
        raise ValueError(f"{edges_path}: header starts {header[:4]}, expected Source,Target,Type,Weight")
    kinds = {r[2] for r in rows}
    if not kinds <= {"Directed", "Undirected"} or len(kinds) > 1:
        raise ValueError(f"{edges_path}: Type column has {sorted(kinds)}")
    directed = kinds == {"Directed"}
    edges = {}
    for r in rows:
        attrs = {"weight": r[3]}
        for name, cell in zip(header[4:], r[4:]):
            if cell != "":
                attrs[name] = cell
        key = edge_key(directed, r[0], r[1])
        if key in edges:
            raise ValueError(f"{edges_path}: edge {sorted(key)} twice")
        edges[key] = attrs
    return {"directed": directed if rows else None, "name": None, "nodes": nodes,
            "edges": edges, "multi": False}


# ---- comparing -------------------------------------------------------------


def typed_like(cell, reference):
    """Convert a CSV cell to the type the reference value has."""
    if isinstance(reference, bool):
        return cell.lower() == "true"
    if isinstance(reference, int):
        return int(cell)
    if isinstance(reference, float):
        return float(cell)
    return cell


def same_value(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def show(key):
    return repr(sorted(key)) if isinstance(key, frozenset) else repr(key)


def compare(where, ref_name, ref, other_name, other, problems, typed_csv=False):
    if other["multi"] or ref["multi"]:
        problems.add(where, f"{other_name if other['multi'] else ref_name} has parallel edges")
    if other["directed"] is not None and ref["directed"] != other["directed"]:
        problems.add(where, f"{ref_name} directed={ref['directed']}, {other_name} directed={other['directed']}")
    for kind in ("nodes", "edges"):
        a, b = ref[kind], other[kind]
        if len(a) != len(b):
            problems.add(where, f"{ref_name} has {len(a)} {kind}, {other_name} has {len(b)}")
        for key in sorted(a.keys() - b.keys(), key=show):
            problems.add(where, f"{kind[:-1]} {show(key)} is in {ref_name} but not in {other_name}")
        for key in sorted(b.keys() - a.keys(), key=show):
            problems.add(where, f"{kind[:-1]} {show(key)} is in {other_name} but not in {ref_name}")
        for key in sorted(a.keys() & b.keys(), key=show):
            da, db = a[key], b[key]
            if da.keys() != db.keys():
                problems.add(where, f"{kind[:-1]} {show(key)}: attributes {sorted(da)} in {ref_name}, {sorted(db)} in {other_name}")
            for attr in sorted(da.keys() & db.keys()):
                va, vb = da[attr], db[attr]
                if typed_csv:
                    try:
                        vb = typed_like(vb, va)
                    except ValueError:
                        problems.add(where, f"{kind[:-1]} {show(key)}: {attr}={vb!r} in {other_name} is not a {type(va).__name__}")
                        continue
                if not same_value(va, vb):
                    problems.add(where, f"{kind[:-1]} {show(key)}: {attr}={va!r} ({type(va).__name__}) in {ref_name}, {vb!r} ({type(vb).__name__}) in {other_name}")


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def compare_table(where, graph, table_name, rows, key_of, columns, kind, problems):
    """Rows of edges.csv / metrics.csv for one scope against the graph."""
    items = graph[kind]
    seen = set()
    for row in rows:
        key = key_of(row)
        seen.add(key)
        if key not in items:
            problems.add(where, f"{table_name} names {kind[:-1]} {show(key)}, which the graph lacks")
            continue
        data = items[key]
        for col in columns:
            cell = unguard(row.get(col, ""))
            if col not in row:
                continue
            if cell == "":
                if col in data:
                    problems.add(where, f"{table_name}: {show(key)} {col} is empty, the graph has {data[col]!r}")
                continue
            if col not in data:
                problems.add(where, f"{table_name}: {show(key)} {col}={cell!r}, the graph has no value")
                continue
            ref = data[col]
            try:
                if isinstance(ref, (int, float)) and not isinstance(ref, bool):
                    ok = close(float(cell), float(ref))
                else:
                    ok = cell == ref
            except ValueError:
                ok = False
            if not ok:
                problems.add(where, f"{table_name}: {show(key)} {col}={cell!r}, the graph has {ref!r}")
    for key in sorted(items.keys() - seen, key=show):
        problems.add(where, f"{kind[:-1]} {show(key)} of the graph has no row in {table_name}")


def load_table(path):
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---- one directory ---------------------------------------------------------


def check_dir(d, scope, schema, tables, problems):
    where = str(d)
    found = []
    graphs = {}
    readers = [
        ("GEXF", "graph.gexf", read_gexf),
        ("GraphML", "graph.graphml", read_graphml),
        ("JSON", "graph.json", read_json),
    ]
    for name, file, reader in readers:
        path = d / file
        if not path.exists():
            continue
        found.append(file)
        try:
            graphs[name] = reader(path)
        except Exception as e:  # any reader failure is a finding
            problems.add(str(path), f"{name} reader failed: {type(e).__name__}: {e}")
    gexf = d / "graph.gexf"
    if gexf.exists():
        r = run(["xmllint", "--noout", "--relaxng", str(schema), str(gexf)])
        if r is None:
            problems.add(str(gexf), "xmllint is not installed (apt-get install libxml2-utils)")
        elif r.returncode != 0:
            problems.add(str(gexf), f"does not validate against {schema}:\n{r.stderr.strip()}")
    if not graphs:
        problems.add(where, "none of graph.gexf, graph.graphml, graph.json is readable here")
        return
    ref_name = next(iter(graphs))
    ref = graphs[ref_name]
    for name, g in graphs.items():
        if name != ref_name:
            compare(where, ref_name, ref, name, g, problems)
    if "GraphML" in graphs and "JSON" in graphs:
        a, b = graphs["GraphML"]["name"], graphs["JSON"]["name"]
        if a != b:
            problems.add(where, f"graph name {a!r} in GraphML, {b!r} in JSON")
    nodes_csv, edges_csv = d / "gephi-nodes.csv", d / "gephi-edges.csv"
    if nodes_csv.exists() and edges_csv.exists():
        found.append("gephi-*.csv")
        try:
            gephi = read_gephi(nodes_csv, edges_csv)
            if gephi["directed"] is None:
                gephi["directed"] = ref["directed"]
            compare(where, ref_name, ref, "Gephi CSV", gephi, problems, typed_csv=True)
        except Exception as e:
            problems.add(where, f"Gephi CSV: {type(e).__name__}: {e}")
    elif nodes_csv.exists() != edges_csv.exists():
        problems.add(where, "only one of gephi-nodes.csv and gephi-edges.csv is present")
    dot = d / "graph.dot"
    if dot.exists():
        found.append(dot.name)
        for engine in ("dot", "sfdp"):
            r = run([engine, "-Tsvg", str(dot), "-o", "/dev/null"])
            if r is None:
                problems.add(str(dot), f"Graphviz `{engine}` is not installed (apt-get install graphviz)")
            elif r.returncode != 0:
                problems.add(str(dot), f"`{engine} -Tsvg` failed:\n{r.stderr.strip()}")
    edges_rows, metrics_rows = tables
    if edges_rows is not None:
        rows = [r for r in edges_rows if unguard(r["scope"]) == scope]
        directed = ref["directed"]
        compare_table(
            where, ref, "edges.csv", rows,
            lambda r: edge_key(directed, unguard(r["source"]), unguard(r["target"])),
            ["weight"] + EDGE_COLUMNS, "edges", problems,
        )
        found.append("edges.csv")
    if metrics_rows is not None:
        rows = [r for r in metrics_rows if unguard(r["scope"]) == scope]
        compare_table(
            where, ref, "metrics.csv", rows, lambda r: unguard(r["entity"]),
            ["label"] + METRIC_COLUMNS, "nodes", problems,
        )
        found.append("metrics.csv")
    print(f"read {scope}: {len(ref['nodes'])} nodes, {len(ref['edges'])} edges ({', '.join(found)})")


def main():
    here = Path(__file__).resolve().parent
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path, help="output directory of namegraph analyze")
    p.add_argument("--schema", type=Path, default=here / "gexf-1.3" / "gexf.rng",
                   help="GEXF 1.3 RelaxNG schema (default: %(default)s)")
    args = p.parse_args()
    if not args.dir.is_dir():
        sys.exit(f"check_exports.py: {args.dir} is not a directory")
    if not args.schema.exists():
        sys.exit(f"check_exports.py: GEXF schema {args.schema} not found (give --schema)")
    tables = (load_table(args.dir / "edges.csv"), load_table(args.dir / "metrics.csv"))
    problems = Problems()
    check_dir(args.dir, "corpus", args.schema, tables, problems)
    docs = args.dir / "documents"
    if docs.is_dir():
        # documents.csv names each document's folder; without it (an older
        # run) the folder is taken to be the id.
        listed = load_table(args.dir / "documents.csv") or []
        scope_of = {unguard(r["folder"]): unguard(r["document"]) for r in listed if "folder" in r}
        for d in sorted(p for p in docs.iterdir() if p.is_dir()):
            if listed and d.name not in scope_of:
                problems.add(str(d), "a folder documents.csv does not list")
            check_dir(d, scope_of.get(d.name, d.name), args.schema, tables, problems)
    if problems.items:
        print(f"\n{len(problems.items)} problem(s):", file=sys.stderr)
        for item in problems.items:
            print(f"  {item}", file=sys.stderr)
        sys.exit(1)
    print("all exports agree")


if __name__ == "__main__":
    main()
