//! What the graph exporters share besides the model: the [`Style`] hints that
//! say which attributes drive colour and size, the ranking used to pick and
//! scale nodes, and the one way every format writes a value as text.
//!
//! Kept apart from the formats so that GEXF, GraphML, CSV and DOT write the
//! same value with the same characters.

use super::model::{AttrKind, AttrValue, ExportGraph};

/// Presentation hints for the formats that carry them (GEXF `viz:`, DOT).
/// An attribute named here that the graph does not have is ignored, so one
/// `Style` serves the co-mention and the citation graphs alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// Node colour (GEXF `viz:color`) by this attribute's values, one palette
    /// colour per distinct value; e.g. `community`.
    pub color_by: Option<String>,
    /// The ranking metric: node size (GEXF `viz:size`, DOT `fontsize`) and
    /// the DOT top-N selection; e.g. `pagerank`. Without it, nodes rank by
    /// strength (sum of incident edge weights).
    pub size_by: Option<String>,
    /// DOT fill colour by this attribute's values; e.g. `type`.
    pub fill_by: Option<String>,
    /// How many nodes, best ranked first, the DOT file keeps.
    pub dot_top: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color_by: Some("community".into()),
            size_by: Some("pagerank".into()),
            fill_by: Some("type".into()),
            dot_top: 60,
        }
    }
}

/// Writes a float so that parsing it gives the same `f64` back: Rust's
/// shortest round-trip `Display`, never an exponent, never locale-dependent,
/// with `.0` added to integral values so that the text still reads as a
/// float. Non-finite values have no text (`None`): they are written as missing.
pub fn float_text(x: f64) -> Option<String> {
    let mut s = String::new();
    push_float(&mut s, x).then_some(s)
}

/// [`float_text`] appended to `out` (for writers that reuse one buffer);
/// `false`, and nothing appended, for a non-finite value.
///
/// The digits are zmij's (shortest round-trip, as `Display`'s are, in a
/// third of the instructions); its exponent notation below 10⁻⁵ is written
/// out in full as `Display` would. The doubles on which the two could differ
/// (`may_tie`, which takes in every one from 10¹⁶ on) take `Display`'s path,
/// as would any other exponent zmij wrote.
pub fn push_float(out: &mut String, x: f64) -> bool {
    if !x.is_finite() {
        return false;
    }
    if !may_tie(x) {
        let mut buffer = zmij::Buffer::new();
        let text = buffer.format_finite(x);
        match text.split_once('e') {
            None => {
                out.push_str(text);
                return true;
            }
            Some((mantissa, exponent)) => {
                if let Some(places) = exponent.strip_prefix('-') {
                    push_small(out, mantissa, places);
                    return true;
                }
            }
        }
    }
    use std::fmt::Write;
    let start = out.len();
    write!(out, "{x}").expect("a String takes any text");
    if !out[start..].contains('.') {
        out.push_str(".0");
    }
    true
}

/// Whether `x` could lie exactly halfway between the two closest shortest
/// decimals, where zmij rounds to even and `Display` away from zero
/// (`1845448417643669.25`: `…669.2` against `…669.3`). Both then take
/// `Display`'s path.
///
/// A tie needs the shortest form to have 16 or 17 digits (shorter
/// neighbours are further apart than a double's spacing), so `x`'s exact
/// decimal expansion must have 17 or 18 significant digits. That happens
/// only for integers from 10¹⁶ and for `m / 2ᵏ` (m odd, k ≤ 25) whose
/// `m · 5ᵏ` has 17 or 18 digits; the values of a run (centralities,
/// positions, weights) almost never are either.
fn may_tie(x: f64) -> bool {
    let x = x.abs();
    if x >= 1e16 {
        return true;
    }
    let bits = x.to_bits();
    let biased = (bits >> 52) as i32;
    if biased == 0 {
        // Subnormal: an exact expansion of hundreds of digits.
        return false;
    }
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let zeros = mantissa.trailing_zeros();
    // x = odd · 2^-k
    let k = 1075 - biased - zeros as i32;
    if k <= 0 {
        // An integer below 10¹⁶: at most 16 digits.
        return false;
    }
    if k > 25 {
        // 5²⁶ alone has 19 digits.
        return false;
    }
    let digits = u128::from(mantissa >> zeros) * 5u128.pow(k as u32);
    (10u128.pow(16)..10u128.pow(18)).contains(&digits)
}

