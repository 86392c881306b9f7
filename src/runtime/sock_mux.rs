//! Readiness for real: `select`, `poll` and `epoll` over a set of socket
//! descriptors, each with the system call of its name, and the blocking flag
//! that `sock.setblocking(False)` turns off. Only readability is asked (a
//! listener is readable when a connection waits in its backlog, a connection
//! when bytes or the end of the stream wait).

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Which system call a multiplexing step makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    Select,
    Poll,
    Epoll,
}

impl How {
    pub const NAMES: &'static [&'static str] = &["select", "poll", "epoll"];

    pub fn parse(s: &str) -> Option<How> {
        match s {
            "select" => Some(How::Select),
            "poll" => Some(How::Poll),
            "epoll" => Some(How::Epoll),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Turn O_NONBLOCK off (`blocking` true) or on, as `sock.setblocking` does.
pub fn set_blocking(fd: RawFd, blocking: bool) -> io::Result<()> {
    // SAFETY: F_GETFL / F_SETFL only read and change the descriptor's flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    let flags = if blocking {
        flags & !libc::O_NONBLOCK
    } else {
        flags | libc::O_NONBLOCK
    };
    // SAFETY: as above.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Wait at most `slice` for any of `fds` to become readable, with the system
/// call `how` names; the indexes of the ready ones (empty when the slice
/// passed). A caller loops over slices to honour pauses and aborts.
pub fn ready(how: How, fds: &[RawFd], slice: Duration) -> io::Result<Vec<usize>> {
    match how {
        How::Select => select_ready(fds, slice),
        How::Poll => poll_ready(fds, slice),
        How::Epoll => Epoll::new(fds)?.wait(slice),
    }
}

fn millis(slice: Duration) -> libc::c_int {
    slice.as_millis().min(i32::MAX as u128) as libc::c_int
}

fn select_ready(fds: &[RawFd], slice: Duration) -> io::Result<Vec<usize>> {
    if let Some(&bad) = fds
        .iter()
        .find(|&&fd| fd < 0 || fd >= libc::FD_SETSIZE as RawFd)
    {
        // Python raises ValueError("filedescriptor out of range in select()").
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("filedescriptor {bad} out of range in select() (FD_SETSIZE is 1024)"),
        ));
    }
    // SAFETY: an all-zero fd_set is a valid empty set; FD_SET/FD_ISSET get
    // descriptors checked to be below FD_SETSIZE.
    let mut set: libc::fd_set = unsafe { std::mem::zeroed() };
    for &fd in fds {
        unsafe { libc::FD_SET(fd, &mut set) };
    }
    let nfds = fds.iter().max().map_or(0, |m| m + 1);
    let mut tv = libc::timeval {
        tv_sec: slice.as_secs() as libc::time_t,
        tv_usec: slice.subsec_micros() as libc::suseconds_t,
    };
    // SAFETY: valid set and timeval for the duration of the call.
    let n = unsafe {
        libc::select(
            nfds,
            &mut set,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut tv,
        )
    };
    if n < 0 {
        return interrupted_or(io::Error::last_os_error());
    }
    Ok((0..fds.len())
        .filter(|&i| unsafe { libc::FD_ISSET(fds[i], &set) })
        .collect())
}

fn poll_ready(fds: &[RawFd], slice: Duration) -> io::Result<Vec<usize>> {
    let mut ps: Vec<libc::pollfd> = fds
        .iter()
        .map(|&fd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    // SAFETY: `ps` holds ps.len() valid pollfds for the duration of the call.
    let n = unsafe { libc::poll(ps.as_mut_ptr(), ps.len() as libc::nfds_t, millis(slice)) };
    if n < 0 {
        return interrupted_or(io::Error::last_os_error());
    }
    Ok((0..ps.len()).filter(|&i| ps[i].revents != 0).collect())
}

/// A signal cut the wait short: nothing ready yet, the caller asks again.
fn interrupted_or(e: io::Error) -> io::Result<Vec<usize>> {
    if e.kind() == io::ErrorKind::Interrupted {
        Ok(Vec::new())
    } else {
        Err(e)
    }
}

/// An epoll instance watching a set of descriptors for input, each
/// registered with its index as the event's data.
pub struct Epoll {
    fd: OwnedFd,
    watched: usize,
}

impl Epoll {
    pub fn new(fds: &[RawFd]) -> io::Result<Epoll> {
        // SAFETY: epoll_create1 returns a new descriptor or -1.
        let raw = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if raw < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a fresh descriptor nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        for (i, &watched) in fds.iter().enumerate() {
            let mut ev = libc::epoll_event {
                events: libc::EPOLLIN as u32,
                u64: i as u64,
            };
            // SAFETY: valid epoll descriptor and event.
            let r =
                unsafe { libc::epoll_ctl(fd.as_raw_fd(), libc::EPOLL_CTL_ADD, watched, &mut ev) };
            if r < 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(Epoll {
            fd,
            watched: fds.len(),
        })
    }

    /// The indexes of the ready descriptors, in index order.
    pub fn wait(&self, slice: Duration) -> io::Result<Vec<usize>> {
        let mut evs = vec![libc::epoll_event { events: 0, u64: 0 }; self.watched.max(1)];
        // SAFETY: `evs` has room for evs.len() events.
        let n = unsafe {
            libc::epoll_wait(
                self.fd.as_raw_fd(),
                evs.as_mut_ptr(),
                evs.len() as libc::c_int,
                millis(slice),
            )
        };
        if n < 0 {
            return interrupted_or(io::Error::last_os_error());
        }
        let mut out: Vec<usize> = evs[..n as usize].iter().map(|e| e.u64 as usize).collect();
        out.sort_unstable();
        Ok(out)
    }
}

#[cfg(test)]
#[path = "sock_mux_tests.rs"]
mod tests;
