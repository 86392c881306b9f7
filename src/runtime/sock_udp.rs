//! UDP for real, on loopback only: the reserved port of a declared socket,
//! and sendto / recvfrom that never wait in the kernel (the caller waits in
//! poll slices, so an abort is seen).
//!
//! A declared UDP socket is NOT bound by the host (a bound socket would
//! queue datagrams before anyone called `bind`, which Python would not do).
//! The host only reserves its port: it binds a throwaway socket to
//! (host, 0), reads the port the kernel chose and closes it again, so every
//! actor knows the port and nobody is there until an actor runs `bind`.
//! Sending there before the `bind`, or after the `close`, reaches no socket:
//! the kernel drops the datagram (and answers ICMP port unreachable, which an
//! unconnected sendto never reports), exactly as in Python.

use std::net::SocketAddr;
use std::os::fd::{AsRawFd, RawFd};

use super::net_sys as sys;
use crate::scenario::plan_net::Proto;

fn last_errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// A port nobody is bound to now: bound to (host, 0), read, closed at once.
pub fn reserve_port(host: &str) -> Result<u16, String> {
    let addr = sys::loopback(host, 0).ok_or_else(|| format!("{host:?} is not loopback"))?;
    let fd = sys::socket(&addr, Proto::Udp, true).map_err(|e| sys::python_error(e).1)?;
    sys::bind(&fd, &addr).map_err(|e| sys::python_error(e).1)?;
    sys::port(fd.as_raw_fd(), false).ok_or_else(|| "getsockname failed".into())
}

/// One sendto(2) that does not wait: the bytes sent, or the errno (EAGAIN
/// when the buffer is full).
pub fn send_to(fd: RawFd, buf: &[u8], to: &SocketAddr) -> Result<usize, i32> {
    let (storage, len) = sys::raw_addr(to);
    // SAFETY: buf is valid for buf.len() bytes, storage for len bytes.
    let r = unsafe {
        libc::sendto(
            fd,
            buf.as_ptr() as *const libc::c_void,
            buf.len(),
            libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            &storage as *const _ as *const libc::sockaddr,
            len,
        )
    };
    if r < 0 {
        return Err(last_errno());
    }
    Ok(r as usize)
}

