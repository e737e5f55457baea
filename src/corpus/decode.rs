//! Turning a file's bytes into text, with a map back to the original bytes.
//!
//! UTF-8 (with or without a byte-order mark) is used as is. UTF-16 with a BOM
//! is decoded; so is UTF-16 without one when its NUL bytes say so (text
//! whose NUL bytes all fall on one side of its 16-bit units, as the high
//! bytes of spaces and Latin letters do) and it decodes cleanly, with a
//! warning. A UTF-8 file with a few invalid bytes (a damaged or patched
//! file) stays UTF-8, its invalid bytes read one by one as Windows-1252 and
//! reported with their positions; anything else that is not valid UTF-8 is
//! read as Windows-1252 throughout, the usual encoding of old Western text
//! files, and reported. Other files with NUL bytes or many control
//! characters are binary and refused.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::offsets::{OffsetMap, Rate};

/// The encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// UTF-16 without a byte-order mark, recognised by its NUL bytes.
    Utf16LeNoBom,
    Utf16BeNoBom,
    Windows1252,
    /// UTF-8 with bytes that are not UTF-8, each read as Windows-1252 (see
    /// [`Damage`]).
    Utf8Repaired,
    Utf8BomRepaired,
}

impl Encoding {
    /// UTF-8, with or without a byte-order mark: the text is the file's.
    pub fn is_utf8(self) -> bool {
        matches!(self, Encoding::Utf8 | Encoding::Utf8Bom)
    }

    /// UTF-16 of either byte order, with or without a byte-order mark.
    pub fn is_utf16(self) -> bool {
        matches!(
            self,
            Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Utf16LeNoBom | Encoding::Utf16BeNoBom
        )
    }

    fn is_big_endian(self) -> bool {
        matches!(self, Encoding::Utf16Be | Encoding::Utf16BeNoBom)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Utf16LeNoBom => "UTF-16LE without BOM",
            Encoding::Utf16BeNoBom => "UTF-16BE without BOM",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf8Repaired => "UTF-8 (repaired)",
            Encoding::Utf8BomRepaired => "UTF-8 with BOM (repaired)",
        }
    }
}

/// Decoded text and the map from its byte positions to the file's.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub map: OffsetMap,
    pub encoding: Encoding,
    /// A repaired UTF-8 file's invalid bytes.
    pub damage: Option<Damage>,
}

/// Where a file read as UTF-8 is not UTF-8: its invalid bytes, which are
/// read as Windows-1252 one by one (a stray `\xE9` is `é`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Damage {
    /// Invalid bytes.
    pub bytes: usize,
    /// Runs of them.
    pub places: usize,
    /// The file position of the first.
    pub first: usize,
    /// The file position just after the last.
    end: usize,
}

impl Damage {
    /// The warning's text.
    pub fn describe(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {many}"),
        };
        let (places, bytes) = (
            plural(self.places, "place", "places"),
            plural(self.bytes, "byte", "bytes"),
        );
        let (first, those) = match (self.places, self.bytes) {
            (1, 1) => ("", "that byte"),
            (1, _) => ("", "those bytes"),
            _ => ("the first ", "those bytes"),
        };
        format!(
            "not valid UTF-8 at {places} ({bytes}, {first}at byte {}): \
             decoded as UTF-8 with {those} as Windows-1252",
            self.first
        )
    }
}

/// What a pass over a file that should be UTF-8 found: its non-ASCII
/// characters and its invalid bytes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Utf8Census {
    multibyte: usize,
    pub(super) damage: Damage,
}

