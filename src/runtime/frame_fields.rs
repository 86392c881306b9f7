//! How each field of an event goes into a frame and comes back: one `Field`
//! impl per field type, and the table of event kinds (their wire numbers and
//! fields) from which both directions are generated, so they cannot drift.
//! The decoding side checks every length, number and tag it reads: the bytes
//! come from another process.

use std::collections::BTreeMap;

use super::frame::{put_varint, unzigzag, zigzag, Enc, FrameError};
use super::frame_decode::Dec;
use crate::event::{Activity, ActorKind, Event, EventKind, Outcome, QueueSide};

/// A value that can cross in a frame.
pub(super) trait Field: Sized {
    fn put(&self, enc: &mut Enc);
    fn take(dec: &mut Dec) -> Result<Self, FrameError>;
}

impl Field for String {
    fn put(&self, enc: &mut Enc) {
        enc.str(self);
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        dec.string()
    }
}

impl Field for u64 {
    fn put(&self, enc: &mut Enc) {
        put_varint(enc.buf, *self);
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        dec.varint()
    }
}

impl Field for i64 {
    fn put(&self, enc: &mut Enc) {
        put_varint(enc.buf, zigzag(*self));
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        Ok(unzigzag(dec.varint()?))
    }
}

/// Narrower integers travel as their wide kin, checked on the way back.
macro_rules! narrow_int {
    ($($t:ty => $wide:ty),*) => {$(
        impl Field for $t {
            fn put(&self, enc: &mut Enc) {
                <$wide>::from(*self).put(enc);
            }
            fn take(dec: &mut Dec) -> Result<Self, FrameError> {
                <$t>::try_from(<$wide>::take(dec)?).map_err(|_| FrameError::BadNumber)
            }
        }
    )*};
}
narrow_int!(u32 => u64, u16 => u64, i32 => i64);

impl Field for f64 {
    fn put(&self, enc: &mut Enc) {
        enc.buf.extend_from_slice(&self.to_le_bytes());
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        let bytes: [u8; 8] = dec.take(8)?.try_into().expect("8 bytes taken");
        Ok(f64::from_le_bytes(bytes))
    }
}

impl Field for bool {
    fn put(&self, enc: &mut Enc) {
        enc.buf.push(u8::from(*self));
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        match dec.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(FrameError::BadTag("bool", b.into())),
        }
    }
}

impl<T: Field> Field for Option<T> {
    fn put(&self, enc: &mut Enc) {
        self.is_some().put(enc);
        if let Some(v) = self {
            v.put(enc);
        }
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        match dec.byte()? {
            0 => Ok(None),
            1 => Ok(Some(T::take(dec)?)),
            b => Err(FrameError::BadTag("option", b.into())),
        }
    }
}

impl Field for Vec<String> {
    fn put(&self, enc: &mut Enc) {
        put_varint(enc.buf, self.len() as u64);
        self.iter().for_each(|s| s.put(enc));
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        let n = dec.count()?;
        (0..n).map(|_| dec.string()).collect()
    }
}

impl Field for BTreeMap<String, String> {
    fn put(&self, enc: &mut Enc) {
        put_varint(enc.buf, self.len() as u64);
        for (k, v) in self {
            k.put(enc);
            v.put(enc);
        }
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        let n = dec.count()?;
        (0..n).map(|_| Ok((dec.string()?, dec.string()?))).collect()
    }
}

/// A shared value travels as its JSON text (values are rare and small).
impl Field for serde_json::Value {
    fn put(&self, enc: &mut Enc) {
        enc.str(&self.to_string());
    }
    fn take(dec: &mut Dec) -> Result<Self, FrameError> {
        let text = dec.string()?;
        serde_json::from_str(&text).map_err(|e| FrameError::BadValue(e.to_string()))
    }
}

/// Field-less enums travel as their place in this list.
macro_rules! unit_enum {
    ($($t:ident $what:literal [$($v:ident),*])*) => {$(
        impl Field for $t {
            fn put(&self, enc: &mut Enc) {
                let all = [$($t::$v),*];
                let at = all.iter().position(|v| v == self).expect("listed");
                enc.buf.push(at as u8);
            }
            fn take(dec: &mut Dec) -> Result<Self, FrameError> {
                let b = dec.byte()?;
                [$($t::$v),*].get(b as usize).copied().ok_or(FrameError::BadTag($what, b.into()))
            }
        }
    )*};
}
unit_enum! {
    ActorKind "actor kind" [Process, Thread, Coroutine]
    Outcome "outcome" [Completed, Aborted, TimedOut, Limit, HostDied]
    Activity "activity" [Running, Working, Sleeping, Waiting, Blocked]
    QueueSide "queue side" [Full, Empty]
}

