//! CSV files as a stream of rows: the delimiter told from the header line (comma, semicolon or
//! tab), quoted fields holding delimiters, quotes and line breaks, CRLF, blank lines skipped.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc;

use csv::{ByteRecord, Reader, ReaderBuilder};

use super::columns::Headers;
use super::{ImportError, Sink};

/// Rows between two looks at the cancel flag.
const CANCEL_EVERY: u64 = 8192;

/// The delimiter and the header cells of a CSV file's beginning.
pub fn header_of(text: &str) -> (u8, Headers) {
    let first = first_record(text);
    let count = |d: char| {
        let mut quoted = false;
        first
            .chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                !quoted && c == d
            })
            .count()
    };
    let delimiter = [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|&(d, n)| (n, d == b','))
        .map_or(b',', |(d, _)| d);
    let mut reader = builder(delimiter).from_reader(first.as_bytes());
    let mut record = ByteRecord::new();
    let cells: Vec<String> = match reader.read_byte_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect(),
        _ => Vec::new(),
    };
    (delimiter, Headers::new(cells.iter().map(String::as_str)))
}

/// The first line of `text`, taking quoted line breaks into the line.
fn first_record(text: &str) -> &str {
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => return &text[..at],
            _ => {}
        }
    }
    text
}

fn builder(delimiter: u8) -> ReaderBuilder {
    let mut builder = ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024);
    builder
}

/// Line breaks (`\r`, `\n`) by byte offset, as the bytes pass on to the CSV reader: the CSV
/// reader's own line count runs one short after a CRLF and again after each blank line, and a
/// skipped row or an imported fact must name the line a user finds in an editor.
struct Breaks<R> {
    inner: R,
    offset: u64,
    found: Rc<RefCell<VecDeque<(u64, u8)>>>,
}

impl<R: Read> Read for Breaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut found = self.found.borrow_mut();
        for at in memchr::memchr2_iter(b'\r', b'\n', &buf[..n]) {
            found.push_back((self.offset + at as u64, buf[at]));
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Turns the CSV reader's record offsets into true 1-based lines.
struct Lines {
    found: Rc<RefCell<VecDeque<(u64, u8)>>>,
    /// The line at the offset reached.
    line: u64,
}

impl Lines {
    /// The line of the record the CSV reader says starts at `byte`: line feeds before it
    /// count, and so do those of the run of line breaks it may start on (a CRLF's `\n`,
    /// blank lines), which the record's content follows.
    fn at(&mut self, byte: u64) -> u64 {
        let mut found = self.found.borrow_mut();
        while let Some(&(offset, b)) = found.front() {
            if offset >= byte {
                break;
            }
            self.line += u64::from(b == b'\n');
            found.pop_front();
        }
        let mut next = byte;
        while let Some(&(offset, b)) = found.front() {
            if offset != next {
                break;
            }
            self.line += u64::from(b == b'\n');
            found.pop_front();
            next += 1;
        }
        self.line
    }
}

/// Rows handed from the reading thread to the one that records them, with their lines; the
/// batch comes back empty to be filled again, so records keep their allocations.
#[derive(Default)]
struct Batch {
    records: Vec<ByteRecord>,
    lines: Vec<u64>,
    len: usize,
}

/// Rows per batch: enough to make the hand-over cheap, few enough to keep memory flat.
const BATCH_ROWS: usize = 4096;

/// Reads `reader` as CSV past its header row, calling `row` with each row and the line it
/// starts on; returns the rows read. Blank rows are passed over.
///
/// Parsing runs on its own thread while the calling one records the rows: on a distributor's
/// reconciliation file the two take about as long as each other, so a second core halves the
/// wait. Batches are bounded, so memory stays flat whatever the file's size.
pub fn stream<R: BufRead + Send>(
    path: &Path,
    reader: R,
    delimiter: u8,
    sink: &mut Sink<'_>,
    mut row: impl FnMut(&ByteRecord, u64, &mut Sink<'_>),
) -> Result<u64, ImportError> {
    let (full_tx, full_rx) = mpsc::sync_channel::<Result<Batch, ImportError>>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        scope.spawn(move || read_batches(path, reader, delimiter, &full_tx, &empty_rx));
        let mut rows = 0u64;
        let result = 'read: loop {
            let batch = match full_rx.recv() {
                Err(_) => break Ok(rows),
                Ok(Err(error)) => break Err(error),
                Ok(Ok(batch)) => batch,
            };
            for (record, &line) in batch.records[..batch.len].iter().zip(&batch.lines) {
                rows += 1;
                if rows.is_multiple_of(CANCEL_EVERY)
                    && let Err(cancelled) = sink.check_cancel()
                {
                    break 'read Err(cancelled);
                }
                sink.line = line;
                row(record, line, sink);
            }
            // The reader may have finished already; a batch nobody refills is simply dropped.
            let _ = empty_tx.send(batch);
        };
        // Stops the reader at its next send when the rows were not all wanted.
        drop(full_rx);
        result
    })
}