/// `mantissa`·10^-`places` (as zmij writes them: `-1.25`, `7`) in plain
/// decimal notation: `-0.000000125`.
fn push_small(out: &mut String, mantissa: &str, places: &str) {
    let places: usize = places.parse().expect("zmij writes a decimal exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    out.push_str(sign);
    out.push_str("0.");
    // The digits read d₀.d₁d₂…·10^-places: `places - 1` zeros after the point.
    out.extend(std::iter::repeat_n('0', places - int.len()));
    out.push_str(int);
    out.push_str(frac);
}

/// Text that XML 1.0 can carry: characters outside its `Char` production
/// (C0 controls other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF) cannot be written even as character references, so they become
/// U+FFFD. Everything else is escaped by quick-xml.
pub fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if s.chars().any(bad) {
        s.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// The text of one attribute value, `None` for a missing (or non-finite)
/// value.
pub fn value_text(v: &AttrValue) -> Option<String> {
    let mut s = String::new();
    push_value(&mut s, v).then_some(s)
}

/// [`value_text`] appended to `out`; `false`, and nothing appended, when the
/// value has no text ([`has_text`], the one rule for which values have one).
pub fn push_value(out: &mut String, v: &AttrValue) -> bool {
    if !has_text(v) {
        return false;
    }
    match v {
        AttrValue::Str(s) => out.push_str(s),
        AttrValue::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        AttrValue::Float(x) => {
            push_float(out, *x);
        }
        AttrValue::Missing => {}
    }
    true
}

/// Whether the value has a text: it is neither missing nor a non-finite
/// float.
pub fn has_text(v: &AttrValue) -> bool {
    match v {
        AttrValue::Str(_) | AttrValue::Int(_) => true,
        AttrValue::Float(x) => x.is_finite(),
        AttrValue::Missing => false,
    }
}

/// The value as a number, for ranking and scaling; `None` for text, missing
/// and non-finite values.
pub fn value_number(v: &AttrValue) -> Option<f64> {
    match v {
        AttrValue::Int(i) => Some(*i as f64),
        AttrValue::Float(x) if x.is_finite() => Some(*x),
        _ => None,
    }
}

/// The position of the node attribute called `name`, if the graph has it.
pub fn node_attr(graph: &ExportGraph, name: Option<&str>) -> Option<usize> {
    let name = name?;
    graph.node_attrs.iter().position(|a| a.name == name)
}

/// One score per node for the ranking metric: the `size_by` attribute when
/// the graph has it as a number (missing values score lowest), otherwise the
/// node's strength.
pub fn ranking(graph: &ExportGraph, style: &Style) -> Vec<f64> {
    let numeric = node_attr(graph, style.size_by.as_deref())
        .filter(|&i| graph.node_attrs[i].kind != AttrKind::String);
    match numeric {
        Some(i) => graph
            .nodes
            .iter()
            .map(|n| {
                n.attrs
                    .get(i)
                    .and_then(value_number)
                    .unwrap_or(f64::NEG_INFINITY)
            })
            .collect(),
        None => strength(graph),
    }
}

/// Sum of incident edge weights per node (non-finite weights count as 0),
/// summed in edge order.
pub fn strength(graph: &ExportGraph) -> Vec<f64> {
    let mut s = vec![0.0; graph.nodes.len()];
    for e in &graph.edges {
        let w = if e.weight.is_finite() { e.weight } else { 0.0 };
        if let Some(x) = s.get_mut(e.source) {
            *x += w;
        }
        if e.target != e.source {
            if let Some(x) = s.get_mut(e.target) {
                *x += w;
            }
        }
    }
    s
}

/// Maps `scores` linearly onto `lo..=hi`; scores that are not finite get
/// `lo`, and all nodes get the middle when every finite score is equal.
pub fn scale(scores: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    let finite = scores.iter().copied().filter(|x| x.is_finite());
    let min = finite.clone().fold(f64::INFINITY, f64::min);
    let max = finite.fold(f64::NEG_INFINITY, f64::max);
    scores
        .iter()
        .map(|&x| {
            if !x.is_finite() {
                lo
            } else if max > min {
                lo + (hi - lo) * (x - min) / (max - min)
            } else {
                (lo + hi) / 2.0
            }
        })
        .collect()
}

/// An XML writer over any destination (a file being written, or memory),
/// indenting by two spaces, through its own buffer ([`buffered`]).
pub(crate) type XmlWriter<'a> = quick_xml::Writer<std::io::BufWriter<&'a mut dyn std::io::Write>>;

/// A start tag built in one reused buffer, so that writing an element
/// allocates nothing: quick-xml's own `with_attribute` copies the tag into a
/// new string and grows it once per attribute, which made a GEXF
/// `<attvalue>` cost about 3,400 instructions. The attributes are written as
/// quick-xml writes them (` key="value"`, the value escaped by
/// [`Attribute`](quick_xml::events::attributes::Attribute)'s own rules), so
/// the bytes are the same.
#[derive(Debug, Default)]
pub(crate) struct Tag {
    content: String,
    name_len: usize,
}

impl Tag {
    /// Starts the tag of an element called `name`, dropping the last one.
    pub fn named(&mut self, name: &str) -> &mut Tag {
        self.content.clear();
        self.content.push_str(name);
        self.name_len = name.len();
        self
    }

    /// Adds ` key="value"`, the value escaped for an attribute.
    pub fn attr(&mut self, key: &str, value: &str) -> &mut Tag {
        let attribute = quick_xml::events::attributes::Attribute::from((key, value));
        self.content.push(' ');
        self.content.push_str(key);
        self.content.push_str("=\"");
        self.content.push_str(&attribute.value);
        self.content.push('"');
        self
    }

    /// The tag, for an `Event::Start` or `Event::Empty`.
    pub fn event(&self) -> quick_xml::events::BytesStart<'_> {
        quick_xml::events::BytesStart::from_content(self.content.as_str(), self.name_len)
    }
}

/// A buffer in front of a document's destination: XML and JSON writers
/// write a few bytes at a time, and each write to `dyn Write` is a call the
/// compiler cannot see through; into the buffer it is an inlined copy.
pub(crate) fn buffered(
    out: &mut dyn std::io::Write,
) -> std::io::BufWriter<&mut dyn std::io::Write> {
    std::io::BufWriter::with_capacity(1 << 14, out)
}

/// Ends a document written through [`buffered`]: a final line feed, then
/// everything still in the buffer.
pub(crate) fn end_document(
    mut out: std::io::BufWriter<&mut dyn std::io::Write>,
) -> std::io::Result<()> {
    use std::io::Write;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes an XML document to `out`: what `body` writes, then a final line
/// feed.
pub(crate) fn xml_to(
    out: &mut dyn std::io::Write,
    body: impl FnOnce(&mut XmlWriter<'_>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut w = quick_xml::Writer::new_with_indent(buffered(out), b' ', 2);
    body(&mut w)?;
    end_document(w.into_inner())
}

/// [`xml_to`] into memory.
pub(crate) fn xml_document(
    body: impl FnOnce(&mut XmlWriter<'_>) -> std::io::Result<()>,
) -> crate::error::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    xml_to(&mut bytes, body).map_err(|source| crate::error::Error::Write {
        path: "<memory>".into(),
        source,
    })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_trip_and_read_as_floats() {
        for x in [
            0.0,
            1.0,
            -2.0,
            0.1,
            1.0 / 3.0,
            1e-7,
            6.02e23,
            f64::MIN_POSITIVE,
        ] {
            let s = float_text(x).unwrap();
            assert!(s.contains('.'), "{s}");
            assert!(!s.contains('e'), "{s}");
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
        }
        assert_eq!(float_text(f64::NAN), None);
        assert_eq!(float_text(f64::INFINITY), None);
    }

    /// What `push_float` must write: `Display`'s text, with `.0` added
    /// when it has no point.
    fn display_text(x: f64) -> String {
        let s = format!("{x}");
        if s.contains('.') { s } else { s + ".0" }
    }

    #[test]
    fn floats_read_as_display_writes_them() {
        let mut samples = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            100.0,
            1e-5,
            9.99e-6,
            1e-7,
            -2.5e-7,
            1.2345678901234567e-300,
            1e15,
            9_999_999_999_999_998.0,
            1e16,
            1.2345678901234568e17,
            -1e21,
            6.02e23,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            // 1845448417643669.25 (ties), and 2251799813685247.75.
            7_381_793_670_574_677.0 / 4.0,
            -7_381_793_670_574_677.0 / 4.0,
            9_007_199_254_740_991.0 / 4.0,
            0.125,
            3.0 / 1024.0,
        ];
        // Every binade, and values of the sizes the outputs hold.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200_000 {
            let bits = super::super::layout::splitmix64(&mut state);
            samples.push(f64::from_bits(bits));
            let unit = (bits >> 11) as f64 / (1u64 << 53) as f64;
            samples.extend([unit, unit * 2000.0 - 1000.0, unit * 1e-6, unit * 1e18]);
        }
        for x in samples.into_iter().filter(|x| x.is_finite()) {
            let mut s = String::from("kept ");
            assert!(push_float(&mut s, x));
            assert_eq!(&s[5..], display_text(x), "{x:e}");
        }
    }

    #[test]
    fn values_appended_to_a_buffer_read_as_alone() {
        let values = [
            AttrValue::Str("Lenin & <Trotsky>".into()),
            AttrValue::Str(String::new()),
            AttrValue::Int(-42),
            AttrValue::Int(i64::MAX),
            AttrValue::Float(2.0),
            AttrValue::Float(-0.125),
            AttrValue::Float(1.0 / 3.0),
            AttrValue::Float(f64::NAN),
            AttrValue::Float(f64::NEG_INFINITY),
            AttrValue::Missing,
        ];
        let mut buf = String::from("kept ");
        for v in &values {
            let before = buf.clone();
            let pushed = push_value(&mut buf, v);
            assert_eq!(pushed, has_text(v), "{v:?}");
            assert_eq!(
                value_text(v),
                pushed.then(|| buf[before.len()..].to_string()),
                "{v:?}"
            );
            assert!(buf.starts_with(&before));
            if !pushed {
                assert_eq!(buf, before);
            }
        }
        assert_eq!(value_text(&AttrValue::Int(-42)).as_deref(), Some("-42"));
        assert_eq!(value_text(&AttrValue::Float(2.0)).as_deref(), Some("2.0"));
    }

    #[test]
    fn a_tag_writes_what_quick_xml_writes() {
        let values = [
            ("plain", "Lenin"),
            ("quotes", "\"Bells\" & 'whistles'"),
            ("markup", "<Trotsky> & co"),
            ("breaks", "line one\nline two\tand\r a tab"),
            ("empty", ""),
        ];
        let by_quick_xml = xml_document(|w| {
            w.create_element("outer").write_inner_content(|w| {
                w.create_element("node")
                    .with_attributes(values)
                    .write_empty()?;
                w.create_element("data")
                    .with_attribute(("key", values[1].1))
                    .write_text_content(quick_xml::events::BytesText::new("a < b"))?;
                Ok(())
            })?;
            Ok(())
        })
        .unwrap();
        let by_tag = xml_document(|w| {
            use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
            let mut tag = Tag::default();
            w.write_event(Event::Start(BytesStart::new("outer")))?;
            tag.named("node");
            for (key, value) in values {
                tag.attr(key, value);
            }
            w.write_event(Event::Empty(tag.event()))?;
            tag.named("data").attr("key", values[1].1);
            w.write_event(Event::Start(tag.event()))?;
            w.write_event(Event::Text(BytesText::new("a < b")))?;
            w.write_event(Event::End(BytesEnd::new("data")))?;
            w.write_event(Event::End(BytesEnd::new("outer")))?;
            Ok(())
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(by_tag).unwrap(),
            String::from_utf8(by_quick_xml).unwrap()
        );
    }

    #[test]
    fn scale_handles_flat_and_missing() {
        assert_eq!(scale(&[1.0, 3.0, 2.0], 0.0, 10.0), vec![0.0, 10.0, 5.0]);
        assert_eq!(scale(&[2.0, 2.0], 0.0, 10.0), vec![5.0, 5.0]);
        assert_eq!(scale(&[f64::NEG_INFINITY, 1.0], 1.0, 3.0), vec![1.0, 2.0]);
    }
}
