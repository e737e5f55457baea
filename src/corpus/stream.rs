//! Reading a file too large to hold, piece by piece: [`probe`] reads it once
//! to learn whether it can be streamed (not binary; UTF-16 with or without
//! a byte-order mark, UTF-8, repaired UTF-8, or else Windows-1252, as
//! [`decode`](super::decode) would read it whole) and
//! its paragraph mode; a [`ChunkReader`] then reads it again as the chunks
//! [`chunks`](super::chunks) would cut from the whole decoded text, one at a
//! time.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::chunk::{Aliases, cut_after};
use super::decode::{
    Damage, SNIFF, Unusable, Utf8Census, check_controls, check_not_binary, head as sniff,
    not_utf16, transcode_into, utf16_without_bom,
};
use super::normalize::{ModeDetector, ParagraphMode};
use super::offsets::OffsetMap;
use super::{Chunk, Encoding};
use crate::error::{Error, Result};

/// Bytes read at a time.
const BLOCK: usize = 1 << 20;

/// The error for a failed read of `path`.
fn read_error(path: &Path) -> impl Fn(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Read {
        path: path.clone(),
        source,
    }
}

/// What [`probe`] learnt of a file that can be streamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub encoding: Encoding,
    pub mode: ParagraphMode,
    /// The decoded text's length in bytes (for UTF-8, the file's less a
    /// byte-order mark).
    pub len: usize,
    /// Where the text starts in the file (3 after a byte-order mark).
    pub shift: usize,
    /// The file's length.
    pub bytes: usize,
    /// A repaired UTF-8 file's invalid bytes.
    pub damage: Option<Damage>,
}

/// Reads a file once: `Ok(Ok(probe))` if it is text (UTF-8, possibly
/// repaired, UTF-16, or Windows-1252 when it is not UTF-8), `Ok(Err(why))`
/// if it is not text at all. A file that is not all UTF-8 is read again to
/// learn its paragraph mode from its decoded text.
pub fn probe(path: &Path) -> Result<std::result::Result<Probe, Unusable>> {
    let err = read_error(path);
    let mut file = File::open(path).map_err(&err)?;
    let mut head = Vec::with_capacity(SNIFF + 3);
    (&mut file)
        .take((SNIFF + 3) as u64)
        .read_to_end(&mut head)
        .map_err(&err)?;
    if head.starts_with(b"\xFF\xFE") {
        return probe_transcoded(path, Encoding::Utf16Le, 2);
    }
    if head.starts_with(b"\xFE\xFF") {
        return probe_transcoded(path, Encoding::Utf16Be, 2);
    }
    let (encoding, shift) = match head.strip_prefix(b"\xEF\xBB\xBF") {
        Some(_) => (Encoding::Utf8Bom, 3),
        None => (Encoding::Utf8, 0),
    };
    let sniffed = sniff(&head[shift..]);
    if let Some(guess) = utf16_without_bom(sniffed).filter(|_| shift == 0) {
        let probed = probe_transcoded(path, guess, 0)?;
        return Ok(probed.map_err(|why| not_utf16(guess, why)));
    }
    if let Err(why) = check_not_binary(sniffed) {
        return Ok(Err(why));
    }
    let mut detector = ModeDetector::default();
    let mut census = Utf8Census::default();
    // Bytes of a character cut by the end of the previous block.
    let mut pending = head.split_off(shift);
    let mut block = vec![0u8; BLOCK];
    let mut len = 0;
    loop {
        let n = file.read(&mut block).map_err(&err)?;
        pending.extend_from_slice(&block[..n]);
        let used = census.feed(&pending, shift + len, n == 0);
        // Once a byte is invalid, the mode is learnt from the decoded text.
        if census.is_clean() {
            detector.feed(&pending[..used]);
        }
        len += used;
        pending.drain(..used);
        if n == 0 {
            break;
        }
    }
    if !census.is_clean() {
        let encoding = census.encoding(shift > 0);
        // Windows-1252 only without a byte-order mark (shift 0).
        let damage = (encoding != Encoding::Windows1252).then_some(census.damage);
        let probed = probe_transcoded(path, encoding, shift)?;
        return Ok(probed.map(|p| Probe { damage, ..p }));
    }
    Ok(Ok(Probe {
        encoding,
        mode: detector.finish(),
        len,
        shift,
        bytes: shift + len,
        damage: None,
    }))
}