impl Utf8Census {
    /// Counts `bytes`, which start at file position `at`; returns how many
    /// were counted: unless `last`, an incomplete character at the end is
    /// left for the next piece.
    pub(super) fn feed(&mut self, bytes: &[u8], at: usize, last: bool) -> usize {
        let mut i = 0;
        loop {
            let (valid, bad) = split_valid(&bytes[i..], last);
            // Every non-ASCII character of valid UTF-8 has one lead byte.
            self.multibyte += lead_bytes(&bytes[i..i + valid]);
            i += valid;
            if bad == 0 {
                return i;
            }
            let d = &mut self.damage;
            if d.bytes == 0 {
                d.first = at + i;
            }
            if d.bytes == 0 || d.end != at + i {
                d.places += 1;
            }
            d.bytes += bad;
            i += bad;
            d.end = at + i;
        }
    }

    /// Whether any byte was invalid.
    pub(super) fn is_clean(&self) -> bool {
        self.damage.bytes == 0
    }

    /// The encoding of a file that is not all UTF-8 (`bom`: after a UTF-8
    /// byte-order mark): UTF-8 with its invalid bytes repaired when the
    /// mark says so or it has at least as many valid non-ASCII characters
    /// as invalid bytes (Windows-1252 text seldom forms a valid UTF-8
    /// sequence); Windows-1252 throughout otherwise (with no valid
    /// non-ASCII character at all, the two read the same).
    pub(super) fn encoding(&self, bom: bool) -> Encoding {
        match (bom, self.multibyte >= self.damage.bytes) {
            (true, _) => Encoding::Utf8BomRepaired,
            (false, true) => Encoding::Utf8Repaired,
            (false, false) => Encoding::Windows1252,
        }
    }
}

/// The number of bytes at 0xC0 and above (in valid UTF-8, one per non-ASCII
/// character). Counted in byte-wide sums of at most 255 bytes, which the
/// compiler vectorises: eight times faster than counting into a `usize`
/// (34 vs 266 ms over the 500 MB benchmark file), and this count runs over
/// every byte of a large file before its first chunk is scanned.
fn lead_bytes(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &b| n + u8::from(b >= 0xC0)) as usize)
        .sum()
}

/// The length of the valid UTF-8 that `bytes` begin with, and of the
/// invalid sequence after it (0 at the end, or before an incomplete
/// character at the end unless `last`).
fn split_valid(bytes: &[u8], last: bool) -> (usize, usize) {
    match std::str::from_utf8(bytes) {
        Ok(_) => (bytes.len(), 0),
        Err(e) => {
            let valid = e.valid_up_to();
            let bad = match e.error_len() {
                Some(n) => n,
                None if last => bytes.len() - valid,
                None => 0,
            };
            (valid, bad)
        }
    }
}

/// Why a file cannot be used as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable(pub String);

/// How much of the start of a file is inspected for binary content.
pub(super) const SNIFF: usize = 64 * 1024;

/// Decodes a file's bytes; see the module documentation for the rules.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Unusable> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        check_not_binary(head(rest))?;
        return Ok(utf8(rest, 3));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, 2, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, 2, Encoding::Utf16Be);
    }
    if let Some(encoding) = utf16_without_bom(head(bytes)) {
        return utf16(bytes, 0, encoding)
            .and_then(|d| check_controls(head(d.text.as_bytes())).map(|()| d))
            .map_err(|why| not_utf16(encoding, why));
    }
    check_not_binary(head(bytes))?;
    Ok(utf8(bytes, 0))
}

/// The start of a file, which is inspected for binary content.
pub(super) fn head(bytes: &[u8]) -> &[u8] {
    &bytes[..bytes.len().min(SNIFF)]
}

/// Why a file that looked like UTF-16 without a byte-order mark (`encoding`)
/// is refused: read as such, it was not text either (`why`).
pub(super) fn not_utf16(encoding: Encoding, why: Unusable) -> Unusable {
    let name = encoding.as_str();
    let why = why.0.strip_prefix(&format!("{name}: ")).unwrap_or(&why.0);
    let why = why
        .strip_prefix("binary file (")
        .and_then(|w| w.strip_suffix(')'))
        .unwrap_or(why);
    Unusable(format!(
        "binary file (contains NUL bytes; read as {name}: {why})"
    ))
}

