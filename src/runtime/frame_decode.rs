//! Reading frames (see `frame`) from another process's stream. Every length,
//! id and tag is checked: garbage, a cut-off stream or a huge length gives an
//! error, never a panic, and nothing is allocated past `MAX_FRAME` per frame
//! (plus the decoded event's own strings, within a fixed budget).

use std::io::{BufRead, ErrorKind};

use super::frame::{
    FrameError, MAX_FRAME, MAX_INTERNED_LEN, MAX_LIST, MAX_STRINGS, TAG_FIRST_ID, TAG_LITERAL,
    TAG_NEW,
};
use super::frame_fields::take_event;
use crate::event::Event;

/// Events from a stream of frames. It keeps the stream's string table, and
/// decodes a frame in place when the buffer holds it whole (a hello line read
/// earlier from the same `BufRead` leaves its buffered frames intact).
pub struct FrameReader<R> {
    inner: R,
    table: Vec<String>,
    /// A frame that straddles the buffer's end is gathered here (reused).
    spill: Vec<u8>,
    /// The frame boundaries were lost (a bad length, a cut): nothing more is read.
    lost: bool,
}

impl<R: BufRead> FrameReader<R> {
    pub fn new(inner: R) -> FrameReader<R> {
        FrameReader {
            inner,
            table: Vec::new(),
            spill: Vec::new(),
            lost: false,
        }
    }

    /// The next event; `None` at the end of the stream, or after an error
    /// that lost the frame boundaries. An error inside one frame skips it.
    pub fn next_event(&mut self) -> Option<Result<Event, FrameError>> {
        if self.lost {
            return None;
        }
        self.read_frame().transpose()
    }

    /// Give back the stream, e.g. to read (and drop) what is left of it.
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn read_frame(&mut self) -> Result<Option<Event>, FrameError> {
        let Some(len) = self.read_len()? else {
            return Ok(None);
        };
        if len > MAX_FRAME as u64 {
            self.lost = true;
            return Err(FrameError::TooLong(len));
        }
        let len = len as usize;
        let available = fill(&mut self.inner).inspect_err(|_| self.lost = true)?;
        if available.len() >= len {
            let mut dec = Dec::new(&available[..len], &mut self.table);
            let event = take_event(&mut dec);
            self.inner.consume(len);
            return event.map(Some);
        }
        self.spill.clear();
        self.spill.resize(len, 0);
        if let Err(e) = self.inner.read_exact(&mut self.spill) {
            self.lost = true;
            return Err(match e.kind() {
                ErrorKind::UnexpectedEof => FrameError::Truncated,
                _ => FrameError::Io(e.to_string()),
            });
        }
        take_event(&mut Dec::new(&self.spill, &mut self.table)).map(Some)
    }

    /// A frame's length; `None` at a clean end of stream (between frames).
    fn read_len(&mut self) -> Result<Option<u64>, FrameError> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let buf = fill(&mut self.inner).inspect_err(|_| self.lost = true)?;
            let Some(&b) = buf.first() else {
                if shift == 0 {
                    return Ok(None);
                }
                self.lost = true;
                return Err(FrameError::Truncated);
            };
            self.inner.consume(1);
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(Some(v));
            }
        }
        self.lost = true;
        Err(FrameError::TooLong(u64::MAX))
    }
}

impl<R: BufRead> Iterator for FrameReader<R> {
    type Item = Result<Event, FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}

/// The bytes buffered, reading more if none are. A connection reset is an
/// end of stream: a Unix socket tells it only once every byte the peer sent
/// was read (the peer closed with messages of ours unread, e.g. a worker
/// that exited with control messages still queued for it).
fn fill(r: &mut impl BufRead) -> Result<&[u8], FrameError> {
    loop {
        match r.fill_buf() {
            Ok(_) => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(&[]),
            Err(e) => return Err(FrameError::Io(e.to_string())),
        }
    }
    r.fill_buf().map_err(|e| FrameError::Io(e.to_string()))
}

/// Bytes of strings one frame may decode to (interned strings can repeat).
const DECODE_BUDGET: usize = 2 * MAX_FRAME;

/// A cursor over one frame's payload, with the stream's string table.
pub(super) struct Dec<'a> {
    bytes: &'a [u8],
    pos: usize,
    table: &'a mut Vec<String>,
    budget: usize,
}

impl<'a> Dec<'a> {
    pub fn new(bytes: &'a [u8], table: &'a mut Vec<String>) -> Dec<'a> {
        Dec {
            bytes,
            pos: 0,
            table,
            budget: DECODE_BUDGET,
        }
    }

    pub fn byte(&mut self) -> Result<u8, FrameError> {
        let b = *self.bytes.get(self.pos).ok_or(FrameError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], FrameError> {
        let end = self.pos.checked_add(n).ok_or(FrameError::Truncated)?;
        let s = self.bytes.get(self.pos..end).ok_or(FrameError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    pub fn varint(&mut self) -> Result<u64, FrameError> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                return Err(FrameError::BadNumber);
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(FrameError::BadNumber)
    }

    pub fn spend(&mut self, n: usize) -> Result<(), FrameError> {
        self.budget = self.budget.checked_sub(n + 16).ok_or(FrameError::TooBig)?;
        Ok(())
    }

    pub fn utf8(&mut self) -> Result<String, FrameError> {
        let len = usize::try_from(self.varint()?).map_err(|_| FrameError::BadNumber)?;
        let bytes = self.take(len)?;
        let s = std::str::from_utf8(bytes).map_err(|_| FrameError::BadUtf8)?;
        Ok(s.to_string())
    }

    pub fn string(&mut self) -> Result<String, FrameError> {
        let s = match self.varint()? {
            TAG_NEW => {
                let s = self.utf8()?;
                if s.len() > MAX_INTERNED_LEN || self.table.len() >= MAX_STRINGS {
                    return Err(FrameError::TableOverflow);
                }
                self.table.push(s.clone());
                s
            }
            TAG_LITERAL => self.utf8()?,
            id => {
                let entry = usize::try_from(id - TAG_FIRST_ID)
                    .ok()
                    .and_then(|i| self.table.get(i));
                entry.cloned().ok_or(FrameError::UnknownString(id))?
            }
        };
        self.spend(s.len())?;
        Ok(s)
    }

    /// The count of a list: at most `MAX_LIST`, and no more than bytes left.
    pub fn count(&mut self) -> Result<usize, FrameError> {
        let n = self.varint()?;
        if n > MAX_LIST as u64 || n as usize > self.bytes.len() - self.pos {
            return Err(FrameError::TooBig);
        }
        self.spend(n as usize * 24)?;
        Ok(n as usize)
    }

    /// Bytes of the payload not read yet.
    pub fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }
}
