//! Reading a file too large to hold, piece by piece: [`probe`] reads it once
//! to learn whether it can be streamed (not binary; UTF-8 all through, or
//! else Windows-1252, as [`decode`](super::decode) would read it whole) and
//! its paragraph mode; a [`ChunkReader`] then reads it again as the chunks
//! [`chunks`](super::chunks) would cut from the whole decoded text, one at a
//! time.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::chunk::cut_after;
use super::decode::{SNIFF, Unusable, check_not_binary, windows_1252_into};
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
}

/// Reads a file once: `Ok(Ok(Some(probe)))` if it is text that can be
/// streamed (UTF-8, or Windows-1252 when it is not UTF-8), `Ok(Ok(None))`
/// if it must be decoded whole (UTF-16), `Ok(Err(why))` if it is not text
/// at all.
pub fn probe(path: &Path) -> Result<std::result::Result<Option<Probe>, Unusable>> {
    let err = read_error(path);
    let mut file = File::open(path).map_err(&err)?;
    let mut head = Vec::with_capacity(SNIFF + 3);
    (&mut file)
        .take((SNIFF + 3) as u64)
        .read_to_end(&mut head)
        .map_err(&err)?;
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(Ok(None));
    }
    let (encoding, shift) = match head.strip_prefix(b"\xEF\xBB\xBF") {
        Some(_) => (Encoding::Utf8Bom, 3),
        None => (Encoding::Utf8, 0),
    };
    let sniffed = &head[shift..head.len().min(shift + SNIFF)];
    if let Err(why) = check_not_binary(sniffed) {
        return Ok(Err(why));
    }
    let mut detector = ModeDetector::default();
    // Bytes of a character cut by the end of the previous block.
    let mut pending = head.split_off(shift);
    let mut block = vec![0u8; BLOCK];
    let mut len = 0;
    loop {
        let n = file.read(&mut block).map_err(&err)?;
        pending.extend_from_slice(&block[..n]);
        let valid = match std::str::from_utf8(&pending) {
            Ok(_) => pending.len(),
            Err(e) if e.error_len().is_none() && n > 0 => e.valid_up_to(),
            // A byte-order mark says UTF-8: `decode` would refuse it whole.
            Err(_) if shift > 0 => return Ok(Ok(None)),
            Err(_) => return probe_windows_1252(path).map(|p| Ok(Some(p))),
        };
        detector.feed(&pending[..valid]);
        len += valid;
        pending.drain(..valid);
        if n == 0 {
            break;
        }
    }
    Ok(Ok(Some(Probe {
        encoding,
        mode: detector.finish(),
        len,
        shift,
        bytes: shift + len,
    })))
}