/// Refuses a file whose start (`head`, not UTF-16 without a byte-order
/// mark) has NUL bytes or many control characters.
pub(super) fn check_not_binary(head: &[u8]) -> Result<(), Unusable> {
    if memchr::memchr(0, head).is_some() {
        return Err(Unusable("binary file (contains NUL bytes)".into()));
    }
    check_controls(head)
}

/// Refuses text whose start has many control characters (other than tab,
/// line feed, carriage return and form feed).
pub(super) fn check_controls(head: &[u8]) -> Result<(), Unusable> {
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if control * 10 > head.len() {
        return Err(Unusable(format!(
            "binary file ({control} control bytes in the first {} bytes)",
            head.len()
        )));
    }
    Ok(())
}

/// The UTF-16 without a byte-order mark that `head` looks like: one in
/// twenty of its 16-bit units or more have a NUL high byte (spaces, line
/// breaks, and in a Latin script nearly every letter), and hardly any a NUL
/// low byte. Binary data has NUL bytes on both sides; text in one byte per
/// character has none.
pub(super) fn utf16_without_bom(head: &[u8]) -> Option<Encoding> {
    // Most files have no NUL byte: found at once.
    memchr::memchr(0, head)?;
    let units = head.len() / 2;
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .take(units)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let many = |n: usize| n * 20 >= units;
    let few = |n: usize| n * 100 <= units;
    if units < 8 {
        None
    } else if many(odd) && few(even) {
        Some(Encoding::Utf16LeNoBom)
    } else if many(even) && few(odd) {
        Some(Encoding::Utf16BeNoBom)
    } else {
        None
    }
}

/// Decodes `bytes`, which start at byte `shift` of the file (3 after a
/// UTF-8 byte-order mark), as UTF-8, repaired UTF-8 or Windows-1252.
fn utf8(bytes: &[u8], shift: usize) -> Decoded<'_> {
    let bom = shift > 0;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            map: OffsetMap::shifted(shift),
            encoding: if bom {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            },
            damage: None,
        };
    }
    let mut census = Utf8Census::default();
    census.feed(bytes, shift, true);
    let encoding = census.encoding(bom);
    if encoding == Encoding::Windows1252 {
        return windows_1252(bytes);
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut map = OffsetMap::default();
    utf8_repaired_into(bytes, (0, shift), true, &mut text, &mut map);
    Decoded {
        text: Cow::Owned(text),
        map,
        encoding,
        damage: Some(census.damage),
    }
}

/// Appends `bytes` of a damaged UTF-8 file to `text`: valid UTF-8 as it is,
/// each invalid byte as Windows-1252; and to `map` the breakpoints, given
/// `at` as for [`windows_1252_into`]. Returns how many bytes were used:
/// unless `last`, an incomplete character at the end is left for the next
/// piece. A file decoded piece by piece gets the map it would get whole.
pub(super) fn utf8_repaired_into(
    bytes: &[u8],
    at: (usize, usize),
    last: bool,
    text: &mut String,
    map: &mut OffsetMap,
) -> usize {
    let (derived, source) = at;
    let mut i = 0;
    loop {
        let (valid, bad) = split_valid(&bytes[i..], last);
        map.push(derived + text.len(), source + i);
        text.push_str(std::str::from_utf8(&bytes[i..i + valid]).expect("valid UTF-8"));
        i += valid;
        if bad == 0 {
            break;
        }
        windows_1252_into(&bytes[i..i + bad], (derived, source + i), text, map);
        i += bad;
    }
    map.push(derived + text.len(), source + i);
    i
}

