//! Round trips for the graph exporters: every format is written, parsed back
//! with an independent reader (quick-xml for GEXF and GraphML, serde_json,
//! the csv crate, graphviz-rust's DOT parser) and compared with the model,
//! values and types included, for a graph whose ids and labels are hostile.
//! Also: GEXF validates against the RelaxNG schema (when `xmllint` is
//! installed), output and layout are deterministic, and the Python interop
//! script accepts a directory of outputs (when python3 with networkx is
//! installed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
use namegraph::export::layout::{self, Layout};
use namegraph::export::model::{
    AttrDecl, AttrKind, AttrValue, ExportEdge, ExportGraph, ExportNode,
};
use namegraph::export::style::Style;
use namegraph::export::{Files, dot, gephi, gexf, graphml, json, palette};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// Ids and labels that break naive writers: quotes, markup, backslashes,
/// line breaks, Cyrillic and other non-ASCII, spreadsheet formulas, DOT
/// statements.
const HOSTILE: &[(&str, &str)] = &[
    ("hostile-\"quoted\"", "Vladimir \"Ilyich\" Ulyanov"),
    ("hostile-<tag>&amp;", "Party <of> Labour & Co"),
    ("hostile\\back\\slash\\", "C:\\Temp\\new\\"),
    ("hostile-кириллица", "Владимир Ильич Ленин"),
    ("=hostile-formula", "=SUM(A1:A9)"),
    ("+hostile-plus", "+Plus Organisation"),
    ("-hostile-minus", "-Minus Event"),
    ("@hostile-at", "@At Journal"),
    ("hostile-newline", "Line one\nline two"),
    ("hostile-crlf", "Carriage\r\nreturn\rand\ttab"),
    (
        "hostile-mixed",
        "Zürich ☃ 東京 🎉 'single' </data> ]]> -- <!-- x --> &#38; &lt;",
    ),
    ("inject\"];a--b;//", "\"] ; x -- y [label=\"pwned"),
    ("plain", "  spaced  label  "),
];

fn node_attrs() -> Vec<AttrDecl> {
    use AttrKind::*;
    [
        ("type", String),
        ("mentions", Integer),
        ("degree", Integer),
        ("strength", Float),
        ("betweenness", Float),
        ("closeness", Float),
        ("betweenness_w", Float),
        ("closeness_w", Float),
        ("eigenvector", Float),
        ("pagerank", Float),
        ("community", Integer),
        ("wikidata", String),
    ]
    .into_iter()
    .map(|(n, k)| AttrDecl::new(n, k))
    .collect()
}

/// A co-mention graph with the real attribute schema and hostile values.
fn hostile_graph() -> ExportGraph {
    let types = ["person", "party", "place", "work", "per\"son<&>"];
    let nodes: Vec<ExportNode> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, (id, label))| {
            let x = i as f64;
            ExportNode {
                id: id.to_string(),
                label: label.to_string(),
                attrs: vec![
                    AttrValue::Str(types[i % types.len()].to_string()),
                    AttrValue::Int(10 + i as i64),
                    AttrValue::Int(i as i64 % 4),
                    AttrValue::Float(x * 1.5),
                    if i == 3 {
                        AttrValue::Float(f64::NAN)
                    } else {
                        AttrValue::Float(1.0 / (x + 3.0))
                    },
                    AttrValue::Float(0.1 * x),
                    AttrValue::Float(1e-7 * x),
                    AttrValue::Float(-0.0),
                    AttrValue::Float(1e21 + x),
                    AttrValue::Float((x + 1.0) / 91.0),
                    AttrValue::Int(if i == 2 { -1 } else { (i % 3) as i64 }),
                    if i % 2 == 0 {
                        AttrValue::Str(format!("Q{i}<&>\"'\n="))
                    } else {
                        AttrValue::Missing
                    },
                ],
            }
        })
        .collect();
    let n = nodes.len();
    let mut edges = Vec::new();
    for s in 0..n {
        for t in (s + 1)..n {
            if (s * 7 + t * 3) % 4 == 0 || t == s + 1 {
                let k = edges.len() as f64;
                edges.push(ExportEdge {
                    source: s,
                    target: t,
                    weight: 1.0 + k / 3.0,
                    attrs: if s % 3 == 0 {
                        vec![AttrValue::Missing, AttrValue::Missing]
                    } else {
                        vec![AttrValue::Float(k / 17.0), AttrValue::Float(-k / 23.0)]
                    },
                });
            }
        }
    }
    ExportGraph {
        name: "co-mention graph, \"corpus\" <&> \\".to_string(),
        directed: false,
        node_attrs: node_attrs(),
        edge_attrs: vec![
            AttrDecl::new("jaccard", AttrKind::Float),
            AttrDecl::new("npmi", AttrKind::Float),
        ],
        nodes,
        edges,
    }
}