/// [`probe`] of a file that is not UTF-8: read again, as Windows-1252.
fn probe_windows_1252(path: &Path) -> Result<Probe> {
    let err = read_error(path);
    let mut file = File::open(path).map_err(&err)?;
    let mut detector = ModeDetector::default();
    let mut block = vec![0u8; BLOCK];
    let (mut len, mut bytes) = (0, 0);
    let mut text = String::new();
    loop {
        let n = file.read(&mut block).map_err(&err)?;
        if n == 0 {
            break;
        }
        text.clear();
        windows_1252_into(&block[..n], (0, 0), &mut text, &mut OffsetMap::default());
        detector.feed(text.as_bytes());
        len += text.len();
        bytes += n;
    }
    Ok(Probe {
        encoding: Encoding::Windows1252,
        mode: detector.finish(),
        len,
        shift: 0,
        bytes,
    })
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

/// The chunks of a probed file, in order, each as
/// [`chunks`](super::chunks) cuts it from the whole text.
pub struct ChunkReader {
    path: PathBuf,
    file: File,
    probe: Probe,
    size: usize,
    /// Text read and not yet handed out, from `start`.
    buf: Vec<u8>,
    start: usize,
    eof: bool,
    /// Windows-1252 only: the map of the text in `buf` to the file, the
    /// file's bytes read so far, and the buffer they are read into.
    map: OffsetMap,
    read: usize,
    raw: Vec<u8>,
}

impl ChunkReader {
    /// Opens `path` (as probed) for chunks of at least `size` bytes.
    pub fn open(path: &Path, probe: Probe, size: usize) -> Result<ChunkReader> {
        let err = read_error(path);
        let mut file = File::open(path).map_err(&err)?;
        let mut bom = vec![0u8; probe.shift];
        file.read_exact(&mut bom).map_err(&err)?;
        Ok(ChunkReader {
            path: path.to_path_buf(),
            file,
            probe,
            size,
            buf: Vec::new(),
            start: 0,
            eof: false,
            map: OffsetMap::default(),
            read: 0,
            raw: Vec::new(),
        })
    }

    fn transcoded(&self) -> bool {
        self.probe.encoding == Encoding::Windows1252
    }

    /// Reads until `buf` holds `want` bytes of text or the file ends.
    fn fill(&mut self, want: usize) -> Result<()> {
        let err = read_error(&self.path);
        while self.buf.len() < want && !self.eof {
            let have = self.buf.len();
            if self.transcoded() {
                self.raw.resize(BLOCK, 0);
                let n = self.file.read(&mut self.raw).map_err(&err)?;
                let mut text = String::with_capacity(n + n / 8);
                let at = (self.start + have, self.read);
                windows_1252_into(&self.raw[..n], at, &mut text, &mut self.map);
                self.buf.extend_from_slice(text.as_bytes());
                self.read += n;
                self.eof = n == 0;
                continue;
            }
            self.buf.resize(want.max(have + BLOCK), 0);
            let n = self.file.read(&mut self.buf[have..]).map_err(&err)?;
            self.buf.truncate(have + n);
            self.eof = n == 0;
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
        let end = loop {
            if len - self.start <= size {
                self.fill(len - self.start)?;
                break self.buf.len().min(len - self.start);
            }
            self.fill(want)?;
            match cut_after(&self.buf, size, mode) {
                Some(end) => break end,
                None if self.eof => break self.buf.len(),
                None => want = 2 * self.buf.len(),
            }
        };
        if end == 0 || (self.eof && self.start + end != len && end == self.buf.len()) {
            return Err(Error::Read {
                path: self.path.clone(),
                source: std::io::Error::other("the file changed while it was read"),
            });
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
        };
        let map = if self.transcoded() {
            let rest = self.map.split_off(self.start + end);
            std::mem::replace(&mut self.map, rest)
        } else {
            OffsetMap::shifted(self.probe.shift)
        };
        self.start += end;
        Ok(Some(TextChunk { text, chunk, map }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{EMBEDDED, chunks};

    /// The chunks a reader hands out for `bytes` written to a file.
    fn read_chunks(bytes: &[u8], size: usize) -> (Probe, Vec<TextChunk>) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("big.txt");
        std::fs::write(&path, bytes).expect("write");
        let probe = probe(&path).expect("read").expect("text").expect("UTF-8");
        let mut reader = ChunkReader::open(&path, probe, size).expect("open");
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
                let want = chunks(text, mode, size);
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
    fn utf16_is_not_streamed_and_binary_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x.txt");
        std::fs::write(&path, b"\xFF\xFET\0r\0").expect("write");
        assert_eq!(probe(&path).expect("read"), Ok(None));
        std::fs::write(&path, b"\x00\x01binary").expect("write");
        assert!(probe(&path).expect("read").is_err());
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
        latin.extend_from_slice(b"caf\xE9.\n");
        let whole = super::super::decode(&latin).expect("text");
        assert_eq!(whole.encoding, Encoding::Windows1252);
        let text = whole.text.as_ref();
        let (probe, got) = read_chunks(&latin, 65_536);
        assert_eq!(
            (probe.encoding, probe.len, probe.bytes, probe.mode),
            (
                Encoding::Windows1252,
                text.len(),
                latin.len(),
                ParagraphMode::detect(text)
            )
        );
        let want = chunks(text, probe.mode, 65_536);
        let ranges: Vec<Chunk> = got.iter().map(|c| c.chunk.clone()).collect();
        assert_eq!(ranges, want);
        for c in &got {
            assert_eq!(c.text, &text[c.chunk.range.clone()]);
            // Every character boundary of the chunk, and its end, maps to
            // the file position the whole text's map gives.
            let ends = c.text.char_indices().map(|(k, _)| k).chain([c.text.len()]);
            for k in ends {
                let at = c.chunk.range.start + k;
                assert_eq!(c.map.source(at), whole.map.source(at), "position {at}");
            }
        }
    }
}
