//! UDP for real, on loopback only: datagram sockets, their bind, sendto and
//! recvfrom, and the Python names of the errors they meet.
//!
//! A declared UDP socket is NOT bound by the host (a bound socket would
//! queue datagrams before anyone called `bind`, which Python would not do).
//! The host only reserves its port: it binds a throwaway socket to
//! (host, 0), reads the port the kernel chose and closes it again, so every
//! actor knows the port and nobody is there until an actor runs `bind`.
//! Sending there before the `bind`, or after the `close`, reaches no socket:
//! the kernel drops the datagram (and answers ICMP port unreachable, which an
//! unconnected sendto never reports), exactly as in Python.

use std::io;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::os::fd::{FromRawFd, OwnedFd};

/// The loopback address a declared host names; anything else is refused.
pub fn loopback(host: &str) -> io::Result<IpAddr> {
    match host {
        "127.0.0.1" | "localhost" => Ok(IpAddr::from([127, 0, 0, 1])),
        "::1" => Ok(IpAddr::from(std::net::Ipv6Addr::LOCALHOST)),
        other => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{other}: only 127.0.0.1, localhost and ::1 are allowed"),
        )),
    }
}

/// A port nobody is bound to now: bound to (host, 0) and closed at once.
pub fn reserve_port(host: &str) -> io::Result<u16> {
    let s = UdpSocket::bind((loopback(host)?, 0))?;
    Ok(s.local_addr()?.port())
}