/// A small directed citation graph.
fn citation_graph() -> ExportGraph {
    let node = |id: &str, label: &str, kind: &str| ExportNode {
        id: id.into(),
        label: label.into(),
        attrs: vec![AttrValue::Str(kind.into())],
    };
    let edge = |source, target| ExportEdge {
        source,
        target,
        weight: 1.0,
        attrs: vec![],
    };
    ExportGraph {
        name: "citation graph".into(),
        directed: true,
        node_attrs: vec![AttrDecl::new("type", AttrKind::String)],
        edge_attrs: vec![],
        nodes: vec![
            node("unit:1", "Chapter \"One\"", "unit"),
            node("work:capital", "Das Kapital", "work"),
            node("author:marx", "Маркс", "author"),
        ],
        edges: vec![edge(0, 1), edge(1, 2)],
    }
}

// ---- the neutral form every parser produces ------------------------------

type Attrs = BTreeMap<String, AttrValue>;

#[derive(Debug, PartialEq)]
struct Parsed {
    directed: bool,
    /// (id, label, attributes)
    nodes: Vec<(String, String, Attrs)>,
    /// (source id, target id, weight, attributes)
    edges: Vec<(String, String, Option<f64>, Attrs)>,
}

fn present(decls: &[AttrDecl], values: &[AttrValue]) -> Attrs {
    decls
        .iter()
        .zip(values)
        .filter(|(_, v)| match v {
            AttrValue::Missing => false,
            AttrValue::Float(x) => x.is_finite(),
            _ => true,
        })
        .map(|(d, v)| (d.name.clone(), v.clone()))
        .collect()
}

/// What every reader should see: missing and non-finite values absent.
fn expected(g: &ExportGraph) -> Parsed {
    Parsed {
        directed: g.directed,
        nodes: g
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.clone(),
                    n.label.clone(),
                    present(&g.node_attrs, &n.attrs),
                )
            })
            .collect(),
        edges: g
            .edges
            .iter()
            .map(|e| {
                (
                    g.nodes[e.source].id.clone(),
                    g.nodes[e.target].id.clone(),
                    Some(e.weight),
                    present(&g.edge_attrs, &e.attrs),
                )
            })
            .collect(),
    }
}

fn typed(kind: &str, text: &str) -> AttrValue {
    match kind {
        "string" => AttrValue::Str(text.to_string()),
        "integer" | "long" | "int" => AttrValue::Int(text.parse().expect(text)),
        "double" | "float" => AttrValue::Float(text.parse().expect(text)),
        other => panic!("unexpected attribute type {other:?}"),
    }
}

// ---- XML -----------------------------------------------------------------

/// Attributes as a conforming XML 1.0 parser sees them (attribute-value
/// normalisation applied, so a raw line break would turn into a space).
fn xml_attrs(e: &BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            let key = String::from_utf8(a.key.as_ref().as_bytes().to_vec()).expect("utf-8");
            let value = a
                .normalized_value(XmlVersion::Explicit1_0)
                .expect("valid escapes")
                .into_owned();
            (key, value)
        })
        .collect()
}

fn local(e: &BytesStart) -> String {
    String::from_utf8_lossy(e.name().as_ref().as_bytes()).into_owned()
}

/// Text of the current element up to its end, entities and character
/// references resolved, line ends normalised as XML 1.0 requires.
fn element_text(r: &mut Reader<&[u8]>) -> String {
    let mut text = String::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(g) => {
                if let Some(c) = g.resolve_char_ref().expect("valid char ref") {
                    text.push(c);
                } else {
                    let name: &str = &g;
                    let resolved = quick_xml::escape::resolve_predefined_entity(name)
                        .unwrap_or_else(|| panic!("unknown entity {name}"));
                    text.push_str(resolved);
                }
            }
            Event::End(_) => return text,
            other => panic!("unexpected {other:?} inside a text element"),
        }
    }
}

fn parse_gexf(bytes: &[u8]) -> Parsed {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let mut r = Reader::from_str(text);
    let mut out = Parsed {
        directed: false,
        nodes: vec![],
        edges: vec![],
    };
    let mut class = String::new();
    let mut in_edges = false;
    let mut types: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    loop {
        let (e, _empty) = match r.read_event().expect("well-formed GEXF") {
            Event::Eof => break,
            Event::Start(e) => (e.into_owned(), false),
            Event::Empty(e) => (e.into_owned(), true),
            _ => continue,
        };
        let a = xml_attrs(&e);
        match local(&e).as_str() {
            "gexf" => {
                assert_eq!(a["xmlns"], gexf::NS);
                assert_eq!(a["xmlns:viz"], gexf::NS_VIZ);
                assert_eq!(a["version"], "1.3");
            }
            "graph" => out.directed = a["defaultedgetype"] == "directed",
            "attributes" => class = a["class"].clone(),
            "attribute" => {
                types.insert(
                    (class.clone(), a["id"].clone()),
                    (a["title"].clone(), a["type"].clone()),
                );
            }
            "edges" => in_edges = true,
            "node" => out
                .nodes
                .push((a["id"].clone(), a["label"].clone(), Attrs::new())),
            "edge" => out.edges.push((
                a["source"].clone(),
                a["target"].clone(),
                a.get("weight").map(|w| w.parse().expect("weight")),
                Attrs::new(),
            )),
            "attvalue" => {
                let cls = if in_edges { "edge" } else { "node" };
                let (title, kind) = &types[&(cls.to_string(), a["for"].clone())];
                let value = typed(kind, &a["value"]);
                let attrs = if in_edges {
                    &mut out.edges.last_mut().expect("an edge").3
                } else {
                    &mut out.nodes.last_mut().expect("a node").2
                };
                attrs.insert(title.clone(), value);
            }
            _ => {}
        }
    }
    out
}