/// [`probe`] of a file read as `encoding` (Windows-1252 or UTF-16) from
/// byte `shift` on: decoded block by block, as [`ChunkReader`] will.
fn probe_transcoded(
    path: &Path,
    encoding: Encoding,
    shift: usize,
) -> Result<std::result::Result<Probe, Unusable>> {
    let err = read_error(path);
    let mut reader = Transcoder::open(path, encoding, shift).map_err(&err)?;
    let mut detector = ModeDetector::default();
    let mut len = 0;
    let mut text = String::new();
    loop {
        text.clear();
        let mut map = OffsetMap::default();
        let more = match reader.next(len, &mut text, &mut map).map_err(&err)? {
            Ok(more) => more,
            Err(why) => return Ok(Err(why)),
        };
        // Text guessed to be UTF-16 must also read as text.
        if len == 0 && matches!(encoding, Encoding::Utf16LeNoBom | Encoding::Utf16BeNoBom) {
            if let Err(why) = check_controls(sniff(text.as_bytes())) {
                return Ok(Err(why));
            }
        }
        detector.feed(text.as_bytes());
        len += text.len();
        if !more {
            break;
        }
    }
    Ok(Ok(Probe {
        encoding,
        mode: detector.finish(),
        len,
        shift,
        bytes: reader.read,
        damage: None,
    }))
}

/// A file in an encoding other than UTF-8 (Windows-1252 or UTF-16), read
/// and decoded a block at a time: bytes of a character cut by a block's end
/// are carried to the next block.
struct Transcoder {
    file: File,
    encoding: Encoding,
    /// The block being read, which begins with `carry` bytes left from the
    /// last one.
    raw: Vec<u8>,
    carry: usize,
    /// The file's bytes decoded so far (from its start).
    read: usize,
}

impl Transcoder {
    /// Opens `path` and skips its first `shift` bytes (a byte-order mark).
    fn open(path: &Path, encoding: Encoding, shift: usize) -> std::io::Result<Transcoder> {
        let mut file = File::open(path)?;
        file.read_exact(&mut vec![0u8; shift])?;
        Ok(Transcoder {
            file,
            encoding,
            raw: Vec::new(),
            carry: 0,
            read: shift,
        })
    }

    /// Decodes the next block: its text is appended to `text`, which
    /// begins the decoded text at position `derived`, and its breakpoints
    /// to `map`. `Ok(false)` when the file has ended; `Err` if what was
    /// read cannot be decoded.
    fn next(
        &mut self,
        derived: usize,
        text: &mut String,
        map: &mut OffsetMap,
    ) -> std::io::Result<std::result::Result<bool, Unusable>> {
        self.raw.resize(self.carry + BLOCK, 0);
        let n = self.file.read(&mut self.raw[self.carry..])?;
        let piece = &self.raw[..self.carry + n];
        let last = n == 0;
        let used = match transcode_into(piece, self.encoding, (derived, self.read), last, text, map)
        {
            Ok(used) => used,
            Err(why) => return Ok(Err(why)),
        };
        self.read += used;
        self.carry = piece.len() - used;
        self.raw.copy_within(used..used + self.carry, 0);
        Ok(Ok(!last))
    }
}

/// The error for a file that no longer reads as it did when probed.
fn changed(path: &Path) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::other("the file changed while it was read"),
    }
}

/// One chunk of a streamed document: its text and where it lies in the
/// whole decoded text.
#[derive(Debug, Clone)]
pub struct TextChunk {
    pub text: String,
    pub chunk: Chunk,
    /// From positions in the decoded text (those of `chunk.range`) to the
    /// file's.
    pub map: OffsetMap,
}

impl TextChunk {
    /// Where the chunk lies in the file, in bytes.
    pub fn file_range(&self) -> std::ops::Range<usize> {
        self.map.source(self.chunk.range.start)..self.map.source(self.chunk.range.end)
    }
}

