//! Fixed-size messages over a named pipe (FIFO), and waiting that an abort can
//! cut short. Process queues and process pools are built on these.
//!
//! Every message is exactly [`MSG_LEN`] bytes. Writes of up to PIPE_BUF bytes
//! are atomic, so many writers never interleave, and a read of MSG_LEN bytes
//! from a pipe that holds whole messages takes exactly one: many readers can
//! share the pipe without a lock.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::control::Control;
use super::deadline::Deadline;

/// The size of every message on a queue pipe; 512 of them fill the 64 KiB pipe.
pub const MSG_LEN: usize = 128;

/// How many messages a pipe holds before a writer must wait.
pub const PIPE_SLOTS: u32 = 512;

/// The longest a blocked call sleeps in the kernel before looking at the controls.
const SLICE: Duration = Duration::from_millis(25);

/// One item on a queue, task or result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Msg {
    #[serde(rename = "i")]
    pub item: Option<i64>,
    /// The actor that sent it.
    #[serde(rename = "f")]
    pub from: String,
    /// A pool task's number.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub task: Option<u32>,
    /// A pool.map chunk: this many tasks in a row, numbered from `task` and
    /// with arguments counting up from `item`, all for one worker.
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub chunk: Option<u32>,
    /// A pool's "no more tasks" mark.
    #[serde(rename = "s", default, skip_serializing_if = "std::ops::Not::not")]
    pub stop: bool,
}

impl Msg {
    pub fn item(item: Option<i64>, from: &str) -> Msg {
        Msg {
            item,
            from: from.chars().take(64).collect(),
            task: None,
            chunk: None,
            stop: false,
        }
    }

    pub fn stop(from: &str) -> Msg {
        Msg {
            stop: true,
            ..Msg::item(None, from)
        }
    }