/// `socket.socket(AF_INET, SOCK_DGRAM)`: a fresh socket, not bound yet (the
/// kernel binds it to an ephemeral port at its first sendto).
pub fn fresh(host: &str) -> io::Result<UdpSocket> {
    let family = match loopback(host)? {
        IpAddr::V4(_) => libc::AF_INET,
        IpAddr::V6(_) => libc::AF_INET6,
    };
    // SAFETY: socket() returns a new descriptor or -1.
    let raw = unsafe { libc::socket(family, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if raw < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh descriptor nothing else owns.
    Ok(UdpSocket::from(unsafe { OwnedFd::from_raw_fd(raw) }))
}

/// `sock.bind((host, port))` on a fresh socket.
pub fn bind(sock: &UdpSocket, host: &str, port: u16) -> io::Result<()> {
    let addr = SocketAddr::new(loopback(host)?, port);
    let (storage, len) = sockaddr(&addr);
    // SAFETY: a valid socket and an address of `len` bytes.
    let r = unsafe {
        libc::bind(
            std::os::fd::AsRawFd::as_raw_fd(sock),
            &storage as *const _ as *const libc::sockaddr,
            len,
        )
    };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: an all-zero sockaddr_storage is valid; we fill one family in.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            let sin = libc::sockaddr_in {
                sin_family: libc::AF_INET as libc::sa_family_t,
                sin_port: a.port().to_be(),
                sin_addr: libc::in_addr {
                    s_addr: u32::from_ne_bytes(a.ip().octets()),
                },
                sin_zero: [0; 8],
            };
            // SAFETY: sockaddr_storage is larger than sockaddr_in.
            unsafe { std::ptr::write(&mut storage as *mut _ as *mut libc::sockaddr_in, sin) };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: all-zero is a valid sockaddr_in6.
            let mut sin6: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            // SAFETY: sockaddr_storage is larger than sockaddr_in6.
            unsafe { std::ptr::write(&mut storage as *mut _ as *mut libc::sockaddr_in6, sin6) };
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// The Python exception an OS error becomes, and its errno's name.
pub fn py_error(e: &io::Error) -> (&'static str, String) {
    let code = e.raw_os_error().unwrap_or(0);
    let exc = match code {
        libc::EAGAIN | libc::EINPROGRESS | libc::EALREADY => "BlockingIOError",
        libc::ECONNREFUSED => "ConnectionRefusedError",
        libc::ECONNRESET => "ConnectionResetError",
        libc::EPIPE => "BrokenPipeError",
        libc::ETIMEDOUT => "TimeoutError",
        _ => "OSError",
    };
    let name = match code {
        libc::EAGAIN => "EAGAIN",
        libc::EINPROGRESS => "EINPROGRESS",
        libc::ECONNREFUSED => "ECONNREFUSED",
        libc::ECONNRESET => "ECONNRESET",
        libc::EPIPE => "EPIPE",
        libc::ETIMEDOUT => "ETIMEDOUT",
        libc::EADDRINUSE => "EADDRINUSE",
        libc::EINVAL => "EINVAL",
        libc::EBADF => "EBADF",
        libc::EMSGSIZE => "EMSGSIZE",
        0 => "",
        _ => return (exc, format!("errno {code}")),
    };
    (exc, name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::sock_mux::{ready, set_blocking, How};
    use std::os::fd::AsRawFd;
    use std::time::Duration;

    const WAIT: Duration = Duration::from_secs(5);

    #[test]
    fn three_datagrams_stay_three() {
        let port = reserve_port("127.0.0.1").unwrap();
        let server = fresh("127.0.0.1").unwrap();
        bind(&server, "127.0.0.1", port).unwrap();
        let client = fresh("127.0.0.1").unwrap();
        for m in ["one", "two", "three"] {
            let n = client.send_to(m.as_bytes(), ("127.0.0.1", port)).unwrap();
            assert_eq!(n, m.len());
        }
        server.set_read_timeout(Some(WAIT)).unwrap();
        let mut buf = [0u8; 1024];
        let me = client.local_addr().unwrap().port();
        for m in ["one", "two", "three"] {
            let (n, from) = server.recv_from(&mut buf).unwrap();
            assert_eq!(&buf[..n], m.as_bytes(), "one recvfrom, one datagram");
            assert_eq!(
                from.port(),
                me,
                "the kernel bound the client at its first sendto"
            );
        }
    }

    #[test]
    fn sending_to_nobody_is_not_an_error_and_nothing_queues() {
        let port = reserve_port("127.0.0.1").unwrap();
        let client = fresh("127.0.0.1").unwrap();
        assert_eq!(client.send_to(b"anyone?", ("127.0.0.1", port)).unwrap(), 7);
        assert_eq!(client.send_to(b"again", ("127.0.0.1", port)).unwrap(), 5);
        // A socket bound afterwards finds nothing waiting: the datagrams went nowhere.
        let late = fresh("127.0.0.1").unwrap();
        bind(&late, "127.0.0.1", port).unwrap();
        let fd = late.as_raw_fd();
        assert!(ready(How::Poll, &[fd], Duration::from_millis(50))
            .unwrap()
            .is_empty());
        // And what is sent now does arrive.
        client.send_to(b"now", ("127.0.0.1", port)).unwrap();
        assert_eq!(ready(How::Poll, &[fd], WAIT).unwrap(), vec![0]);
    }

    #[test]
    fn a_non_blocking_recvfrom_raises_blocking_io_error() {
        let s = fresh("127.0.0.1").unwrap();
        bind(&s, "127.0.0.1", 0).unwrap();
        set_blocking(s.as_raw_fd(), false).unwrap();
        let e = s.recv_from(&mut [0u8; 16]).unwrap_err();
        assert_eq!(py_error(&e), ("BlockingIOError", "EAGAIN".to_string()));
    }

    #[test]
    fn only_loopback_hosts_are_accepted() {
        assert!(loopback("0.0.0.0").is_err());
        assert!(loopback("10.0.0.1").is_err());
        assert!(fresh("example.com").is_err());
        assert!(loopback("::1").is_ok());
    }

    #[test]
    fn binding_a_taken_port_is_an_os_error() {
        let a = fresh("127.0.0.1").unwrap();
        bind(&a, "127.0.0.1", 0).unwrap();
        let port = a.local_addr().unwrap().port();
        let b = fresh("127.0.0.1").unwrap();
        let e = bind(&b, "127.0.0.1", port).unwrap_err();
        assert_eq!(py_error(&e), ("OSError", "EADDRINUSE".to_string()));
    }
}