fn parse_graphml(bytes: &[u8]) -> (Parsed, String) {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let mut r = Reader::from_str(text);
    let mut out = Parsed {
        directed: false,
        nodes: vec![],
        edges: vec![],
    };
    let mut name = String::new();
    // key id → (for, attr.name, attr.type)
    let mut keys: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut owner = "graph";
    loop {
        let e = match r.read_event().expect("well-formed GraphML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => e.into_owned(),
            _ => continue,
        };
        let a = xml_attrs(&e);
        match local(&e).as_str() {
            "graphml" => assert_eq!(a["xmlns"], graphml::NS),
            "key" => {
                keys.insert(
                    a["id"].clone(),
                    (
                        a["for"].clone(),
                        a["attr.name"].clone(),
                        a["attr.type"].clone(),
                    ),
                );
            }
            "graph" => out.directed = a["edgedefault"] == "directed",
            "node" => {
                owner = "node";
                out.nodes
                    .push((a["id"].clone(), String::new(), Attrs::new()));
            }
            "edge" => {
                owner = "edge";
                out.edges
                    .push((a["source"].clone(), a["target"].clone(), None, Attrs::new()));
            }
            "data" => {
                let (domain, attr, kind) = keys[&a["key"]].clone();
                assert_eq!(domain, owner, "key {attr} used on a {owner}");
                let text = element_text(&mut r);
                match (owner, attr.as_str()) {
                    ("graph", "name") => name = text,
                    ("node", "label") => out.nodes.last_mut().expect("node").1 = text,
                    ("edge", "weight") => {
                        out.edges.last_mut().expect("edge").2 = Some(text.parse().expect("w"))
                    }
                    ("node", _) => {
                        out.nodes
                            .last_mut()
                            .expect("node")
                            .2
                            .insert(attr, typed(&kind, &text));
                    }
                    _ => {
                        out.edges
                            .last_mut()
                            .expect("edge")
                            .3
                            .insert(attr, typed(&kind, &text));
                    }
                }
            }
            _ => {}
        }
    }
    (out, name)
}

// ---- JSON ----------------------------------------------------------------

fn json_attrs(obj: &serde_json::Map<String, serde_json::Value>, skip: &[&str]) -> Attrs {
    obj.iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) => AttrValue::Str(s.clone()),
                serde_json::Value::Number(n) if n.is_i64() => {
                    AttrValue::Int(n.as_i64().expect("i64"))
                }
                serde_json::Value::Number(n) => AttrValue::Float(n.as_f64().expect("f64")),
                other => panic!("unexpected JSON value {other} for {k}"),
            };
            (k.clone(), value)
        })
        .collect()
}

fn parse_json(bytes: &[u8]) -> (Parsed, serde_json::Value) {
    let v: serde_json::Value = serde_json::from_slice(bytes).expect("valid JSON");
    let s = |x: &serde_json::Value| x.as_str().expect("a string").to_string();
    let parsed = Parsed {
        directed: v["directed"].as_bool().expect("directed"),
        nodes: v["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| {
                let o = n.as_object().expect("node object");
                (s(&n["id"]), s(&n["label"]), json_attrs(o, &["id", "label"]))
            })
            .collect(),
        edges: v["links"]
            .as_array()
            .expect("links")
            .iter()
            .map(|e| {
                let o = e.as_object().expect("link object");
                (
                    s(&e["source"]),
                    s(&e["target"]),
                    e["weight"].as_f64(),
                    json_attrs(o, &["source", "target", "weight"]),
                )
            })
            .collect(),
    };
    (parsed, v)
}

// ---- CSV -----------------------------------------------------------------

/// Undoes `text_cell`'s formula guard: one leading `'` dropped.
fn unguard(s: &str) -> String {
    s.strip_prefix('\'').unwrap_or(s).to_string()
}