pub(super) fn put_event(enc: &mut Enc, e: &Event) {
    e.t_us.put(enc);
    e.actor.put(enc);
    e.pid.put(enc);
    e.tid.put(enc);
    put_kind(enc, &e.kind);
}

/// The event in a frame's payload; every byte of it must be used.
pub(super) fn take_event(dec: &mut Dec) -> Result<Event, FrameError> {
    let event = Event {
        t_us: Field::take(dec)?,
        actor: Field::take(dec)?,
        pid: Field::take(dec)?,
        tid: Field::take(dec)?,
        kind: take_kind(dec)?,
    };
    match dec.left() {
        0 => Ok(event),
        n => Err(FrameError::Trailing(n)),
    }
}

/// Both directions of every kind, from one list: wire number, variant, fields.
macro_rules! kinds {
    ($($tag:literal $name:ident { $($field:ident),* })*) => {
        fn put_kind(enc: &mut Enc, kind: &EventKind) {
            match kind {
                $(EventKind::$name { $($field),* } => {
                    put_varint(enc.buf, $tag);
                    $(Field::put($field, enc);)*
                })*
            }
        }

        fn take_kind(dec: &mut Dec) -> Result<EventKind, FrameError> {
            Ok(match dec.varint()? {
                $($tag => EventKind::$name { $($field: Field::take(dec)?),* },)*
                other => return Err(FrameError::BadTag("event kind", other)),
            })
        }

        /// How many kinds there are (wire numbers 0..KIND_COUNT), for tests.
        #[cfg(test)]
        pub(super) const KIND_COUNT: u64 = [$($tag),*].len() as u64;

        /// A kind with random fields, for the round-trip and fuzz tests.
        #[cfg(test)]
        pub(super) fn random_kind(tag: u64, rng: &mut impl rand::Rng) -> EventKind {
            use super::frame_tests::Arbitrary;
            match tag {
                $($tag => EventKind::$name { $($field: Arbitrary::arbitrary(rng)),* },)*
                other => panic!("no kind {other}"),
            }
        }
    };
}

// Wire numbers are part of the format between processes of one build only
// (the UI starts the host from its own binary), yet keep them stable anyway.
kinds! {
0 Recipe { source, params, scenario_text }
1 RunStarted { scenario, variant, seed, speed }
2 Spawned { kind, parent, daemon }
3 Started {  }
4 Step { index, op, text, activity, line, targets }
5 Print { text }
6 Exited { code, signal, cause }
7 Reaped { by }
8 ProcState { state }
9 Reparented { ppid, from }
10 Signalled { target, signal, why }
11 Alive { target, alive }
12 Error { text }
13 LimitReached { limit, max, text }
14 Control { what }
15 RunEnded { outcome, reason }
16 LockWait { lock }
17 LockAcquired { lock, count }
18 LockReleased { lock, count }
19 EventWait { lock }
20 EventPassed { lock }
21 EventSet { lock, set }
22 TimedOut { op, object, timeout }
23 TimerStarted { target, after }
24 TimerFired { after }
25 TimerCancelled { target, fired }
26 Value { name, value }
27 ValueRead { name, value }
28 QueuePut { queue, item, len, cap }
29 QueueGet { queue, item, from, len, cap }
30 QueueWait { queue, side, len, cap }
31 QueueFull { queue, item }
32 QueueEmpty { queue }
33 QueueAsked { queue, question, answer, len }
34 TaskDone { queue, unfinished }
35 QueueJoined { queue }
36 PipeSend { pipe, end, item }
37 PipeRecv { pipe, end, item }
38 PipeEof { pipe, end }
39 PipeClosed { pipe, end }
40 PoolCreated { pool, kind, size, workers }
41 TaskSubmitted { pool, task, arg, how }
42 TaskStarted { pool, task, arg }
43 TaskFinished { pool, task, result }
44 TaskResult { pool, task, result }
45 Callback { pool, task, result }
46 PoolClosed { pool }
47 Held { index, text }
48 Deadlock { cycle }
49 DeadlockBroken { victim, how }
50 Measured { table, row, column, seconds }
51 Sched { what, job, at, burst, level, quantum, left }
52 CondWait { lock }
53 CondNotify { lock, n, woken }
54 CondWoken { lock, notified }
55 BarrierWait { barrier, arrived, parties }
56 BarrierPassed { barrier, index }
57 BarrierBroken { barrier, timed_out }
58 BarrierAbort { barrier, reset }
59 SockListen { sock, proto, host, port, backlog }
60 SockWait { sock, op }
61 SockConnected { sock, conn, side, local_port, peer_port, listener }
62 SockSent { sock, conn, n, data, more, peer_port }
63 SockRecv { sock, conn, n, data, more, peer_port }
64 SockEof { sock, conn }
65 SockClosed { sock, conn, how }
66 SockError { sock, op, error, errno }
67 SockReady { how, watched, ready }
68 Granted { turn, enabled }}
