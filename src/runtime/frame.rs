//! The binary wire for events between processes (worker → host socket, host
//! → UI pipe): decoding JSON on the UI's one reader thread was the pipeline's
//! bottleneck, so events cross as compact frames instead. The JSON-lines log
//! stays the contract on disk (`--record`) and on `--headless` stdout.
//!
//! A frame is `varint LEN` then LEN payload bytes (LEN ≤ `MAX_FRAME`). The
//! payload: `varint KIND` (the variant's place in `frame_fields`), `varint
//! t_us`, the actor (a string), `zigzag pid`, `tid` (an option), then the
//! kind's own fields in declaration order.
//!
//! Strings repeat (actor names, ops, step texts), so each stream keeps a
//! table: a string is `varint TAG` with TAG 0 = a new table entry follows
//! (`varint len` + UTF-8), TAG 1 = a literal not kept, TAG n ≥ 2 = entry n-2.
//! Integers are LEB128 varints (signed ones zigzag), f64 its 8 little-endian
//! bytes, an option a 0/1 byte then the value, a list its count then items.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;

use crate::event::{Event, EventKind};

/// The largest frame either side accepts: a bigger length is garbage (or an
/// event no lesson makes), and the reader never allocates past it.
pub const MAX_FRAME: usize = 1 << 20;
/// Strings longer than this are sent literally, never kept in the table.
pub const MAX_INTERNED_LEN: usize = 64;
/// Entries a stream's string table holds at most (≤ 1 MiB of text); later
/// new strings are sent literally.
pub const MAX_STRINGS: usize = 16_384;
/// Items a list (workers, cycle, watched…) may hold in a frame.
pub const MAX_LIST: usize = 4096;

pub(super) const TAG_NEW: u64 = 0;
pub(super) const TAG_LITERAL: u64 = 1;
pub(super) const TAG_FIRST_ID: u64 = 2;

/// Why bytes could not be read as an event.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameError {
    /// The stream ended inside a frame.
    Truncated,
    /// A frame length over `MAX_FRAME`: the stream cannot be followed further.
    TooLong(u64),
    /// A varint longer than 10 bytes, or a value out of its field's range.
    BadNumber,
    /// A string id never defined on this stream.
    UnknownString(u64),
    /// A new table string while the table is full, or too long to be kept.
    TableOverflow,
    BadUtf8,
    /// An unknown kind number, enum value, option or bool byte.
    BadTag(&'static str, u64),
    /// A list over `MAX_LIST`, or strings adding up past the decode budget.
    TooBig,
    /// Bytes left in a frame after its event.
    Trailing(usize),
    /// A shared value that is not JSON.
    BadValue(String),
    Io(String),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Truncated => write!(f, "the stream ended inside a frame"),
            FrameError::TooLong(n) => write!(f, "a frame of {n} bytes, over {MAX_FRAME}"),
            FrameError::BadNumber => write!(f, "a number out of range"),
            FrameError::UnknownString(id) => write!(f, "unknown string id {id}"),
            FrameError::TableOverflow => write!(f, "the string table overflows"),
            FrameError::BadUtf8 => write!(f, "a string that is not UTF-8"),
            FrameError::BadTag(what, v) => write!(f, "unknown {what} {v}"),
            FrameError::TooBig => write!(f, "an event too big to decode"),
            FrameError::Trailing(n) => write!(f, "{n} bytes left after the event"),
            FrameError::BadValue(e) => write!(f, "a shared value that is not JSON: {e}"),
            FrameError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Append `v` as a LEB128 varint.
pub(super) fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

pub(super) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub(super) fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// FNV-1a: the table's keys are short strings from our own process, so a
/// fast hash beats SipHash (a third of the writer's time in the bench).
#[derive(Default)]
pub(super) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Ids = HashMap<String, u64, BuildHasherDefault<Fnv>>;

/// The writing half of a stream: its string table and a reused buffer.
#[derive(Default)]
pub struct FrameEncoder {
    ids: Ids,
    payload: Vec<u8>,
    frame: Vec<u8>,
}

/// What `frame_fields` writes through: the payload and the table.
pub(super) struct Enc<'a> {
    pub buf: &'a mut Vec<u8>,
    ids: &'a mut Ids,
}

impl Enc<'_> {
    pub fn str(&mut self, s: &str) {
        if let Some(id) = self.ids.get(s) {
            put_varint(self.buf, TAG_FIRST_ID + id);
            return;
        }
        let keep = s.len() <= MAX_INTERNED_LEN && self.ids.len() < MAX_STRINGS;
        if keep {
            let id = self.ids.len() as u64;
            self.ids.insert(s.to_string(), id);
        }
        put_varint(self.buf, if keep { TAG_NEW } else { TAG_LITERAL });
        put_varint(self.buf, s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
}

impl FrameEncoder {
    pub fn new() -> FrameEncoder {
        FrameEncoder::default()
    }

    /// The frame for `e`, length prefix included. An event whose frame would
    /// pass `MAX_FRAME` goes as an `error` event saying so (the reader would
    /// refuse it, and lose the stream with it).
    pub fn encode(&mut self, e: &Event) -> &[u8] {
        self.payload.clear();
        self.encode_payload(e);
        if self.payload.len() > MAX_FRAME {
            let text = format!(
                "a {} event of {} bytes is too big for the wire",
                e.kind.name(),
                self.payload.len()
            );
            let small = Event {
                tid: e.tid,
                ..Event::new(e.t_us, &e.actor, e.pid, EventKind::Error { text })
            };
            self.payload.clear();
            self.encode_payload(&small);
        }
        self.frame.clear();
        put_varint(&mut self.frame, self.payload.len() as u64);
        self.frame.extend_from_slice(&self.payload);
        &self.frame
    }

    /// Write `e`'s frame to `w`.
    pub fn write(&mut self, w: &mut impl Write, e: &Event) -> std::io::Result<()> {
        let frame = self.encode(e);
        w.write_all(frame)
    }

    fn encode_payload(&mut self, e: &Event) {
        let mut enc = Enc {
            buf: &mut self.payload,
            ids: &mut self.ids,
        };
        super::frame_fields::put_event(&mut enc, e);
    }
}
