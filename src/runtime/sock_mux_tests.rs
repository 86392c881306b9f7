use super::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

const WAIT: Duration = Duration::from_secs(5);

/// A listener, a client connected to it, and the accepted end.
fn pair() -> (TcpListener, TcpStream, TcpStream) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    (l, c, s)
}

#[test]
fn each_call_returns_only_the_ready_socket() {
    let (l, mut c, s) = pair();
    let (_l2, _c2, quiet) = pair();
    let fds = [l.as_raw_fd(), quiet.as_raw_fd(), s.as_raw_fd()];
    for how in [How::Select, How::Poll, How::Epoll] {
        assert!(
            ready(how, &fds, Duration::from_millis(20))
                .unwrap()
                .is_empty(),
            "{how:?}: nothing is ready yet"
        );
    }
    c.write_all(b"hi").unwrap();
    for how in [How::Select, How::Poll, How::Epoll] {
        assert_eq!(ready(how, &fds, WAIT).unwrap(), vec![2], "{how:?}");
    }
    // A connection waiting in the backlog makes the listener readable too.
    let _c3 = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    for how in [How::Select, How::Poll, How::Epoll] {
        assert_eq!(ready(how, &fds, WAIT).unwrap(), vec![0, 2], "{how:?}");
    }
}

#[test]
fn a_peer_closing_counts_as_ready() {
    let (_l, c, mut s) = pair();
    drop(c);
    for how in [How::Select, How::Poll, How::Epoll] {
        assert_eq!(ready(how, &[s.as_raw_fd()], WAIT).unwrap(), vec![0]);
    }
    assert_eq!(s.read(&mut [0u8; 8]).unwrap(), 0, "then recv reads the end");
}

#[test]
fn non_blocking_calls_fail_at_once_with_eagain() {
    let (l, _c, mut s) = pair();
    set_blocking(s.as_raw_fd(), false).unwrap();
    assert!(is_nonblocking(s.as_raw_fd()));
    let e = s.read(&mut [0u8; 8]).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EAGAIN));
    set_blocking(l.as_raw_fd(), false).unwrap();
    let e = l.accept().unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EAGAIN));
    set_blocking(s.as_raw_fd(), true).unwrap();
    assert!(!is_nonblocking(s.as_raw_fd()));
}

#[test]
fn select_refuses_a_descriptor_past_fd_setsize() {
    let e = ready(How::Select, &[2000], Duration::ZERO).unwrap_err();
    assert!(e.to_string().contains("out of range"), "{e}");
}

#[test]
fn how_names_round_trip() {
    for n in How::NAMES {
        assert_eq!(How::parse(n).unwrap().name(), *n);
    }
    assert_eq!(How::parse("kqueue"), None);
}

/// Whether O_NONBLOCK is set on `fd`.
fn is_nonblocking(fd: RawFd) -> bool {
    // SAFETY: F_GETFL only reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    flags >= 0 && flags & libc::O_NONBLOCK != 0
}
