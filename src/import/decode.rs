//! Bytes to text as people really save exports: UTF-8 with or without a byte-order mark, UTF-16
//! with one, and Shift_JIS (what Excel in Japan writes), told apart by `chardetng` when no mark
//! says. UTF-8 is read as it is (no copy: the fast path for large reconciliation files); every
//! other encoding is decoded to UTF-8 on the fly, so nothing is held whole in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;

/// How much of a file is looked at to guess its encoding and kind.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The read buffer: large reads keep the system calls few on files of hundreds of megabytes.
const BUFFER_BYTES: usize = 256 * 1024;

/// A file opened for reading as UTF-8, with what was found out about it.
pub struct Opened {
    /// The text, UTF-8, without a byte-order mark.
    pub reader: Box<dyn BufRead + Send>,
    /// The encoding the file was written in.
    pub encoding: &'static Encoding,
    /// The beginning of the text (UTF-8), for recognising the kind of file.
    pub head: String,
}

/// Counts the bytes read from the file, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Guesses the encoding of text without a byte-order mark: UTF-8 when it is valid UTF-8 (the
/// sample may end inside a character), else what `chardetng` finds (Shift_JIS for Japanese).
pub fn guess(sample: &[u8], complete: bool) -> &'static Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => return UTF_8,
        Err(e) if e.error_len().is_none() && !complete => return UTF_8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, complete);
    let found = detector.guess(Some(b"jp"), true);
    if found == UTF_8 { SHIFT_JIS } else { found }
}

/// Opens `path` as UTF-8 text; `read` counts the file's bytes as they are read.
pub fn open(path: &Path, read: Arc<AtomicU64>) -> io::Result<Opened> {
    let mut sample = Vec::new();
    File::open(path)?
        .take(SNIFF_BYTES)
        .read_to_end(&mut sample)?;
    let complete = (sample.len() as u64) < SNIFF_BYTES;
    let (encoding, bom_len) =
        Encoding::for_bom(&sample).unwrap_or_else(|| (guess(&sample, complete), 0));
    let (head, _) = encoding.decode_without_bom_handling(sample.get(bom_len..).unwrap_or_default());
    let head = head.into_owned();
    let counting = Counting {
        inner: File::open(path)?,
        read,
    };
    let reader: Box<dyn BufRead + Send> = if encoding == UTF_8 {
        let mut buffered = BufReader::with_capacity(BUFFER_BYTES, counting);
        let mut skip = [0u8; 3];
        buffered.read_exact(&mut skip[..bom_len])?;
        Box::new(buffered)
    } else {
        let decoding = DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .build(counting);
        Box::new(BufReader::with_capacity(BUFFER_BYTES, decoding))
    };
    Ok(Opened {
        reader,
        encoding,
        head,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_shift_jis_from_utf8() {
        let text = "顧客名,国\n富士商事株式会社,JP\n桜木テクノロジー株式会社,JP\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(guess(&sjis, true), SHIFT_JIS);
        assert_eq!(guess(text.as_bytes(), true), UTF_8);
        // Cut inside a character: still UTF-8 when the sample is only the beginning.
        let bytes = text.as_bytes();
        assert_eq!(guess(&bytes[..bytes.len() - 9], false), UTF_8);
    }
}
