//! One connection of the learner's program (one per process): JSON lines,
//! each an `Event`, read with a cap per line. Whatever cannot be read becomes
//! an `error` event of actor `host` naming the pid; nothing here panics.

use std::io::{BufRead, BufReader, Read};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

use crate::event::{Event, EventKind};

/// The longest line a process may send (the module cuts its texts to fit).
pub const MAX_LINE: usize = 16 * 1024;

/// One line read: its bytes, or how many bytes were dropped because it was too long.
#[derive(Debug, PartialEq)]
pub enum Line {
    Text(Vec<u8>),
    TooLong(usize),
}

/// Read one line of at most `cap` bytes (without its newline); a longer one
/// is read to its end and dropped. None at the end of the stream (a last
/// line without newline still counts).
pub fn read_line(reader: &mut impl BufRead, cap: usize) -> std::io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let mut dropped = 0usize;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(match (buf.is_empty(), dropped) {
                (true, 0) => None,
                (_, 0) => Some(Line::Text(buf)),
                (_, n) => Some(Line::TooLong(n + buf.len())),
            });
        }
        let (part, found) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        if dropped == 0 && buf.len() + part.len() <= cap {
            buf.extend_from_slice(part);
        } else {
            dropped += buf.len() + part.len();
            buf.clear();
        }
        let used = found.unwrap_or(chunk.len());
        reader.consume(used);
        if found.is_some() {
            return Ok(Some(match dropped {
                0 => Line::Text(buf),
                n => Line::TooLong(n),
            }));
        }
    }
}

/// The event a line stands for, or the `error` of `host` saying why not.
pub fn parse(line: &Line, pid: i32, host_pid: i32, t_us: u64) -> Option<Event> {
    let text = match line {
        Line::Text(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => return None,
        Line::Text(bytes) => match serde_json::from_slice::<Event>(bytes) {
            Ok(e) => return Some(e),
            Err(err) => {
                let shown: String = String::from_utf8_lossy(bytes).chars().take(80).collect();
                format!("unreadable line from the Python program (pid {pid}): {err}: {shown}")
            }
        },
        Line::TooLong(n) => format!(
            "a line of {n} bytes from the Python program (pid {pid}) was dropped: \
             the most is {MAX_LINE}"
        ),
    };
    Some(Event::new(
        t_us,
        "host",
        host_pid,
        EventKind::Error { text },
    ))
}

/// The pid of the process at the other end of a Unix socket (0 if unknown).
pub fn peer_pid(stream: &UnixStream) -> i32 {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` and `len` are valid for writes of the sizes given, and
    // the fd is open for the call's duration (borrowed from `stream`).
    let rc = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc == 0 {
        cred.pid
    } else {
        0
    }
}

/// Read every line of `stream` and hand each event to `send` until the
/// stream ends or `send` says stop.
pub fn serve(
    stream: impl Read,
    pid: i32,
    host_pid: i32,
    t_us: impl Fn() -> u64,
    mut send: impl FnMut(Event) -> bool,
) {
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    loop {
        let line = match read_line(&mut reader, MAX_LINE) {
            Ok(Some(line)) => line,
            Ok(None) => return,
            // The process ended with control lines of ours unread: a Unix
            // socket says so only after every byte it sent was read.
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => return,
            Err(err) => {
                let text = format!("the Python program's connection (pid {pid}) failed: {err}");
                send(Event::new(
                    t_us(),
                    "host",
                    host_pid,
                    EventKind::Error { text },
                ));
                return;
            }
        };
        if let Some(e) = parse(&line, pid, host_pid, t_us()) {
            if !send(e) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<Line> {
        let mut r = BufReader::with_capacity(7, input);
        let mut out = Vec::new();
        while let Some(l) = read_line(&mut r, cap).unwrap() {
            out.push(l);
        }
        out
    }

    #[test]
    fn lines_are_cut_at_newlines_and_long_ones_dropped_whole() {
        let got = lines(b"abc\n0123456789abcdef\nxy\nlast", 8);
        assert_eq!(
            got,
            vec![
                Line::Text(b"abc".to_vec()),
                Line::TooLong(16),
                Line::Text(b"xy".to_vec()),
                Line::Text(b"last".to_vec()),
            ]
        );
        assert_eq!(lines(b"", 8), vec![]);
        assert_eq!(lines(b"0123456789", 4), vec![Line::TooLong(10)]);
    }

    #[test]
    fn bad_lines_become_host_errors_naming_the_pid() {
        let good = br#"{"t_us":5,"actor":"MainProcess","pid":9,"event":"started"}"#;
        let e = parse(&Line::Text(good.to_vec()), 9, 1, 0).unwrap();
        assert_eq!(e.actor, "MainProcess");
        for bad in [Line::Text(b"{nope".to_vec()), Line::TooLong(99_999)] {
            let e = parse(&bad, 42, 1, 7).unwrap();
            assert_eq!((e.actor.as_str(), e.pid, e.t_us), ("host", 1, 7));
            let EventKind::Error { text } = e.kind else {
                panic!("an error")
            };
            assert!(text.contains("pid 42"), "{text}");
        }
        assert!(parse(&Line::Text(b"  ".to_vec()), 1, 1, 0).is_none());
    }

    /// Lines, then a reset (the peer closed with our lines unread).
    struct ThenReset(std::io::Cursor<Vec<u8>>);

    impl Read for ThenReset {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::ErrorKind::ConnectionReset.into()),
                n => Ok(n),
            }
        }
    }

    #[test]
    fn a_reset_after_the_last_line_is_the_end_not_an_error() {
        let good = br#"{"t_us":5,"actor":"MainProcess","pid":9,"event":"started"}"#;
        let mut bytes = good.to_vec();
        bytes.push(b'\n');
        let mut got = Vec::new();
        let stream = ThenReset(std::io::Cursor::new(bytes));
        serve(
            stream,
            9,
            1,
            || 0,
            |e| {
                got.push(e);
                true
            },
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].actor, "MainProcess");
    }
}
