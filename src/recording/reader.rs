//! Reading a recording as untrusted data, one line at a time: only a regular
//! file, at most `MAX_FILE_BYTES`, each line at most `MAX_LINE_BYTES`, never
//! the whole file in memory. Every bad line is `FILE:LINE:COL: message`.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::diagnose;
use crate::event::Event;

/// The largest recording read: 256 MiB (a run's event budget, 1,000,000
/// events, is about 100 MiB of log).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The longest line read: 1 MiB (an event is a few hundred bytes; the recipe
/// carries the scenario's text).
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// One line of a recording: its number (from 1), its text as written, its event.
#[derive(Debug, Clone)]
pub struct Line {
    pub number: usize,
    pub text: String,
    pub event: Event,
}

/// A recording opened for reading, line by line.
pub struct Reader {
    name: String,
    input: BufReader<File>,
    /// The number of the line read last.
    line: usize,
    bytes: u64,
    buf: Vec<u8>,
    /// Set when the last line was cut short (the recorder was stopped while
    /// writing it): a warning with its position; the line is left out.
    pub cut_short: Option<String>,
}

impl Reader {
    /// Open `path`, refusing anything but a regular file before and after opening.
    pub fn open(path: &Path) -> Result<Reader, String> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| format!("{name}: cannot read it: {e}"))?;
        check_kind(&name, &meta)?;
        // O_NONBLOCK: should a FIFO be swapped in after the check, open() does
        // not wait for a writer, and fstat below refuses it.
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)
            .map_err(|e| format!("{name}: cannot open it: {e}"))?;
        let meta = file
            .metadata()
            .map_err(|e| format!("{name}: cannot read it: {e}"))?;
        check_kind(&name, &meta)?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_big(&name));
        }
        Ok(Reader {
            name,
            input: BufReader::with_capacity(64 * 1024, file),
            line: 0,
            bytes: 0,
            buf: Vec::new(),
            cut_short: None,
        })
    }

    /// The file's name as given, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next event line (blank lines are skipped); None at the end.
    pub fn next_line(&mut self) -> Result<Option<Line>, String> {
        loop {
            let Some(ended) = self.read_raw()? else {
                return Ok(None);
            };
            let number = self.line;
            let text = std::str::from_utf8(&self.buf).map_err(|e| {
                let col = self.buf[..e.valid_up_to()].iter().filter(|b| (**b as i8) >= -0x40).count() + 1;
                let byte = self.buf[e.valid_up_to()];
                format!(
                    "{}:{number}:{col}: this line is not UTF-8 text (byte 0x{byte:02X}); a recording is written in UTF-8",
                    self.name
                )
            })?;
            if text.trim().is_empty() {
                continue;
            }
            match diagnose::parse_event(text) {
                Ok(event) => {
                    let text = text.to_string();
                    return Ok(Some(Line {
                        number,
                        text,
                        event,
                    }));
                }
                Err(bad) if !ended && bad.eof => {
                    self.cut_short = Some(format!(
                        "{}:{number}:{}: the last line is cut short (the recording stopped while it was written); it is left out",
                        self.name, bad.col
                    ));
                    return Ok(None);
                }
                Err(bad) => {
                    return Err(format!(
                        "{}:{number}:{}: {}",
                        self.name, bad.col, bad.message
                    ))
                }
            }
        }
    }

    /// Read one line's bytes into `buf`, without its newline. Some(true) when
    /// a newline ended it, Some(false) for a last line without one, None at
    /// the end of the file.
    fn read_raw(&mut self) -> Result<Option<bool>, String> {
        self.buf.clear();
        self.line += 1;
        loop {
            let avail = match self.input.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(format!(
                        "{}:{}:1: cannot read it: {e}",
                        self.name, self.line
                    ))
                }
            };
            if avail.is_empty() {
                return Ok((!self.buf.is_empty()).then_some(false));
            }
            let (take, newline) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (avail.len(), false),
            };
            self.buf.extend_from_slice(&avail[..take]);
            let used = take + usize::from(newline);
            self.input.consume(used);
            self.bytes += used as u64;
            if self.buf.len() > MAX_LINE_BYTES {
                return Err(format!(
                    "{}:{}:1: this line is longer than 1 MiB, the most a recording's line may be",
                    self.name, self.line
                ));
            }
            if self.bytes > MAX_FILE_BYTES {
                return Err(too_big(&self.name));
            }
            if newline {
                return Ok(Some(true));
            }
        }
    }
}

fn too_big(name: &str) -> String {
    format!("{name}: the recording is larger than 256 MiB, the most conlab reads")
}

/// Refuse what is not a regular file, saying what it is instead.
fn check_kind(name: &str, meta: &Metadata) -> Result<(), String> {
    let t = meta.file_type();
    let what = if t.is_file() {
        return Ok(());
    } else if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "something other than a file"
    };
    Err(format!(
        "{name}: is {what}, not a recording; conlab reads recordings only from regular files (made with `conlab run ... --record FILE`)"
    ))
}
