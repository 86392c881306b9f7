//! Pipes for real: a connected Unix socket pair per pipe (what Python's
//! duplex Pipe() is), made by the host just before the root actor starts and
//! inherited by every process started afterwards, exactly as a forked child
//! inherits both ends. Each process closes its own copies; the reader sees
//! end-of-file only once every copy of the other end is closed.
//!
//! Which descriptor is which end travels in the CONLAB_PIPES environment
//! variable (`pipe:end=fd,...`), rewritten for each child with the ends its
//! parent still holds.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};

use super::fifo::{poll_fd, wait_for, Msg, Waited, MSG_LEN};
use super::queues::{QResult, QueueError, Teller};
use crate::event::EventKind;

pub const ENV: &str = "CONLAB_PIPES";

/// The ends this process inherited, read before it opened anything else (so a
/// listed number cannot yet belong to another file). Replaced, not set once:
/// a forked child starts with its parent's copy.
static INHERITED: Mutex<Vec<(String, String, RawFd)>> = Mutex::new(Vec::new());

/// Keep the listed ends (CONLAB_PIPES's form) that are really open. Call
/// first thing, with what an exec'd child finds in CONLAB_PIPES or what a
/// forked child's parent listed for it.
pub fn take_listed(listed: &str) {
    let ends = parse(listed)
        .into_iter()
        .filter(|&(_, _, fd)| {
            // SAFETY: F_GETFD only reads the descriptor's flags.
            let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
            flags >= 0
        })
        .collect();
    *INHERITED.lock().unwrap() = ends;
}

fn parse(listed: &str) -> Vec<(String, String, RawFd)> {
    listed
        .split(',')
        .filter_map(|item| {
            let (pipe, rest) = item.split_once(':')?;
            let (end, fd) = rest.split_once('=')?;
            Some((pipe.to_string(), end.to_string(), fd.parse().ok()?))
        })
        .collect()
}

/// Make the pipes before the root actor starts: (pipe, end, fd) with both ends
/// inheritable. The caller closes its copies once the root has started.
pub fn make(
    pipes: &[crate::scenario::plan::PipeSpec],
) -> Result<Vec<(String, String, OwnedFd)>, String> {
    let mut out = Vec::new();
    for p in pipes {
        let (a, b) =
            UnixStream::pair().map_err(|e| format!("socketpair for pipe {}: {e}", p.name))?;
        for (end, s) in [(&p.ends[0], a), (&p.ends[1], b)] {
            let fd = OwnedFd::from(s);
            // SAFETY: clears close-on-exec on a descriptor we own, so children inherit it.
            unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, 0) };
            out.push((p.name.clone(), end.clone(), fd));
        }
    }
    Ok(out)
}

/// The CONLAB_PIPES value that describes `ends`.
pub fn describe<'a>(ends: impl Iterator<Item = (&'a str, &'a str, RawFd)>) -> String {
    ends.map(|(p, e, fd)| format!("{p}:{e}={fd}"))
        .collect::<Vec<_>>()
        .join(",")
}

struct End {
    pipe: String,
    stream: Option<Arc<UnixStream>>,
}

/// This process's copies of the pipe ends.
pub struct Pipes {
    ends: Mutex<HashMap<String, End>>,
}

impl Pipes {
    pub fn inherited() -> Pipes {
        let taken = std::mem::take(&mut *INHERITED.lock().unwrap());
        let ends = taken
            .into_iter()
            .map(|(pipe, end, fd)| {
                // SAFETY: the descriptor was inherited open, is listed once, and
                // nothing else in this process owns it.
                let owned = unsafe { OwnedFd::from_raw_fd(fd) };
                let end_state = End {
                    pipe,
                    stream: Some(Arc::new(UnixStream::from(owned))),
                };
                (end, end_state)
            })
            .collect();
        Pipes {
            ends: Mutex::new(ends),
        }
    }

    /// CONLAB_PIPES for a child started now: the ends still open here.
    pub fn for_child(&self) -> String {
        let ends = self.ends.lock().unwrap();
        describe(ends.iter().filter_map(|(name, e)| {
            let fd = e.stream.as_ref()?.as_raw_fd();
            Some((e.pipe.as_str(), name.as_str(), fd))
        }))
    }

    fn open(&self, end: &str) -> QResult<(String, Arc<UnixStream>)> {
        let ends = self.ends.lock().unwrap();
        let e = ends
            .get(end)
            .ok_or_else(|| format!("{end}: this process never had that pipe end"))?;
        let s = e.stream.clone().ok_or_else(|| {
            format!("{end} is closed in this process (OSError: handle is closed)")
        })?;
        Ok((e.pipe.clone(), s))
    }

    pub fn send(&self, t: &dyn Teller, end: &str, item: Option<i64>) -> QResult<()> {
        let (pipe, stream) = self.open(end)?;
        match (&*stream).write_all(&Msg::item(item, t.name()).encode()) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                return Err(format!(
                    "{end}.send(): every copy of the other end is closed (BrokenPipeError)"
                )
                .into())
            }
            Err(e) => return Err(e.to_string().into()),
        }
        t.say(EventKind::PipeSend {
            pipe,
            end: end.to_string(),
            item,
        });
        Ok(())
    }

    /// The next item, or None at end-of-file (EOFError in Python).
    pub fn recv(&self, t: &dyn Teller, end: &str) -> QResult<Option<i64>> {
        let (pipe, stream) = self.open(end)?;
        let fd = stream.as_raw_fd();
        let ready = wait_for(t.control(), None, |slice| {
            Ok(poll_fd(fd, libc::POLLIN, slice).then_some(()))
        })?;
        if ready == Waited::Aborted {
            return Err(QueueError::Aborted);
        }
        let mut buf = [0u8; MSG_LEN];
        match (&*stream).read_exact(&mut buf) {
            Ok(()) => {
                let msg = Msg::decode(&buf)?;
                t.say(EventKind::PipeRecv {
                    pipe,
                    end: end.to_string(),
                    item: msg.item,
                });
                Ok(msg.item)
            }
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => {
                t.say(EventKind::PipeEof {
                    pipe,
                    end: end.to_string(),
                });
                Ok(None)
            }
            Err(e) => Err(e.to_string().into()),
        }
    }

    pub fn close(&self, t: &dyn Teller, end: &str) -> QResult<()> {
        let pipe = {
            let mut ends = self.ends.lock().unwrap();
            let e = ends
                .get_mut(end)
                .ok_or_else(|| format!("{end}: this process never had that pipe end"))?;
            e.stream = None;
            e.pipe.clone()
        };
        t.say(EventKind::PipeClosed {
            pipe,
            end: end.to_string(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_list_round_trips() {
        let text = describe([("chan", "a", 7), ("chan", "b", 8)].into_iter());
        assert_eq!(text, "chan:a=7,chan:b=8");
        assert_eq!(
            parse(&text),
            vec![
                ("chan".into(), "a".into(), 7),
                ("chan".into(), "b".into(), 8)
            ]
        );
        assert!(parse("").is_empty());
    }
}