/// Decodes UTF-16 `bytes`, which start at byte `shift` of the file.
fn utf16(bytes: &[u8], shift: usize, encoding: Encoding) -> Result<Decoded<'static>, Unusable> {
    let mut text = String::with_capacity(bytes.len());
    let mut map = OffsetMap::default();
    let used = utf16_into(bytes, encoding, (0, shift), true, &mut text, &mut map)?;
    debug_assert_eq!(used, bytes.len());
    Ok(Decoded {
        text: Cow::Owned(text),
        map,
        encoding,
        damage: None,
    })
}

/// Appends UTF-16 `bytes` (of `encoding`, one for which
/// [`Encoding::is_utf16`]) to `text`, and to `map` the runs from decoded
/// positions to file positions, given `at` as for [`windows_1252_into`].
/// Returns how many bytes were used: unless `last`, an odd byte or a first
/// half of a surrogate pair at the end is left for the next piece. A file
/// decoded piece by piece gets the map it would get whole.
///
/// Refused: an odd number of bytes, an unpaired surrogate (with the file
/// position of its code unit) and NUL characters.
pub(super) fn utf16_into(
    bytes: &[u8],
    encoding: Encoding,
    at: (usize, usize),
    last: bool,
    text: &mut String,
    map: &mut OffsetMap,
) -> Result<usize, Unusable> {
    let unit: fn([u8; 2]) -> u16 = match encoding.is_big_endian() {
        true => u16::from_be_bytes,
        false => u16::from_le_bytes,
    };
    let name = encoding.as_str();
    let mut used = bytes.len() & !1;
    if last && used != bytes.len() {
        return Err(Unusable(format!("{name}: odd number of bytes")));
    }
    if !last && used >= 2 && (0xD800..0xDC00).contains(&unit([bytes[used - 2], bytes[used - 1]])) {
        used -= 2;
    }
    let (derived, mut source) = at;
    let units = bytes[..used].chunks_exact(2).map(|c| unit([c[0], c[1]]));
    // The rate of the run the last character was in: a character at the
    // same rate is implied by the run's breakpoint.
    let mut run = None;
    for ch in char::decode_utf16(units) {
        let ch = ch.map_err(|e| Unusable(format!("broken {name} at byte {source}: {e}")))?;
        if ch == '\0' {
            return Err(Unusable("binary file (contains NUL characters)".into()));
        }
        // UTF-8 bytes for UTF-16 bytes: 1 for 2 (ASCII), 3 for 2; 2 for 2
        // and 4 for 4 (a surrogate pair) are one for one.
        let rate = match ch.len_utf8() {
            n @ (1 | 3) => Rate {
                derived: n as u8,
                source: 2,
            },
            _ => Rate::ONE,
        };
        if run != Some(rate) {
            map.push_run(derived + text.len(), source, rate);
            run = Some(rate);
        }
        text.push(ch);
        source += 2 * ch.len_utf16();
    }
    map.push(derived + text.len(), source);
    Ok(used)
}

/// Appends `bytes` of a file in `encoding` (Windows-1252, UTF-16 or
/// repaired UTF-8) to `text`, with [`windows_1252_into`], [`utf16_into`] or
/// [`utf8_repaired_into`]; returns how many bytes were used (the rest
/// begins the next piece).
pub(super) fn transcode_into(
    bytes: &[u8],
    encoding: Encoding,
    at: (usize, usize),
    last: bool,
    text: &mut String,
    map: &mut OffsetMap,
) -> Result<usize, Unusable> {
    match encoding {
        Encoding::Windows1252 => {
            windows_1252_into(bytes, at, text, map);
            Ok(bytes.len())
        }
        _ if encoding.is_utf16() => utf16_into(bytes, encoding, at, last, text, map),
        // Valid UTF-8 passes through unchanged.
        _ => Ok(utf8_repaired_into(bytes, at, last, text, map)),
    }
}

fn windows_1252(bytes: &[u8]) -> Decoded<'static> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut map = OffsetMap::default();
    windows_1252_into(bytes, (0, 0), &mut text, &mut map);
    Decoded {
        text: Cow::Owned(text),
        map,
        encoding: Encoding::Windows1252,
        damage: None,
    }
}

