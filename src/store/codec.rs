//! Events kept small: each event's JSON line is split into a template (the
//! line with every decimal number taken out) and the numbers. Templates repeat
//! (the same step, lock or queue with another item number, another actor
//! `worker-7`), so each is kept once; an event costs its template's index,
//! its numbers and the time since the last event, as LEB128 varints, about
//! 15 bytes. Decoding puts the numbers back and parses the line.

use crate::event::Event;
use std::collections::HashMap;

/// Marks where a number was taken out. JSON writes control characters
/// escaped, so this byte never occurs in a line as written.
const HOLE: u8 = 0x01;
/// Bytes per segment of the event stream (a segment never reallocates).
const SEGMENT: usize = 64 * 1024;
/// Longest digit run taken out (fits a u64 with room).
const MAX_DIGITS: usize = 18;

/// Where an event starts in the stream, and the time of the event before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    segment: u32,
    offset: u32,
    prev_t: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Codec {
    templates: Vec<Box<[u8]>>,
    template_ids: HashMap<Box<[u8]>, u32>,
    segments: Vec<Vec<u8>>,
    last_t: u64,
    len: usize,
    line: Vec<u8>,
    template: Vec<u8>,
    record: Vec<u8>,
}

impl Codec {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where the next pushed event will start.
    pub fn end(&self) -> Pos {
        Pos {
            segment: self.segments.len().saturating_sub(1) as u32,
            offset: self.segments.last().map_or(0, |s| s.len()) as u32,
            prev_t: self.last_t,
        }
    }

    pub fn push(&mut self, e: &Event) {
        self.line.clear();
        serde_json::to_writer(&mut self.line, e).expect("an event serializes");
        self.template.clear();
        self.record.clear();
        put_signed(&mut self.record, e.t_us as i64 - self.last_t as i64);
        self.last_t = e.t_us;
        let mut numbers = Vec::new();
        split_numbers(&self.line, &mut self.template, &mut numbers);
        let id = match self.template_ids.get(self.template.as_slice()) {
            Some(&id) => id,
            None => {
                let id = self.templates.len() as u32;
                let t: Box<[u8]> = self.template.as_slice().into();
                self.templates.push(t.clone());
                self.template_ids.insert(t, id);
                id
            }
        };
        put(&mut self.record, id as u64);
        for n in numbers {
            put(&mut self.record, n);
        }
        let fits = self
            .segments
            .last()
            .is_some_and(|s| s.capacity() - s.len() >= self.record.len());
        if !fits {
            self.segments
                .push(Vec::with_capacity(SEGMENT.max(self.record.len())));
        }
        let segment = self.segments.last_mut().expect("a segment");
        segment.extend_from_slice(&self.record);
        self.len += 1;
    }

    /// The time of the event at `pos` and where the next starts, without decoding it.
    pub fn time_at(&self, pos: Pos) -> (u64, Pos) {
        let (t, mut r) = self.reader(pos);
        r.skip_event(&self.templates);
        (t, r.pos(t))
    }

    /// The event at `pos` and where the next starts.
    pub fn decode(&self, pos: Pos) -> (Event, Pos) {
        let (t, mut r) = self.reader(pos);
        let template = &self.templates[r.next() as usize];
        let mut line = Vec::with_capacity(template.len() + 16);
        for &b in template.iter() {
            if b == HOLE {
                line.extend_from_slice(r.next().to_string().as_bytes());
            } else {
                line.push(b);
            }
        }
        let e: Event = serde_json::from_slice(&line).expect("a stored event parses");
        (e, r.pos(t))
    }

    fn reader(&self, pos: Pos) -> (u64, Reader<'_>) {
        let mut pos = pos;
        if pos.offset as usize >= self.segments[pos.segment as usize].len() {
            pos.segment += 1;
            pos.offset = 0;
        }
        let mut r = Reader {
            bytes: &self.segments[pos.segment as usize],
            at: pos.offset as usize,
            segment: pos.segment,
        };
        let t = (pos.prev_t as i64 + r.next_signed()) as u64;
        (t, r)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    segment: u32,
}

impl Reader<'_> {
    fn next(&mut self) -> u64 {
        let mut n = 0u64;
        let mut shift = 0;
        loop {
            let b = self.bytes[self.at];
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return n;
            }
            shift += 7;
        }
    }

    fn next_signed(&mut self) -> i64 {
        let z = self.next();
        (z >> 1) as i64 ^ -((z & 1) as i64)
    }

    fn skip_event(&mut self, templates: &[Box<[u8]>]) {
        let template = &templates[self.next() as usize];
        for _ in template.iter().filter(|&&b| b == HOLE) {
            self.next();
        }
    }

    fn pos(&self, t: u64) -> Pos {
        Pos {
            segment: self.segment,
            offset: self.at as u32,
            prev_t: t,
        }
    }
}

fn put(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_signed(out: &mut Vec<u8>, n: i64) {
    put(out, ((n << 1) ^ (n >> 63)) as u64);
}

/// Copy `line` into `template` with each decimal digit run written the one
/// way `u64::to_string` writes it (no leading zero) replaced by `HOLE`, its
/// value pushed to `numbers`. Other runs (`007`, very long ones) stay.
fn split_numbers(line: &[u8], template: &mut Vec<u8>, numbers: &mut Vec<u64>) {
    let mut i = 0;
    while i < line.len() {
        if !line[i].is_ascii_digit() {
            template.push(line[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && line[i].is_ascii_digit() {
            i += 1;
        }
        let run = &line[start..i];
        let canonical = run.len() <= MAX_DIGITS && (run[0] != b'0' || run.len() == 1);
        if canonical {
            let n = run.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            numbers.push(n);
            template.push(HOLE);
        } else {
            template.extend_from_slice(run);
        }
    }
}