/// One recvfrom(2) that does not wait: one datagram (cut to the buffer, as
/// Python's recvfrom(size) cuts it) and the sender's port; EAGAIN when none
/// is there.
pub fn recv_from(fd: RawFd, buf: &mut [u8]) -> Result<(usize, u16), i32> {
    // SAFETY: all-zero is a valid sockaddr_storage, written by the call.
    let mut st: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: buf, st and len are valid for the call to write.
    let r = unsafe {
        libc::recvfrom(
            fd,
            buf.as_mut_ptr() as *mut libc::c_void,
            buf.len(),
            libc::MSG_DONTWAIT,
            &mut st as *mut _ as *mut libc::sockaddr,
            &mut len,
        )
    };
    if r < 0 {
        return Err(match last_errno() {
            libc::EINTR => libc::EAGAIN,
            e => e,
        });
    }
    let port = match st.ss_family as libc::c_int {
        // SAFETY: the family says which structure the kernel wrote.
        libc::AF_INET => unsafe { (*(&st as *const _ as *const libc::sockaddr_in)).sin_port },
        libc::AF_INET6 => unsafe { (*(&st as *const _ as *const libc::sockaddr_in6)).sin6_port },
        _ => 0,
    };
    Ok((r as usize, u16::from_be(port)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::sock_mux::{ready, set_blocking, How};
    use std::os::fd::OwnedFd;
    use std::time::Duration;

    const WAIT: Duration = Duration::from_secs(5);

    fn udp(port: u16) -> (OwnedFd, SocketAddr) {
        let addr = sys::loopback("127.0.0.1", port).unwrap();
        (sys::socket(&addr, Proto::Udp, true).unwrap(), addr)
    }

    fn bound(port: u16) -> (OwnedFd, SocketAddr) {
        let (fd, addr) = udp(port);
        sys::bind(&fd, &addr).unwrap();
        (fd, addr)
    }

    fn recv_waiting(fd: &OwnedFd, buf: &mut [u8]) -> (usize, u16) {
        assert_eq!(ready(How::Poll, &[fd.as_raw_fd()], WAIT).unwrap(), vec![0]);
        recv_from(fd.as_raw_fd(), buf).unwrap()
    }

    #[test]
    fn three_datagrams_stay_three() {
        let port = reserve_port("127.0.0.1").unwrap();
        let (server, to) = bound(port);
        let (client, _) = udp(0);
        for m in ["one", "two", "three"] {
            assert_eq!(
                send_to(client.as_raw_fd(), m.as_bytes(), &to).unwrap(),
                m.len()
            );
        }
        let me = sys::port(client.as_raw_fd(), false).unwrap();
        let mut buf = [0u8; 1024];
        for m in ["one", "two", "three"] {
            let (n, from) = recv_waiting(&server, &mut buf);
            assert_eq!(&buf[..n], m.as_bytes(), "one recvfrom, one datagram");
            assert_eq!(from, me, "the kernel bound the client at its first sendto");
        }
    }

    #[test]
    fn sending_to_nobody_is_not_an_error_and_nothing_queues() {
        let port = reserve_port("127.0.0.1").unwrap();
        let to = sys::loopback("127.0.0.1", port).unwrap();
        let (client, _) = udp(0);
        assert_eq!(send_to(client.as_raw_fd(), b"anyone?", &to), Ok(7));
        assert_eq!(send_to(client.as_raw_fd(), b"again", &to), Ok(5));
        // A socket bound afterwards finds nothing waiting: they went nowhere.
        let (late, _) = bound(port);
        assert_eq!(
            recv_from(late.as_raw_fd(), &mut [0u8; 16]),
            Err(libc::EAGAIN)
        );
        send_to(client.as_raw_fd(), b"now", &to).unwrap();
        let mut buf = [0u8; 16];
        let (n, _) = recv_waiting(&late, &mut buf);
        assert_eq!(&buf[..n], b"now");
    }

    #[test]
    fn a_short_buffer_cuts_the_datagram_and_drops_the_rest() {
        let (server, to) = bound(0);
        let to =
            sys::loopback("127.0.0.1", sys::port(server.as_raw_fd(), false).unwrap()).unwrap_or(to);
        let (client, _) = udp(0);
        send_to(client.as_raw_fd(), b"abcdef", &to).unwrap();
        send_to(client.as_raw_fd(), b"xy", &to).unwrap();
        let mut small = [0u8; 3];
        assert_eq!(recv_waiting(&server, &mut small).0, 3);
        assert_eq!(&small, b"abc");
        let mut buf = [0u8; 16];
        let (n, _) = recv_waiting(&server, &mut buf);
        assert_eq!(&buf[..n], b"xy", "the rest of abcdef is gone, not glued on");
    }

    #[test]
    fn a_non_blocking_recvfrom_says_eagain_which_python_calls_blocking_io_error() {
        let (s, _) = bound(0);
        set_blocking(s.as_raw_fd(), false).unwrap();
        let e = recv_from(s.as_raw_fd(), &mut [0u8; 16]).unwrap_err();
        assert_eq!(sys::python_error(e).0, "BlockingIOError");
        assert_eq!(sys::python_error(e).1, "EAGAIN");
    }

    #[test]
    fn only_loopback_ports_are_reserved() {
        assert!(reserve_port("0.0.0.0").is_err());
        assert!(reserve_port("example.com").is_err());
        assert!(reserve_port("::1").is_ok() || std::net::UdpSocket::bind("[::1]:0").is_err());
    }

    #[test]
    fn binding_a_taken_port_is_eaddrinuse() {
        let (a, _) = bound(0);
        let port = sys::port(a.as_raw_fd(), false).unwrap();
        let (b, addr) = udp(port);
        assert_eq!(sys::bind(&b, &addr), Err(libc::EADDRINUSE));
    }
}