/// Appends `bytes`, read as Windows-1252, to `text`, and to `map` the
/// breakpoints from decoded positions to file positions, given `at`: the
/// decoded position of `text`'s start and the file position of `bytes[0]`.
/// A file decoded piece by piece gets the map it would get whole.
pub(super) fn windows_1252_into(
    bytes: &[u8],
    at: (usize, usize),
    text: &mut String,
    map: &mut OffsetMap,
) {
    static TABLE: OnceLock<[char; 256]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = ['\u{fffd}'; 256];
        for (b, slot) in table.iter_mut().enumerate() {
            let byte = [b as u8];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
            *slot = s.chars().next().unwrap_or('\u{fffd}');
        }
        table
    });
    let (derived, source) = at;
    let mut i = 0;
    while i < bytes.len() {
        map.push(derived + text.len(), source + i);
        // A run of ASCII is copied as is: its breakpoints are implied.
        let run = bytes[i..]
            .iter()
            .position(|&b| b >= 0x80)
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            text.push_str(std::str::from_utf8(&bytes[i..i + run]).expect("ASCII is UTF-8"));
            i += run;
            continue;
        }
        text.push(table[bytes[i] as usize]);
        i += 1;
    }
    map.push(derived + text.len(), source + bytes.len());
}

/// `text` as a UTF-16 file of `encoding`, with its byte-order mark.
#[cfg(test)]
pub(super) fn utf16_file(text: &str, encoding: Encoding) -> Vec<u8> {
    let big = encoding == Encoding::Utf16Be;
    let unit = |u: u16| {
        if big {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        }
    };
    let bom = if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] };
    bom.into_iter()
        .chain(text.encode_utf16().flat_map(unit))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_bytes_counts_every_byte_from_0xc0_across_sums() {
        // 1,000 bytes: more than three sums of 255, with every byte value.
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 256) as u8).collect();
        let want = bytes.iter().filter(|&&b| b >= 0xC0).count();
        assert_eq!(lead_bytes(&bytes), want);
        assert_eq!(lead_bytes(&[0xFF; 255]), 255);
        assert_eq!(lead_bytes(&[0xFF; 256]), 256);
        assert_eq!(lead_bytes(&[0xBF, 0xC0, b'a']), 1);
        assert_eq!(lead_bytes(&[]), 0);
    }

    /// A map made piece by piece (cut at `cut`) answers as the whole
    /// text's at every character boundary of `text`, and at its end.
    fn assert_maps_alike(map: &OffsetMap, whole: &OffsetMap, text: &str, cut: usize) {
        for (k, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(map.source(k), whole.source(k), "cut at {cut}, position {k}");
        }
    }

    #[test]
    fn encodings() {
        let cases: &[(&[u8], Encoding, &str)] = &[
            (b"Trotsky", Encoding::Utf8, "Trotsky"),
            (b"\xEF\xBB\xBFTrotsky", Encoding::Utf8Bom, "Trotsky"),
            (b"\xFF\xFET\0r\0", Encoding::Utf16Le, "Tr"),
            (b"\xFE\xFF\0T\0r", Encoding::Utf16Be, "Tr"),
            (b"Bront\xEB \x93q\x94", Encoding::Windows1252, "Brontë “q”"),
        ];
        for (bytes, encoding, text) in cases {
            let d = decode(bytes).unwrap();
            assert_eq!(
                (d.encoding, d.text.as_ref()),
                (*encoding, *text),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn damaged_utf8_stays_utf8_with_its_invalid_bytes_as_windows_1252() {
        // One stray Windows-1252 byte (é) among UTF-8 (Ł, ’): the UTF-8 is
        // kept, the byte read as what it most likely was.
        let text = b"\xC5\x81\xC3\xB3d\xC5\xBA: Trotsky\xE2\x80\x99s caf\xE9 \x93and\x94 Lenin.";
        let d = decode(text).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8Repaired);
        assert_eq!(d.text, "Łódź: Trotsky’s café “and” Lenin.");
        assert_eq!(
            d.damage,
            Some(Damage {
                bytes: 3,
                places: 3,
                first: 24,
                end: 31,
            })
        );
        let lenin = d.text.find("Lenin").unwrap();
        assert_eq!(d.map.source(lenin), 32);
        let quote = d.text.find('“').unwrap();
        assert_eq!((d.map.source(quote), d.map.source(quote + 3)), (26, 27));
        assert_eq!(d.map.source(d.text.len()), text.len());
        // After a byte-order mark, even mostly invalid bytes are repaired
        // UTF-8 (the mark says so), with offsets from the file's start; two
        // invalid bytes side by side are one place.
        let d = decode(b"\xEF\xBB\xBFTrotsky \x93\x94 Lenin").unwrap();
        assert_eq!(d.encoding, Encoding::Utf8BomRepaired);
        assert_eq!(d.text, "Trotsky “” Lenin");
        assert_eq!((d.damage.unwrap().places, d.damage.unwrap().first), (1, 11));
        assert_eq!(d.map.source(d.text.find("Lenin").unwrap()), 14);
        assert_eq!(
            d.damage.unwrap().describe(),
            "not valid UTF-8 at 1 place (2 bytes, at byte 11): \
             decoded as UTF-8 with those bytes as Windows-1252"
        );
        // Windows-1252 with accents, one pair of which happens to be valid
        // UTF-8 ("É»" is U+027B): more invalid bytes than valid characters,
        // so Windows-1252 throughout.
        let d = decode(b"\xABCAF\xC9\xBB, \xE9t\xE9, Bront\xEB").unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!((d.text.as_ref(), d.damage), ("«CAFÉ», été, Brontë", None));
    }

    #[test]
    fn damaged_utf8_decoded_in_pieces_is_decoded_whole() {
        // Invalid bytes alone, in a run, a truncated three-byte character
        // and one at the very end; cut anywhere, even inside a character.
        let bytes = b"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xC5\x81\xE9d\xE2\x80 \x93\x94 \xE2\x80\x99 \xF0\x9D\x94\x97 \xE2";
        let whole = decode(bytes).unwrap();
        assert_eq!(whole.encoding, Encoding::Utf8Repaired);
        let text = whole.text.as_ref();
        assert_eq!(text, "Москва Łédâ€ “” ’ 𝔗 â");
        for cut in 0..=bytes.len() {
            let (mut got, mut map) = (String::new(), OffsetMap::default());
            let used = utf8_repaired_into(&bytes[..cut], (0, 0), false, &mut got, &mut map);
            assert!(cut - used < 4, "cut at {cut}: {used} used");
            let more = utf8_repaired_into(&bytes[used..], (0, used), true, &mut got, &mut map);
            assert_eq!(
                (used + more, got.as_str()),
                (bytes.len(), text),
                "cut at {cut}"
            );
            assert_maps_alike(&map, &whole.map, text, cut);
            let mut census = Utf8Census::default();
            let counted = census.feed(&bytes[..cut], 0, false);
            census.feed(&bytes[counted..], counted, true);
            assert_eq!(Some(census.damage), whole.damage, "cut at {cut}");
        }
    }

    #[test]
    fn offsets_point_into_the_original_bytes() {
        let d = decode(b"\xEB Stalin").unwrap();
        let start = d.text.find("Stalin").unwrap();
        assert_eq!(d.map.source(start), 2);
        let d = decode(b"\xFF\xFEa\0b\0").unwrap();
        assert_eq!(
            (d.map.source(0), d.map.source(1), d.map.source(2)),
            (2, 4, 6)
        );
    }

    #[test]
    fn utf16_decoded_in_two_pieces_is_utf16_decoded_whole() {
        let text = "Ab Дж 中 𝔗x\n𝔯";
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = utf16_file(text, encoding);
            let whole = decode(&bytes).unwrap();
            assert_eq!((whole.text.as_ref(), whole.encoding), (text, encoding));
            for cut in 2..=bytes.len() {
                let (mut got, mut map) = (String::new(), OffsetMap::default());
                let used = utf16_into(&bytes[2..cut], encoding, (0, 2), false, &mut got, &mut map)
                    .unwrap();
                let rest = &bytes[2 + used..];
                let at = (0, 2 + used); // `got` begins the decoded text
                let more = utf16_into(rest, encoding, at, true, &mut got, &mut map).unwrap();
                assert_eq!(
                    (used + more, got.as_str()),
                    (bytes.len() - 2, text),
                    "cut at {cut}"
                );
                assert_maps_alike(&map, &whole.map, text, cut);
            }
        }
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_recognised_by_its_nul_bytes() {
        // Latin (a NUL high byte in every unit), Cyrillic (only in spaces
        // and line breaks), and some CJK among them.
        for text in [
            "Trotsky and Lenin wrote.\n",
            "Троцкий и Ленин писали.\n",
            "Trotsky (托洛茨基) and Lenin.\n",
        ] {
            for (big, encoding) in [
                (false, Encoding::Utf16LeNoBom),
                (true, Encoding::Utf16BeNoBom),
            ] {
                let bom = if big {
                    Encoding::Utf16Be
                } else {
                    Encoding::Utf16Le
                };
                let bytes = utf16_file(text, bom)[2..].to_vec();
                let d = decode(&bytes).expect(text);
                assert_eq!((d.text.as_ref(), d.encoding), (text, encoding));
                // Offsets count from the file's first byte: there is no mark.
                for (k, _) in text.char_indices() {
                    let units = text[..k].encode_utf16().count();
                    assert_eq!(d.map.source(k), 2 * units, "{text}: {k}");
                }
            }
        }
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"PK\x03\x04\0\0\0").is_err());
        let why = |bytes: &[u8]| decode(bytes).expect_err("refused").0;
        let text = "Trotsky and Lenin wrote.\n";
        // Like UTF-16 without a mark, but not UTF-16: an odd byte at the
        // end, a NUL character, an unpaired surrogate, control characters.
        let le = utf16_file(text, Encoding::Utf16Le)[2..].to_vec();
        let be = utf16_file(text, Encoding::Utf16Be)[2..].to_vec();
        assert_eq!(
            why(&[le.as_slice(), b"x"].concat()),
            "binary file (contains NUL bytes; read as UTF-16LE without BOM: odd number of bytes)"
        );
        assert_eq!(
            why(&[be.repeat(3).as_slice(), b"\0\0", &be].concat()),
            "binary file (contains NUL bytes; read as UTF-16BE without BOM: contains NUL characters)"
        );
        let broken = why(&[le.repeat(4).as_slice(), b"\x00\xDC"].concat());
        assert!(
            broken.starts_with(
                "binary file (contains NUL bytes; read as UTF-16LE without BOM: broken"
            ),
            "{broken}"
        );
        // 16-bit numbers from 1 to 30 look like UTF-16LE; read so, 26 in
        // 30 are control characters (not tab, line feed, form feed, CR).
        let numbers: Vec<u8> = (0..400u16)
            .flat_map(|i| (i % 30 + 1).to_le_bytes())
            .collect();
        assert_eq!(
            why(&numbers),
            "binary file (contains NUL bytes; read as UTF-16LE without BOM: \
             346 control bytes in the first 400 bytes)"
        );
        // NUL bytes on both sides of the units: not taken for UTF-16.
        assert_eq!(
            why(b"PK\x03\x04\0\0\0\x01\x02\x03\x04\x05\0\0\x14\0\0\0"),
            "binary file (contains NUL bytes)"
        );
    }
}