/// The guard can always be undone: a text that itself starts with `'` is
/// guarded too (`'=x` used to be written as it is and read back as `=x`).
#[test]
fn the_formula_guard_is_undone_by_dropping_one_quote() {
    for text in [
        "=x", "'=x", "''", "'", "-1 x", "plain", "\tx", "@a", "+", "'quoted'",
    ] {
        let cell = namegraph::export::csv::text_cell(text);
        assert_eq!(unguard(&cell), text, "{cell}");
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
    assert_eq!(namegraph::export::csv::text_cell("plain"), "plain");
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn csv_attrs(decls: &[AttrDecl], header: &[String], row: &[String]) -> Attrs {
    header
        .iter()
        .zip(row)
        .filter(|(_, cell)| !cell.is_empty())
        .map(|(h, cell)| {
            let d = decls
                .iter()
                .find(|d| &d.name == h)
                .expect("declared column");
            let value = match d.kind {
                AttrKind::String => AttrValue::Str(unguard(cell)),
                AttrKind::Integer => typed("long", cell),
                AttrKind::Float => typed("double", cell),
            };
            (h.clone(), value)
        })
        .collect()
}

fn parse_gephi(g: &ExportGraph, nodes: &[u8], edges: &[u8]) -> Parsed {
    let (nh, nrows) = csv_rows(nodes);
    assert_eq!(nh[..2], ["Id", "Label"]);
    let (eh, erows) = csv_rows(edges);
    assert_eq!(eh[..4], ["Source", "Target", "Type", "Weight"]);
    let kinds: Vec<&String> = erows.iter().map(|r| &r[2]).collect();
    let directed = kinds.iter().all(|k| *k == "Directed") && !kinds.is_empty();
    Parsed {
        directed,
        nodes: nrows
            .iter()
            .map(|r| {
                (
                    unguard(&r[0]),
                    unguard(&r[1]),
                    csv_attrs(&g.node_attrs, &nh[2..], &r[2..]),
                )
            })
            .collect(),
        edges: erows
            .iter()
            .map(|r| {
                (
                    unguard(&r[0]),
                    unguard(&r[1]),
                    Some(r[3].parse().expect("weight")),
                    csv_attrs(&g.edge_attrs, &eh[4..], &r[4..]),
                )
            })
            .collect(),
    }
}

// ---- DOT -----------------------------------------------------------------

/// The text of a DOT id as Graphviz shows it in a label: `\"` → `"`,
/// `\\` → `\`, `\n` → line break.
fn dot_text(id: &Id) -> String {
    let raw = match id {
        Id::Escaped(s) => s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .expect("quoted")
            .to_string(),
        Id::Plain(s) | Id::Html(s) => return s.clone(),
        Id::Anonymous(_) => return String::new(),
    };
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("dangling backslash in {raw:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A node's name as Graphviz reads a quoted id: only `\"` is an escape
/// (`\\` stays two backslashes, `\n` a backslash and an n).
fn dot_name(id: &Id) -> String {
    match id {
        Id::Escaped(s) => s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .expect("quoted")
            .replace("\\\"", "\""),
        other => dot_text(other),
    }
}

struct DotNode {
    id: String,
    attrs: BTreeMap<String, String>,
}

fn parse_dot(text: &str) -> (bool, Vec<DotNode>, Vec<(String, String, f64)>) {
    let graph = graphviz_rust::parse(text).expect("graphviz-rust parses the DOT file");
    let (directed, stmts) = match graph {
        Graph::Graph { stmts, .. } => (false, stmts),
        Graph::DiGraph { stmts, .. } => (true, stmts),
    };
    let mut nodes = vec![];
    let mut edges = vec![];
    for stmt in stmts {
        match stmt {
            Stmt::Node(n) => nodes.push(DotNode {
                id: dot_name(&n.id.0),
                attrs: n
                    .attributes
                    .iter()
                    .map(|a| (dot_text(&a.0), dot_text(&a.1)))
                    .collect(),
            }),
            Stmt::Edge(e) => {
                let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = e.ty else {
                    panic!("unexpected edge shape {e:?}");
                };
                let pen = e
                    .attributes
                    .iter()
                    .find(|a| dot_text(&a.0) == "penwidth")
                    .map(|a| dot_text(&a.1).parse().expect("penwidth"))
                    .expect("penwidth");
                edges.push((dot_name(&a.0), dot_name(&b.0), pen));
            }
            _ => {}
        }
    }
    (directed, nodes, edges)
}

// ---- the tests -----------------------------------------------------------

fn render_gexf(g: &ExportGraph) -> Vec<u8> {
    let layout = layout::force_atlas2(g, 50);
    gexf::render(g, &Style::default(), &layout).expect("GEXF")
}

#[test]
fn gexf_round_trips_hostile_values() {
    for g in [hostile_graph(), citation_graph()] {
        assert_eq!(parse_gexf(&render_gexf(&g)), expected(&g), "{}", g.name);
    }
}

#[test]
fn gexf_declares_types_and_carries_viz() {
    let g = hostile_graph();
    let text = String::from_utf8(render_gexf(&g)).expect("utf-8");
    assert!(text.contains(r#"<attribute id="mentions" title="mentions" type="integer"/>"#));
    assert!(text.contains(r#"<attribute id="pagerank" title="pagerank" type="double"/>"#));
    assert!(text.contains(r#"<attribute id="type" title="type" type="string"/>"#));
    assert!(text.contains(r#"<attributes class="edge" mode="static">"#));
    assert!(text.contains(r#"defaultedgetype="undirected""#));
    assert_eq!(text.matches("<viz:position ").count(), g.nodes.len());
    assert_eq!(text.matches("<viz:size ").count(), g.nodes.len());
    assert_eq!(text.matches("<viz:color ").count(), g.nodes.len());
    // community 0 gets the first Okabe–Ito colour
    let c = palette::OKABE_ITO[0];
    assert!(text.contains(&format!(
        r#"<viz:color r="{}" g="{}" b="{}"/>"#,
        c.0, c.1, c.2
    )));
    // line breaks in attribute values are character references
    assert!(text.contains("Line one&#10;line two"));
    assert!(!text.contains("NaN") && !text.contains("inf"));
}

#[test]
fn gexf_uses_long_for_wide_integers() {
    let mut g = citation_graph();
    g.node_attrs.push(AttrDecl::new("big", AttrKind::Integer));
    for (i, n) in g.nodes.iter_mut().enumerate() {
        n.attrs
            .push(AttrValue::Int(if i == 1 { 1 << 40 } else { 1 }));
    }
    let text = String::from_utf8(render_gexf(&g)).expect("utf-8");
    assert!(text.contains(r#"title="big" type="long""#));
    assert_eq!(parse_gexf(text.as_bytes()), expected(&g));
}

#[test]
fn gexf_validates_against_the_relaxng_schema() {
    let schema = repo().join("tests/interop/gexf-1.3/gexf.rng");
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("xmllint not installed (apt-get install libxml2-utils): schema check skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, g) in [hostile_graph(), citation_graph(), ExportGraph::default()]
        .iter()
        .enumerate()
    {
        let path = dir.path().join(format!("g{i}.gexf"));
        std::fs::write(&path, render_gexf(g)).expect("write");
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--relaxng")
            .arg(&schema)
            .arg(&path)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "{}: {}",
            g.name,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn graphml_round_trips_hostile_values() {
    for g in [hostile_graph(), citation_graph()] {
        let bytes = graphml::render(&g).expect("GraphML");
        let (parsed, name) = parse_graphml(&bytes);
        assert_eq!(parsed, expected(&g));
        assert_eq!(name, g.name);
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(
            text.contains(r#"<key id="n1" for="node" attr.name="mentions" attr.type="long"/>"#)
                || g.directed
        );
        assert!(text.contains(r#"attr.name="weight" attr.type="double""#));
        // a carriage return survives XML line-end normalisation
        assert!(!text.contains('\r'));
    }
}

#[test]
fn json_round_trips_hostile_values() {
    for g in [hostile_graph(), citation_graph()] {
        let bytes = json::render(&g).expect("JSON");
        let (parsed, v) = parse_json(&bytes);
        assert_eq!(parsed, expected(&g));
        assert_eq!(v["multigraph"], false);
        assert_eq!(v["graph"]["name"], g.name.as_str());
        // id and label lead every node, then the attributes in declaration order
        let text = std::str::from_utf8(&bytes).expect("utf-8");
        let at = |key: &str| text.find(&format!("\"{key}\":")).expect(key);
        assert!(at("id") < at("label") && at("label") < at("type"));
        // integers stay integers, floats floats
        let first = &v["nodes"][0];
        if !g.directed {
            assert!(first["mentions"].is_i64());
            assert!(first["pagerank"].is_f64());
        }
    }
}

#[test]
fn json_leaves_missing_values_out() {
    let g = hostile_graph();
    let (_, v) = parse_json(&json::render(&g).expect("JSON"));
    assert!(v["nodes"][1].get("wikidata").is_none());
    assert!(
        v["nodes"][3].get("betweenness").is_none(),
        "NaN is left out"
    );
    assert!(v["links"][0].get("jaccard").is_none());
    let text = String::from_utf8(json::render(&g).expect("JSON")).expect("utf-8");
    assert!(!text.contains("null") && !text.contains("NaN"));
}

#[test]
fn gephi_csv_round_trips_hostile_values() {
    for g in [hostile_graph(), citation_graph()] {
        let nodes = gephi::nodes_csv(&g).expect("nodes");
        let edges = gephi::edges_csv(&g).expect("edges");
        assert_eq!(parse_gephi(&g, &nodes, &edges), expected(&g));
        let kind = if g.directed { "Directed" } else { "Undirected" };
        let (_, rows) = csv_rows(&edges);
        assert!(rows.iter().all(|r| r[2] == kind));
    }
}

/// Gephi runs no formulas: its CSV files carry ids and labels as the GEXF
/// file does, with no guard's `'` for Gephi to show.
#[test]
fn gephi_csv_writes_text_as_it_is() {
    let g = hostile_graph();
    let (_, rows) = csv_rows(&gephi::nodes_csv(&g).expect("nodes"));
    let formula = rows.iter().find(|r| r[0].contains("formula")).expect("row");
    assert_eq!(formula[0], "=hostile-formula");
    assert_eq!(formula[1], "=SUM(A1:A9)");
    let minus = rows.iter().find(|r| r[0].contains("minus")).expect("row");
    assert_eq!(minus[1], "-Minus Event");
    let (header, rows) = csv_rows(&gephi::edges_csv(&g).expect("edges"));
    let npmi = header.iter().position(|h| h == "npmi").expect("npmi");
    assert!(
        rows.iter().any(|r| r[npmi].starts_with('-')),
        "negative NPMI unguarded"
    );
    let (_, nrows) = csv_rows(&gephi::nodes_csv(&g).expect("nodes"));
    assert!(rows.iter().all(|r| nrows.iter().any(|n| n[0] == r[0])));
}

#[test]
fn dot_keeps_the_top_nodes_and_survives_hostile_labels() {
    let g = hostile_graph();
    let style = Style {
        dot_top: 8,
        ..Style::default()
    };
    let text = dot::render(&g, &style);
    let (directed, nodes, edges) = parse_dot(&text);
    assert!(!directed);
    // the 8 best by pagerank, which grows with the node index here
    let top: Vec<usize> = (g.nodes.len() - 8..g.nodes.len()).collect();
    assert_eq!(dot::top_nodes(&g, &style), top);
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let want: Vec<String> = top.iter().map(|&i| dot_id(&g.nodes[i].id)).collect();
    assert_eq!(ids, want);
    for (n, &i) in nodes.iter().zip(&top) {
        let label = g.nodes[i].label.replace("\r\n", "\n").replace('\r', "\n");
        // displayed text has `&` as `&amp;`, which Graphviz shows as `&`
        assert_eq!(n.attrs["label"].replace("&amp;", "&"), label);
        assert!(n.attrs["fillcolor"].starts_with('#'));
        let size: f64 = n.attrs["fontsize"].parse().expect("fontsize");
        assert!((dot::FONT_MIN..=dot::FONT_MAX).contains(&size));
    }
    let kept: Vec<(String, String)> = g
        .edges
        .iter()
        .filter(|e| top.contains(&e.source) && top.contains(&e.target))
        .map(|e| (dot_id(&g.nodes[e.source].id), dot_id(&g.nodes[e.target].id)))
        .collect();
    let got: Vec<(String, String)> = edges
        .iter()
        .map(|(a, b, _)| (a.clone(), b.clone()))
        .collect();
    assert_eq!(got, kept);
    assert!(
        edges
            .iter()
            .all(|(_, _, p)| (dot::PEN_MIN..=dot::PEN_MAX).contains(p))
    );
    // nothing but the statements we wrote: 3 defaults, nodes, edges
    let statements = graphviz_rust::parse(&text).expect("parse");
    let count = match statements {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts.len(),
    };
    assert_eq!(count, 3 + nodes.len() + edges.len());
}

/// A node id as Graphviz reads it from our file: a line break is written
/// `\n` (carriage returns become one) and read as a backslash and an n, a
/// control character is U+FFFD, a backslash at the end or before a quote
/// is doubled (one alone would escape the quote); everything else is the
/// id.
fn dot_id(id: &str) -> String {
    let id = id.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::new();
    let mut chars = id.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\\' if matches!(chars.peek(), None | Some('"')) => out.push_str("\\\\"),
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn dot_is_a_digraph_for_directed_graphs_and_snapshots() {
    let g = citation_graph();
    let text = dot::render(&g, &Style::default());
    let want = r##"digraph "citation graph" {
  graph[outputorder=edgesfirst overlap=false fontname="Helvetica"]
  node[shape=ellipse style=filled fontname="Helvetica" color="#555555" penwidth=0.50]
  edge[color="#55555588"]
  "unit:1"[label="Chapter \"One\"" tooltip="unit:1 (unit)" fontsize=10.00 fillcolor="#56B4E999"]
  "work:capital"[label="Das Kapital" tooltip="work:capital (work)" fontsize=28.00 fillcolor="#009E7399"]
  "author:marx"[label="Маркс" tooltip="author:marx (author)" fontsize=10.00 fillcolor="#E69F0099"]
  "unit:1" -> "work:capital" [penwidth=3.25]
  "work:capital" -> "author:marx" [penwidth=3.25]
}
"##;
    assert_eq!(text, want);
    assert!(parse_dot(&text).0);
}

#[test]
fn every_format_agrees_on_counts_and_values() {
    let g = hostile_graph();
    let gexf = parse_gexf(&render_gexf(&g));
    let graphml = parse_graphml(&graphml::render(&g).expect("GraphML")).0;
    let json = parse_json(&json::render(&g).expect("JSON")).0;
    let csv = parse_gephi(
        &g,
        &gephi::nodes_csv(&g).expect("nodes"),
        &gephi::edges_csv(&g).expect("edges"),
    );
    assert_eq!(gexf, graphml);
    assert_eq!(graphml, json);
    assert_eq!(json, csv);
    assert_eq!(gexf.nodes.len(), g.nodes.len());
    assert_eq!(gexf.edges.len(), g.edges.len());
}

#[test]
fn characters_xml_cannot_carry_become_replacement_characters() {
    let mut g = citation_graph();
    g.nodes[0].label = "bell\u{7}form\u{c}feed".into();
    let want = "bell\u{FFFD}form\u{FFFD}feed";
    assert_eq!(parse_gexf(&render_gexf(&g)).nodes[0].1, want);
    assert_eq!(
        parse_graphml(&graphml::render(&g).expect("GraphML"))
            .0
            .nodes[0]
            .1,
        want
    );
    let json = parse_json(&json::render(&g).expect("JSON")).0;
    assert_eq!(json.nodes[0].1, g.nodes[0].label);
}

#[test]
fn output_is_deterministic() {
    let g = hostile_graph();
    let style = Style::default();
    let a = layout::force_atlas2(&g, layout::ITERATIONS);
    let b = layout::force_atlas2(&g, layout::ITERATIONS);
    assert_eq!(a, b);
    assert!(a.positions.iter().flatten().all(|x| x.is_finite()));
    assert_eq!(
        gexf::render(&g, &style, &a).expect("GEXF"),
        gexf::render(&g, &style, &b).expect("GEXF")
    );
    assert_eq!(
        graphml::render(&g).expect("a"),
        graphml::render(&g).expect("b")
    );
    assert_eq!(json::render(&g).expect("a"), json::render(&g).expect("b"));
    assert_eq!(
        gephi::nodes_csv(&g).expect("a"),
        gephi::nodes_csv(&g).expect("b")
    );
    assert_eq!(
        gephi::edges_csv(&g).expect("a"),
        gephi::edges_csv(&g).expect("b")
    );
    assert_eq!(dot::render(&g, &style), dot::render(&g, &style));
}

#[test]
fn layout_start_depends_on_ids_not_on_threads_or_order() {
    // the same nodes in another order get the same positions
    let g = citation_graph();
    let mut r = g.clone();
    r.nodes.reverse();
    for e in &mut r.edges {
        e.source = 2 - e.source;
        e.target = 2 - e.target;
    }
    r.edges.reverse();
    let a = layout::force_atlas2(&g, 0);
    let b = layout::force_atlas2(&r, 0);
    let mut pa = a.positions.clone();
    pa.reverse();
    assert_eq!(pa, b.positions);
    // a snapshot: the same bits on every run and machine (only +, -, *, /
    // and sqrt, all exactly rounded, no fused multiply-add, with or without
    // AVX), so a change of the algorithm shows. Re-taken for the Barnes–Hut
    // repulsion, whose sums run in another order than the all-pairs loop's.
    let l = layout::force_atlas2(&g, layout::ITERATIONS);
    let want = [
        [-3.5031951390558342, 7.483676103676097],
        [-3.9933317717350285e-5, 8.905390928665245e-5],
        [3.265011060140039, -7.031989423050716],
    ];
    assert_eq!(l.positions, want);
    let again = std::thread::spawn(move || layout::force_atlas2(&citation_graph(), 300))
        .join()
        .expect("thread");
    assert_eq!(l, again);
}

#[test]
fn an_empty_layout_writes_no_positions() {
    let g = citation_graph();
    let text = gexf::render(&g, &Style::default(), &Layout::default()).expect("GEXF");
    let text = String::from_utf8(text).expect("utf-8");
    assert!(!text.contains("viz:position"));
    assert_eq!(parse_gexf(text.as_bytes()), expected(&g));
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes every format of `g` into `dir` as the CLI names them.
fn write_all(g: &ExportGraph, dir: &Path) {
    let layout = layout::force_atlas2(g, 100);
    namegraph::export::write_formats(dir, g, &Style::default(), &layout, Files::Parallel)
        .expect("write");
}

/// `edges.csv` and `metrics.csv` rows for `g` under `scope`, in the columns
/// the co-mention tables use.
fn tables(
    g: &ExportGraph,
    scope: &str,
    edges: &mut csv::Writer<Vec<u8>>,
    metrics: &mut csv::Writer<Vec<u8>>,
) {
    use namegraph::export::csv::text_cell;
    use namegraph::export::style::value_text;
    for e in &g.edges {
        let mut row = vec![
            text_cell(scope).into_owned(),
            text_cell(&g.nodes[e.source].id).into_owned(),
            text_cell(&g.nodes[e.target].id).into_owned(),
            value_text(&AttrValue::Float(e.weight)).unwrap_or_default(),
        ];
        row.extend(e.attrs.iter().map(|v| value_text(v).unwrap_or_default()));
        edges.write_record(&row).expect("row");
    }
    for n in &g.nodes {
        let value = |name: &str| {
            let i = g
                .node_attrs
                .iter()
                .position(|a| a.name == name)
                .expect(name);
            let text = value_text(&n.attrs[i]).unwrap_or_default();
            text_cell(&text).into_owned()
        };
        let mut row = vec![
            text_cell(scope).into_owned(),
            text_cell(&n.id).into_owned(),
            text_cell(&n.label).into_owned(),
        ];
        for name in [
            "type",
            "mentions",
            "degree",
            "strength",
            "betweenness",
            "closeness",
            "betweenness_w",
            "closeness_w",
            "eigenvector",
            "pagerank",
            "community",
        ] {
            row.push(value(name));
        }
        metrics.write_record(&row).expect("row");
    }
}

#[test]
fn python_interop_script_accepts_the_outputs() {
    let has_networkx = Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_networkx {
        eprintln!(
            "python3 with networkx not installed (pip install networkx): interop check skipped"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = hostile_graph();
    let mut document = hostile_graph();
    document.name = "co-mention graph, one document".into();
    document.edges.truncate(5);
    let doc_id = "doc-\"1\"-кир";
    write_all(&corpus, dir.path());
    write_all(&document, &dir.path().join("documents").join(doc_id));
    let mut edges = csv::Writer::from_writer(Vec::new());
    let mut metrics = csv::Writer::from_writer(Vec::new());
    edges
        .write_record(["scope", "source", "target", "weight", "jaccard", "npmi"])
        .expect("header");
    metrics
        .write_record([
            "scope",
            "entity",
            "label",
            "type",
            "mentions",
            "degree",
            "strength",
            "betweenness",
            "closeness",
            "betweenness_w",
            "closeness_w",
            "eigenvector",
            "pagerank",
            "community",
        ])
        .expect("header");
    tables(&corpus, "corpus", &mut edges, &mut metrics);
    tables(&document, doc_id, &mut edges, &mut metrics);
    std::fs::write(
        dir.path().join("edges.csv"),
        edges.into_inner().expect("csv"),
    )
    .expect("w");
    std::fs::write(
        dir.path().join("metrics.csv"),
        metrics.into_inner().expect("csv"),
    )
    .expect("w");

    // a directed graph, alone, without the tables
    let citations = tempfile::tempdir().expect("temp dir");
    write_all(&citation_graph(), citations.path());
    for d in [dir.path(), citations.path()] {
        let out = Command::new("python3")
            .arg(repo().join("tests/interop/check_exports.py"))
            .arg(d)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "check_exports.py failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn render_draws_svg_or_says_how_to_install_graphviz() {
    use namegraph::export::render::{self, Engine, Format, RenderError};
    let dot = dot::render(&hostile_graph(), &Style::default());
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("graph.svg");
    match render::render(&dot, Format::Svg, Engine::Sfdp, &out) {
        Ok(()) => {
            let svg = std::fs::read_to_string(&out).expect("svg written");
            assert!(svg.contains("<svg"));
            assert!(svg.contains("Владимир Ильич Ленин"));
            // entity-like text is shown as written, not decoded by Graphviz
            assert!(svg.contains("&amp;#38; &amp;lt;"), "{svg}");
            assert!(svg.contains("Party &lt;of&gt; Labour &amp; Co"));
            assert!(svg.contains(r"C:\Temp\new\"));
        }
        Err(RenderError::GraphvizMissing) => {
            let msg = RenderError::GraphvizMissing.to_string();
            assert!(msg.contains("apt-get install graphviz"));
            assert!(msg.contains("brew install graphviz"));
        }
        Err(e) => panic!("{e}"),
    }
    assert_eq!("png".parse::<Format>(), Ok(Format::Png));
    assert_eq!("neato".parse::<Engine>(), Ok(Engine::Neato));
    assert!("gif".parse::<Format>().is_err());
}

/// Control characters (kept from a scanned text's stray bytes in a work's
/// title) would reach the SVG that Graphviz draws, which no XML reader then
/// takes: DOT writes them as U+FFFD, as GEXF and GraphML do.
#[test]
fn dot_writes_no_control_characters() {
    let mut g = hostile_graph();
    g.nodes[0].label = "Bell\u{7} and \u{1}start\u{1b}[0m".into();
    g.nodes[0].id = "ctrl\u{2}id".into();
    let style = Style {
        dot_top: g.nodes.len(),
        ..Style::default()
    };
    let text = dot::render(&g, &style);
    let controls: Vec<char> = text
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect();
    assert!(controls.is_empty(), "{controls:?}");
    assert!(text.contains("\"Bell\u{FFFD} and \u{FFFD}start\u{FFFD}[0m\""));
    assert!(text.contains("\"ctrl\u{FFFD}id\""));
}

/// A graph's files that cannot be written give the first failure in format
/// order (GEXF first), written in parallel or in turn, whatever the timing.
#[test]
fn a_failed_write_names_the_first_format_in_either_mode() {
    let dir = tempfile::tempdir().expect("dir");
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "a file where a folder should be").expect("write");
    let g = citation_graph();
    let layout = layout::force_atlas2(&g, 10);
    for how in [Files::Parallel, Files::InTurn] {
        for _ in 0..20 {
            let at = blocked.join("graphs");
            let err = namegraph::export::write_formats(&at, &g, &Style::default(), &layout, how)
                .expect_err("a file in the way");
            let shown = err.to_string();
            assert!(shown.contains("graph.gexf"), "{how:?}: {shown}");
        }
    }
}