    pub fn encode(&self) -> [u8; MSG_LEN] {
        let mut out = [b' '; MSG_LEN];
        let json = serde_json::to_vec(self).expect("messages serialize");
        let n = json.len().min(MSG_LEN - 1);
        out[..n].copy_from_slice(&json[..n]);
        out[MSG_LEN - 1] = b'\n';
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Msg, String> {
        serde_json::from_slice(bytes).map_err(|e| format!("a damaged message on a pipe: {e}"))
    }
}

/// How a wait ended.
#[derive(Debug, PartialEq)]
pub enum Waited<T> {
    Got(T),
    TimedOut,
    Aborted,
}

/// Try `attempt` until it gives a value, the deadline passes or the run is
/// aborted. `attempt` may block for at most the slice it is given.
pub fn wait_for<T>(
    control: &Control,
    deadline: Option<Deadline>,
    mut attempt: impl FnMut(Duration) -> Result<Option<T>, String>,
) -> Result<Waited<T>, String> {
    loop {
        if control.is_aborted() {
            return Ok(Waited::Aborted);
        }
        let slice = match deadline {
            Some(d) => match d.slice(control, SLICE) {
                Some(s) => s,
                None => return Ok(Waited::TimedOut),
            },
            None => SLICE,
        };
        if let Some(v) = attempt(slice)? {
            return Ok(Waited::Got(v));
        }
    }
}

/// How long a parked waiter let try again waits for what the host counted:
/// an item still in a feeder thread, a place a get is giving back, or a
/// semaphore's post (a release between processes is told before the permit
/// is given back). Shared by every parked wait (here and `shared_park`).
pub(crate) const RETRY_GRACE: Duration = Duration::from_millis(100);

/// `wait_for` for an `actor` that may be held: while it is, it parks (see
/// `Control::park`) and makes an attempt only when the host lets it, telling
/// its wait again (`retell`) when that attempt misses. While it is not held
/// it waits in the OS as `wait_for` does.
pub fn wait_held<T>(
    control: &Control,
    actor: &str,
    deadline: Option<Deadline>,
    retell: &dyn Fn(),
    mut attempt: impl FnMut(Duration) -> Result<Option<T>, String>,
) -> Result<Waited<T>, String> {
    let waited = wait_for(control, deadline, |slice| {
        if !control.holds(actor) {
            return attempt(slice);
        }
        if control.park(actor, slice) != super::control::Park::Retry {
            return Ok(None);
        }
        let got = attempt(RETRY_GRACE)?;
        if got.is_none() {
            retell();
        }
        Ok(got)
    });
    control.end_wait(actor);
    waited
}

/// Block until `fd` is ready for `events` (POLLIN, POLLOUT) or `slice` passes.
pub fn poll_fd(fd: RawFd, events: libc::c_short, slice: Duration) -> bool {
    let mut p = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    let ms = slice.as_millis().clamp(1, i32::MAX as u128) as libc::c_int;
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    n > 0 && p.revents != 0
}

/// One process's handle on a named pipe, open for reading and writing so that
/// opening never waits for the other side and the pipe never reports its end.
pub struct Fifo {
    file: File,
}

impl Fifo {
    /// Make the named pipe (the host, before any actor starts).
    pub fn create(path: &Path) -> Result<(), String> {
        nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o600))
            .map_err(|e| format!("mkfifo {}: {e}", path.display()))
    }

    pub fn open(path: &Path) -> Result<Fifo, String> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Fifo { file })
    }

    /// Take one message if there is one now.
    pub fn try_recv(&self) -> Result<Option<Msg>, String> {
        let mut buf = [0u8; MSG_LEN];
        match (&self.file).read(&mut buf) {
            Ok(MSG_LEN) => Msg::decode(&buf).map(Some),
            Ok(n) => Err(format!("a short read of {n} bytes from a queue pipe")),
            Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(None),
            Err(e) if e.kind() == ErrorKind::Interrupted => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Whether a message can be read now (a poll that does not wait), as
    /// Python's `Queue.empty()` asks its pipe.
    pub fn has_data(&self) -> bool {
        let mut p = libc::pollfd {
            fd: self.file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let n = unsafe { libc::poll(&mut p, 1, 0) };
        n > 0 && p.revents & libc::POLLIN != 0
    }

    /// Take one message, blocking up to `slice` for one to come.
    pub fn recv_within(&self, slice: Duration) -> Result<Option<Msg>, String> {
        if let Some(m) = self.try_recv()? {
            return Ok(Some(m));
        }
        poll_fd(self.file.as_raw_fd(), libc::POLLIN, slice);
        self.try_recv()
    }

    /// Write one message, waiting while the pipe is full.
    pub fn send(&self, msg: &Msg, control: &Control) -> Result<(), String> {
        let bytes = msg.encode();
        let sent = wait_for(control, None, |slice| match (&self.file).write(&bytes) {
            Ok(MSG_LEN) => Ok(Some(())),
            Ok(n) => Err(format!("a short write of {n} bytes to a queue pipe")),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                poll_fd(self.file.as_raw_fd(), libc::POLLOUT, slice);
                Ok(None)
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => Ok(None),
            Err(e) => Err(e.to_string()),
        })?;
        match sent {
            Waited::Got(()) => Ok(()),
            _ => Err("the run was stopped while writing to a pipe".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_keep_their_fields_and_size() {
        let m = Msg {
            task: Some(7),
            ..Msg::item(Some(-42), "producer0")
        };
        let bytes = m.encode();
        assert_eq!(bytes.len(), MSG_LEN);
        assert_eq!(Msg::decode(&bytes).unwrap(), m);
        // The longest message a pool sends still fits: a chunk from a 64-character name.
        let long = Msg {
            task: Some(u32::MAX),
            chunk: Some(u32::MAX),
            ..Msg::item(Some(i64::MIN), &"w".repeat(80))
        };
        assert_eq!(Msg::decode(&long.encode()).unwrap(), long);
        let none = Msg::item(None, &"x".repeat(300));
        assert_eq!(Msg::decode(&none.encode()).unwrap().from.len(), 64);
    }

    #[test]
    fn a_fifo_carries_messages_in_order_and_says_when_empty() {
        let dir = std::env::temp_dir().join(format!("conlab-fifotest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("q.fifo");
        Fifo::create(&path).unwrap();
        let a = Fifo::open(&path).unwrap();
        let b = Fifo::open(&path).unwrap();
        let control = Control::new(1.0, false);
        for i in 0..3 {
            a.send(&Msg::item(Some(i), "p"), &control).unwrap();
        }
        for i in 0..3 {
            let got = b.recv_within(Duration::from_millis(50)).unwrap();
            assert_eq!(got.unwrap().item, Some(i));
        }
        assert_eq!(b.recv_within(Duration::from_millis(5)).unwrap(), None);
        std::fs::remove_dir_all(&dir).ok();
    }
}