/// The chunks of a probed file, in order, each as
/// [`chunks`](super::chunks) cuts it from the whole text.
pub struct ChunkReader<'a> {
    path: PathBuf,
    aliases: &'a dyn Aliases,
    /// The last cut was inside a sentence.
    inside_sentence: bool,
    input: Input,
    probe: Probe,
    size: usize,
    /// Text read and not yet handed out, from `start`.
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    /// Windows-1252 and UTF-16 only: the map of the text in `buf` to the
    /// file.
    map: OffsetMap,
}

/// How a [`ChunkReader`] reads: UTF-8 as it is, anything else decoded.
enum Input {
    Utf8(File),
    Transcoded(Transcoder),
}

impl<'a> ChunkReader<'a> {
    /// Opens `path` (as probed) for chunks of at least `size` bytes.
    pub fn open(
        path: &Path,
        probe: Probe,
        size: usize,
        aliases: &'a dyn Aliases,
    ) -> Result<ChunkReader<'a>> {
        let err = read_error(path);
        let input = if probe.encoding.is_utf8() {
            let mut file = File::open(path).map_err(&err)?;
            file.read_exact(&mut vec![0u8; probe.shift]).map_err(&err)?;
            Input::Utf8(file)
        } else {
            Input::Transcoded(Transcoder::open(path, probe.encoding, probe.shift).map_err(&err)?)
        };
        Ok(ChunkReader {
            path: path.to_path_buf(),
            aliases,
            inside_sentence: false,
            input,
            probe,
            size,
            buf: Vec::new(),
            start: 0,
            eof: false,
            map: OffsetMap::default(),
        })
    }

    /// Reads until `buf` holds `want` bytes of text or the file ends.
    fn fill(&mut self, want: usize) -> Result<()> {
        let err = read_error(&self.path);
        while self.buf.len() < want && !self.eof {
            let have = self.buf.len();
            match &mut self.input {
                Input::Transcoded(reader) => {
                    let mut text = String::with_capacity(BLOCK + BLOCK / 8);
                    let more = reader
                        .next(self.start + have, &mut text, &mut self.map)
                        .map_err(&err)?
                        .map_err(|_| changed(&self.path))?;
                    self.buf.extend_from_slice(text.as_bytes());
                    self.eof = !more;
                }
                Input::Utf8(file) => {
                    self.buf.resize(want.max(have + BLOCK), 0);
                    let n = file.read(&mut self.buf[have..]).map_err(&err)?;
                    self.buf.truncate(have + n);
                    self.eof = n == 0;
                }
            }
        }
        Ok(())
    }

    /// The next chunk, or `None` at the end of the text.
    pub fn next_chunk(&mut self) -> Result<Option<TextChunk>> {
        let (len, size, mode) = (self.probe.len, self.size, self.probe.mode);
        if self.start >= len {
            return Ok(None);
        }
        let mut want = size + BLOCK;
        let (end, sentence) = loop {
            if len - self.start <= size {
                self.fill(len - self.start)?;
                break (self.buf.len().min(len - self.start), true);
            }
            self.fill(want)?;
            match cut_after(&self.buf, size, mode, self.eof, self.aliases) {
                Some(cut) => break (cut.end, cut.sentence),
                None if self.eof => break (self.buf.len(), true),
                None => want = 2 * self.buf.len(),
            }
        };
        if end == 0 || (self.eof && self.start + end != len && end == self.buf.len()) {
            return Err(changed(&self.path));
        }
        let rest = self.buf.split_off(end);
        let bytes = std::mem::replace(&mut self.buf, rest);
        let text = String::from_utf8(bytes).map_err(|e| Error::Read {
            path: self.path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?;
        let chunk = Chunk {
            range: self.start..self.start + end,
            continues_paragraph: self.start > 0 && mode == ParagraphMode::None,
            continues_sentence: self.inside_sentence,
        };
        self.inside_sentence = !sentence;
        let map = match self.input {
            Input::Transcoded(_) => {
                let at = self.start + end;
                let rest = self.map.split_off(at);
                let mut map = std::mem::replace(&mut self.map, rest);
                // The chunk's end maps where the rest begins (after a
                // character longer in the file, such as a last `\xEB`).
                map.push(at, self.map.source(at));
                map
            }
            Input::Utf8(_) => OffsetMap::shifted(self.probe.shift),
        };
        self.start += end;
        Ok(Some(TextChunk { text, chunk, map }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::decode::utf16_file;
    use crate::corpus::{EMBEDDED, chunks};
    use crate::scanner::Matcher;

    /// The default gazetteer's automaton: the chunks' cuts avoid its aliases.
    fn matcher() -> &'static Matcher {
        static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
        MATCHER.get_or_init(|| {
            let gazetteer = crate::gazetteer::load(&[]).expect("default gazetteer");
            Matcher::new(&gazetteer, false).expect("matcher")
        })
    }

    /// The chunks a reader hands out for `bytes` written to a file.
    fn read_chunks(bytes: &[u8], size: usize) -> (Probe, Vec<TextChunk>) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, bytes).expect("write");
        let probe = probe(&path).expect("read").expect("text");
        let mut reader = ChunkReader::open(&path, probe, size, matcher()).expect("open");
        let mut out = Vec::new();
        while let Some(chunk) = reader.next_chunk().expect("chunk") {
            out.push(chunk);
        }
        (probe, out)
    }

    #[test]
    fn chunks_read_from_a_file_are_those_cut_from_the_whole_text() {
        for (name, bytes) in EMBEDDED {
            let text = std::str::from_utf8(bytes).expect("UTF-8");
            for size in [1000, 4096, 65_536] {
                let (probe, got) = read_chunks(bytes, size);
                let mode = ParagraphMode::detect(text);
                assert_eq!(probe.mode, mode, "{name}");
                assert_eq!(probe.len, text.len(), "{name}");
                let want = chunks(text, mode, size, matcher());
                assert!(want.len() > 1 || 2 * size > text.len(), "{name}: one chunk");
                let ranges: Vec<Chunk> = got.iter().map(|c| c.chunk.clone()).collect();
                assert_eq!(ranges, want, "{name}, size {size}");
                for c in &got {
                    assert_eq!(c.text, &text[c.chunk.range.clone()], "{name}");
                }
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_counted() {
        let text = "Trotsky\n\nand Lenin.\n".repeat(500);
        let bytes = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let (probe, got) = read_chunks(&bytes, 1000);
        assert_eq!(
            (probe.encoding, probe.shift, probe.len),
            (Encoding::Utf8Bom, 3, text.len())
        );
        let joined: String = got.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn binary_is_refused_and_broken_utf16_too_as_decode_refuses_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x.txt");
        std::fs::write(&path, b"\x00\x01binary").expect("write");
        assert!(probe(&path).expect("read").is_err());
        let mut broken: Vec<Vec<u8>> = vec![
            b"\xFF\xFET\0r\0x".to_vec(),
            b"\xFF\xFET\0\0\0r\0".to_vec(),
            b"\xFE\xFF\0T\xDC\x00\0r".to_vec(),
        ];
        // An unpaired surrogate two blocks in.
        let mut late = utf16_file(&"Lenin ".repeat(BLOCK / 6 + 1), Encoding::Utf16Le);
        late.extend([0x00, 0xD8, b'x', 0]);
        // The same without its byte-order mark; and, without one, control
        // characters, or a NUL character two blocks in.
        broken.push(late[2..].to_vec());
        broken.push(late);
        let numbers = (0..BLOCK).flat_map(|i| (i as u16 % 30 + 1).to_le_bytes());
        broken.push(numbers.collect());
        let mut nul = utf16_file(&"Lenin ".repeat(BLOCK / 6 + 1), Encoding::Utf16Be);
        nul.extend([0, 0, 0, b'x']);
        broken.push(nul[2..].to_vec());
        for bytes in broken {
            std::fs::write(&path, &bytes).expect("write");
            let whole = super::super::decode(&bytes).expect_err("refused whole");
            assert_eq!(probe(&path).expect("read"), Err(whole));
        }
    }

    /// A file written in an encoding other than UTF-8 is read chunk by
    /// chunk as [`chunks`] cuts the whole decoded text, with every
    /// character boundary mapped to the file position the whole text's map
    /// gives.
    fn streams_as_decoded_whole(bytes: &[u8], encoding: Encoding) {
        let whole = super::super::decode(bytes).expect("text");
        assert_eq!(whole.encoding, encoding);
        let text = whole.text.as_ref();
        let (probe, got) = read_chunks(bytes, 65_536);
        assert_eq!(
            (
                probe.encoding,
                probe.len,
                probe.bytes,
                probe.mode,
                probe.damage
            ),
            (
                encoding,
                text.len(),
                bytes.len(),
                ParagraphMode::detect(text),
                whole.damage
            )
        );
        let want = chunks(text, probe.mode, 65_536, matcher());
        assert!(want.len() > 20, "{} chunks", want.len());
        let ranges: Vec<Chunk> = got.iter().map(|c| c.chunk.clone()).collect();
        assert_eq!(ranges, want);
        for c in &got {
            assert_eq!(c.text, &text[c.chunk.range.clone()]);
            let ends = c.text.char_indices().map(|(k, _)| k).chain([c.text.len()]);
            for k in ends {
                let at = c.chunk.range.start + k;
                assert_eq!(c.map.source(at), whole.map.source(at), "position {at}");
            }
        }
    }

    #[test]
    fn windows_1252_is_decoded_as_it_is_read() {
        // A megabyte of ASCII (valid UTF-8) first, then a byte above 0x7F
        // now and then.
        let mut latin = "Lenin ".repeat(200_000).into_bytes();
        for i in 0..40_000 {
            latin.extend_from_slice(b"Trotsky and Bront\xEB met \x93Stalin\x94");
            latin.extend_from_slice(if i % 7 == 0 { b".\n\n" } else { b". " });
        }
        // A character two bytes long in UTF-8 ends the file.
        latin.extend_from_slice(b"caf\xE9.\nBront\xEB");
        streams_as_decoded_whole(&latin, Encoding::Windows1252);
    }

    #[test]
    fn damaged_utf8_is_decoded_as_it_is_read() {
        // UTF-8 with stray bytes: Windows-1252 letters, a truncated
        // character, one cut by the first block's end, one at the end of
        // the file; with and without a byte-order mark.
        let mut bytes = "Троцкий и Ленин. Trotsky and Lenin.\n\n"
            .repeat(60_000)
            .into_bytes();
        for at in [10, 5_000, BLOCK - 1, BLOCK + 7, 2 * BLOCK] {
            bytes.splice(at..at, *b"caf\xE9 \xE2\x80 ");
        }
        bytes.splice(BLOCK - 1..BLOCK - 1, *b"\xE2\x80");
        bytes.push(0xE2);
        streams_as_decoded_whole(&bytes, Encoding::Utf8Repaired);
        let marked = [b"\xEF\xBB\xBF".as_slice(), &bytes].concat();
        streams_as_decoded_whole(&marked, Encoding::Utf8BomRepaired);
    }

    #[test]
    fn utf16_is_decoded_as_it_is_read() {
        // ASCII, Cyrillic (two UTF-8 bytes), CJK (three) and characters
        // outside the BMP (surrogate pairs, four), so that block ends fall
        // inside runs of each and between the halves of a pair.
        let mut text = String::new();
        for i in 0..60_000 {
            text.push_str(match i % 4 {
                0 => "Trotsky and Lenin. ",
                1 => "Троцкий и Ленин. ",
                2 => "托洛茨基 ",
                _ => "𝔗𝔯𝔬𝔱𝔰𝔨𝔶 ",
            });
            if i % 9 == 0 {
                text.push_str("\n\n");
            }
        }
        // Words before it so that the first block ends between the halves
        // of the first pair.
        let first_pair = text
            .encode_utf16()
            .position(|u| (0xD800..0xDC00).contains(&u))
            .expect("a pair");
        let pad = BLOCK / 2 - 1 - first_pair;
        let mut padded = "Lenin ".repeat(pad / 6);
        padded.push_str(&"x".repeat(pad % 6));
        let text = padded + &text;
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = utf16_file(&text, encoding);
            streams_as_decoded_whole(&bytes, encoding);
            let without_bom = match encoding {
                Encoding::Utf16Le => Encoding::Utf16LeNoBom,
                _ => Encoding::Utf16BeNoBom,
            };
            streams_as_decoded_whole(&bytes[2..], without_bom);
        }
    }
}
