//! The few socket system calls the lab makes, over raw descriptors: std's
//! TcpListener listens as it binds, and a declared socket must be bound long
//! before it listens (until then a connect to it is refused, as in Python).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use crate::scenario::plan_net::Proto;

/// The address a declared host stands for ("localhost" is 127.0.0.1: no
/// name is ever looked up). None for anything but loopback.
pub fn loopback(host: &str, port: u16) -> Option<SocketAddr> {
    let ip = match host {
        "127.0.0.1" | "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
        "::1" => IpAddr::V6(Ipv6Addr::LOCALHOST),
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// A new socket of the address's family, close-on-exec; `nonblocking` for a connect.
pub fn socket(addr: &SocketAddr, proto: Proto, nonblocking: bool) -> Result<OwnedFd, i32> {
    let family = match addr {
        SocketAddr::V4(_) => libc::AF_INET,
        SocketAddr::V6(_) => libc::AF_INET6,
    };
    let mut kind = match proto {
        Proto::Tcp => libc::SOCK_STREAM,
        Proto::Udp => libc::SOCK_DGRAM,
    } | libc::SOCK_CLOEXEC;
    if nonblocking {
        kind |= libc::SOCK_NONBLOCK;
    }
    // SAFETY: plain socket(2); the descriptor is owned at once.
    let fd = unsafe { libc::socket(family, kind, 0) };
    if fd < 0 {
        return Err(last_errno());
    }
    // SAFETY: fd was just returned by socket(2) and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn raw_addr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: all-zero is a valid sockaddr_storage.
    let mut st: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            let sin = libc::sockaddr_in {
                sin_family: libc::AF_INET as libc::sa_family_t,
                sin_port: a.port().to_be(),
                sin_addr: libc::in_addr {
                    s_addr: u32::from(*a.ip()).to_be(),
                },
                sin_zero: [0; 8],
            };
            // SAFETY: sockaddr_storage is larger than sockaddr_in and suitably aligned.
            unsafe { std::ptr::write(&mut st as *mut _ as *mut libc::sockaddr_in, sin) };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            let sin6 = libc::sockaddr_in6 {
                sin6_family: libc::AF_INET6 as libc::sa_family_t,
                sin6_port: a.port().to_be(),
                sin6_flowinfo: 0,
                sin6_addr: libc::in6_addr {
                    s6_addr: a.ip().octets(),
                },
                sin6_scope_id: 0,
            };
            // SAFETY: sockaddr_storage is larger than sockaddr_in6 and suitably aligned.
            unsafe { std::ptr::write(&mut st as *mut _ as *mut libc::sockaddr_in6, sin6) };
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (st, len as libc::socklen_t)
}

pub fn bind(fd: &OwnedFd, addr: &SocketAddr) -> Result<(), i32> {
    let (st, len) = raw_addr(addr);
    // SAFETY: st holds a valid address of len bytes.
    let r = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            &st as *const _ as *const libc::sockaddr,
            len,
        )
    };
    if r < 0 {
        return Err(last_errno());
    }
    Ok(())
}

/// connect(2); Ok(false) when a non-blocking connect is under way (EINPROGRESS).
pub fn connect(fd: RawFd, addr: &SocketAddr) -> Result<bool, i32> {
    let (st, len) = raw_addr(addr);
    // SAFETY: st holds a valid address of len bytes.
    let r = unsafe { libc::connect(fd, &st as *const _ as *const libc::sockaddr, len) };
    match r {
        0 => Ok(true),
        _ => match last_errno() {
            libc::EINPROGRESS | libc::EINTR => Ok(false),
            e => Err(e),
        },
    }
}

/// The pending error of a socket (SO_ERROR): 0 when a connect went through.
pub fn pending_error(fd: RawFd) -> i32 {
    let mut err: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: err and len are valid for getsockopt to write.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            &mut err as *mut _ as *mut libc::c_void,
            &mut len,
        )
    };
    if r < 0 {
        last_errno()
    } else {
        err
    }
}

pub fn listen(fd: RawFd, backlog: u32) -> Result<(), i32> {
    // SAFETY: listen(2) on a descriptor we hold.
    if unsafe { libc::listen(fd, backlog as libc::c_int) } < 0 {
        return Err(last_errno());
    }
    Ok(())
}