/// The reading thread: parses rows into batches until the file ends, an error, or nobody
/// listens any more.
fn read_batches<R: BufRead>(
    path: &Path,
    reader: R,
    delimiter: u8,
    full: &mpsc::SyncSender<Result<Batch, ImportError>>,
    empty: &mpsc::Receiver<Batch>,
) {
    let found = Rc::new(RefCell::new(VecDeque::new()));
    let mut lines = Lines {
        found: found.clone(),
        line: 1,
    };
    let mut csv: Reader<Breaks<R>> = builder(delimiter).from_reader(Breaks {
        inner: reader,
        offset: 0,
        found,
    });
    let error = |e: csv::Error, line: u64| match e.into_kind() {
        csv::ErrorKind::Io(source) => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
        other => ImportError::Csv {
            path: path.to_path_buf(),
            line,
            message: format!("{other:?}"),
        },
    };
    // The header was read from the file's beginning when it was recognised.
    let mut header = ByteRecord::new();
    if let Err(e) = csv.read_byte_record(&mut header) {
        let _ = full.send(Err(error(e, 1)));
        return;
    }
    loop {
        let mut batch = empty.try_recv().unwrap_or_default();
        batch.len = 0;
        batch.lines.clear();
        let mut ended = false;
        while batch.len < BATCH_ROWS {
            if batch.len == batch.records.len() {
                batch.records.push(ByteRecord::new());
            }
            let record = &mut batch.records[batch.len];
            let before = csv.position().line();
            match csv.read_byte_record(record) {
                Ok(false) => {
                    ended = true;
                    break;
                }
                Ok(true) => {}
                Err(e) => {
                    let line = lines.at(csv.position().byte()).max(before);
                    let _ = full.send(Err(error(e, line)));
                    return;
                }
            }
            let line = record.position().map_or(before, |p| lines.at(p.byte()));
            if record.len() == 1
                && record
                    .get(0)
                    .is_some_and(|c| c.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            batch.lines.push(line);
            batch.len += 1;
        }
        if batch.len > 0 && full.send(Ok(batch)).is_err() {
            return;
        }
        if ended {
            return;
        }
    }
}

/// Field `index` of `record` as text: `Ok("")` when the row is shorter.
pub fn field(record: &ByteRecord, index: Option<usize>) -> Result<&str, String> {
    let Some(index) = index else { return Ok("") };
    match record.get(index) {
        None => Ok(""),
        Some(bytes) => std::str::from_utf8(bytes).map(str::trim).map_err(|_| {
            format!(
                "field {} is not valid text in the file's encoding",
                index + 1
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line each row starts on, as the stream reports it.
    fn lines_of(text: &str) -> Vec<(String, u64)> {
        let progress = super::super::Progress::default();
        let mut sink = Sink::new(&progress);
        let mut seen = Vec::new();
        stream(
            Path::new("t.csv"),
            text.as_bytes(),
            b',',
            &mut sink,
            |record, line, _| {
                let first = String::from_utf8_lossy(record.get(0).unwrap_or_default()).into_owned();
                seen.push((first, line));
            },
        )
        .expect("reads");
        seen
    }

    #[test]
    fn rows_name_the_line_an_editor_shows_whatever_the_line_ends() {
        for ending in ["\n", "\r\n"] {
            let text = ["h1,h2", "a,b", "\"x", "y\",c", "d,e", "", "f,g", ""].join(ending);
            let got = lines_of(&text);
            let want: Vec<(String, u64)> = [("a", 2), ("x", 3), ("d", 5), ("f", 7)]
                .iter()
                .map(|&(f, l)| (f.replace('x', &format!("x{ending}y")), l))
                .collect();
            assert_eq!(got, want, "line ends {ending:?}");
        }
    }

    #[test]
    fn tells_the_delimiter_from_the_header() {
        assert_eq!(header_of("a,b;c,d\n1,2,3").0, b',');
        assert_eq!(header_of("a;b;c\n").0, b';');
        assert_eq!(header_of("a\tb\tc\r\n").0, b'\t');
        // A quoted header holding commas does not fool it.
        assert_eq!(header_of("\"a,b,c\";d;e").0, b';');
    }
}