/// accept4(2) without waiting: Ok(None) when no connection is pending.
pub fn accept(fd: RawFd) -> Result<Option<OwnedFd>, i32> {
    // SAFETY: accept4 with null address pointers; the new descriptor is owned at once.
    let r = unsafe {
        libc::accept4(
            fd,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            libc::SOCK_CLOEXEC,
        )
    };
    if r >= 0 {
        // SAFETY: r is a new descriptor nobody else owns.
        return Ok(Some(unsafe { OwnedFd::from_raw_fd(r) }));
    }
    match last_errno() {
        libc::EAGAIN | libc::EINTR | libc::ECONNABORTED => Ok(None),
        e => Err(e),
    }
}

/// One recv(2) that does not wait: Ok(None) when nothing is there yet.
pub fn recv(fd: RawFd, buf: &mut [u8]) -> Result<Option<usize>, i32> {
    // SAFETY: buf is valid for buf.len() bytes.
    let r = unsafe {
        libc::recv(
            fd,
            buf.as_mut_ptr() as *mut libc::c_void,
            buf.len(),
            libc::MSG_DONTWAIT,
        )
    };
    if r >= 0 {
        return Ok(Some(r as usize));
    }
    match last_errno() {
        libc::EAGAIN | libc::EINTR => Ok(None),
        e => Err(e),
    }
}

/// One send(2) that does not wait (and raises no SIGPIPE): Ok(None) when
/// the socket's buffer is full.
pub fn send(fd: RawFd, buf: &[u8]) -> Result<Option<usize>, i32> {
    // SAFETY: buf is valid for buf.len() bytes.
    let r = unsafe {
        libc::send(
            fd,
            buf.as_ptr() as *const libc::c_void,
            buf.len(),
            libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
        )
    };
    if r >= 0 {
        return Ok(Some(r as usize));
    }
    match last_errno() {
        libc::EAGAIN | libc::EINTR => Ok(None),
        e => Err(e),
    }
}

pub fn shutdown(fd: RawFd, how: libc::c_int) -> Result<(), i32> {
    // SAFETY: shutdown(2) on a descriptor we hold.
    if unsafe { libc::shutdown(fd, how) } < 0 {
        return Err(last_errno());
    }
    Ok(())
}

/// The port of this end (`peer` false) or of the other end.
pub fn port(fd: RawFd, peer: bool) -> Option<u16> {
    // SAFETY: all-zero is a valid sockaddr_storage, written by the call.
    let mut st: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let p = &mut st as *mut _ as *mut libc::sockaddr;
    // SAFETY: st and len are valid for the call to write.
    let r = unsafe {
        if peer {
            libc::getpeername(fd, p, &mut len)
        } else {
            libc::getsockname(fd, p, &mut len)
        }
    };
    if r < 0 {
        return None;
    }
    match st.ss_family as libc::c_int {
        // SAFETY: the family says which structure the kernel wrote.
        libc::AF_INET => Some(u16::from_be(unsafe {
            (*(p as *const libc::sockaddr_in)).sin_port
        })),
        libc::AF_INET6 => Some(u16::from_be(unsafe {
            (*(p as *const libc::sockaddr_in6)).sin6_port
        })),
        _ => None,
    }
}

/// Let children inherit `fd` (clear close-on-exec).
pub fn inheritable(fd: RawFd) {
    // SAFETY: F_SETFD on a descriptor we hold.
    unsafe { libc::fcntl(fd, libc::F_SETFD, 0) };
}

/// Python's exception for an errno, and the errno's name.
pub fn python_error(errno: i32) -> (&'static str, String) {
    let exception = match errno {
        libc::ECONNREFUSED => "ConnectionRefusedError",
        libc::ECONNRESET => "ConnectionResetError",
        libc::EPIPE => "BrokenPipeError",
        libc::ECONNABORTED => "ConnectionAbortedError",
        libc::EAGAIN => "BlockingIOError",
        libc::ETIMEDOUT => "TimeoutError",
        _ => "OSError",
    };
    (
        exception,
        format!("{:?}", nix::errno::Errno::from_raw(errno)),
    )
}

/// Whether `fd` is ready for `events` right now (poll without waiting).
pub fn ready_now(fd: RawFd, events: libc::c_short) -> bool {
    let mut p = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && p.revents != 0
}
