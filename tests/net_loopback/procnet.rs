//! What the kernel says about a run's sockets: the inet sockets of
//! /proc/net/{tcp,tcp6,udp,udp6}, the socket inodes each process holds
//! (/proc/PID/fd), and a process's descendants (/proc/PID/stat).

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

/// TCP states as /proc/net/tcp prints them (include/net/tcp_states.h).
pub const ESTABLISHED: u8 = 0x01;
pub const TIME_WAIT: u8 = 0x06;
pub const LISTEN: u8 = 0x0A;

/// One row of /proc/net/{tcp,tcp6,udp,udp6}.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InetSock {
    pub proto: &'static str,
    pub local: IpAddr,
    pub lport: u16,
    pub remote: IpAddr,
    pub rport: u16,
    pub state: u8,
    pub inode: u64,
}

impl InetSock {
    /// Bound to loopback, and connected to loopback or to nothing yet
    /// (a listener's or an unconnected UDP socket's remote is *:0).
    pub fn on_loopback(&self) -> bool {
        let nobody = self.remote.is_unspecified() && self.rport == 0;
        loopback(self.local) && (nobody || loopback(self.remote))
    }
}

/// 127.0.0.1 or ::1 (or ::ffff:127.0.0.1, 127.0.0.1 seen by a v6 socket):
/// the addresses the lab may use, and no other (not even 127.0.0.2).
pub fn loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4 == Ipv4Addr::LOCALHOST,
        IpAddr::V6(v6) => {
            v6 == Ipv6Addr::LOCALHOST || v6.to_ipv4_mapped() == Some(Ipv4Addr::LOCALHOST)
        }
    }
}

/// Why the kernel's tables cannot be read here, if they cannot.
pub fn missing() -> Option<String> {
    let need = ["/proc/net/tcp", "/proc/self/fd"];
    need.iter()
        .find(|p| !Path::new(p).exists())
        .map(|p| format!("{p} is missing (no procfs, or not Linux)"))
}

/// Every inet socket of this network namespace (the run's: tests and runs
/// share it). A table that is absent (no IPv6) is empty.
pub fn inet_table() -> Vec<InetSock> {
    let files = [
        ("tcp", "/proc/net/tcp"),
        ("tcp6", "/proc/net/tcp6"),
        ("udp", "/proc/net/udp"),
        ("udp6", "/proc/net/udp6"),
    ];
    let mut out = Vec::new();
    for (proto, path) in files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        out.extend(text.lines().skip(1).filter_map(|l| parse_row(proto, l)));
    }
    out
}

/// `sl local rem st queues tr retrnsmt uid timeout inode ...`
pub fn parse_row(proto: &'static str, line: &str) -> Option<InetSock> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let (local, lport) = parse_addr(f.get(1)?)?;
    let (remote, rport) = parse_addr(f.get(2)?)?;
    Some(InetSock {
        proto,
        local,
        lport,
        remote,
        rport,
        state: u8::from_str_radix(f.get(3)?, 16).ok()?,
        inode: f.get(9)?.parse().ok()?,
    })
}

/// `0100007F:1F90` (IPv4) or 32 hex digits (IPv6), each 32-bit word in the
/// kernel's byte order (this machine's), then the port in hex.
pub fn parse_addr(s: &str) -> Option<(IpAddr, u16)> {
    let (ip, port) = s.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let words: Option<Vec<u32>> = (0..ip.len() / 8)
        .map(|i| u32::from_str_radix(ip.get(i * 8..i * 8 + 8)?, 16).ok())
        .collect();
    let bytes: Vec<u8> = words?.iter().flat_map(|w| w.to_ne_bytes()).collect();
    let ip = match bytes.len() {
        4 => IpAddr::from(<[u8; 4]>::try_from(bytes).ok()?),
        16 => IpAddr::from(<[u8; 16]>::try_from(bytes).ok()?),
        _ => return None,
    };
    Some((ip, port))
}

/// The socket inodes process `pid` holds open (`socket:[N]` links in its
/// fd directory); none when it is gone or not ours to read.
pub fn socket_inodes(pid: u32) -> BTreeSet<u64> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return BTreeSet::new();
    };
    dir.filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter_map(|l| {
            let l = l.to_string_lossy().into_owned();
            l.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

/// `root` and every process below it, from each process's parent pid.
pub fn descendants(root: u32) -> BTreeSet<u32> {
    let mut parents = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for e in dir.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            if let Some(ppid) = parent_of(pid) {
                parents.push((pid, ppid));
            }
        }
    }
    let mut found = BTreeSet::from([root]);
    loop {
        let more: Vec<u32> = parents
            .iter()
            .filter(|(p, pp)| found.contains(pp) && !found.contains(p))
            .map(|(p, _)| *p)
            .collect();
        if more.is_empty() {
            return found;
        }
        found.extend(more);
    }
}

/// The 4th field of /proc/PID/stat, after the `(comm)` that may hold spaces.
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn rows_of_proc_net_are_read_as_the_kernel_prints_them() {
    let v4 = "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0";
    let s = parse_row("tcp", v4).unwrap();
    assert_eq!(
        (s.local.to_string(), s.lport, s.state, s.inode),
        ("127.0.0.1".into(), 8080, LISTEN, 4242)
    );
    assert!(s.on_loopback());
    let any = v4.replace("0100007F:1F90", "00000000:1F90");
    assert!(
        !parse_row("tcp", &any).unwrap().on_loopback(),
        "0.0.0.0 is not loopback"
    );
    let other = v4.replace("0100007F:1F90", "0200007F:1F90");
    assert!(
        !parse_row("tcp", &other).unwrap().on_loopback(),
        "127.0.0.2 is not the lab's"
    );
    let v6 = "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 7 1 0";
    let s = parse_row("tcp6", v6).unwrap();
    assert_eq!(s.local.to_string(), "::1");
    assert!(s.on_loopback());
    let mapped = "0000000000000000FFFF00000100007F:0050";
    assert_eq!(
        parse_addr(mapped).unwrap().0.to_string(),
        "::ffff:127.0.0.1"
    );
    let lan = v4.replace("00000000:0000 0A", "0101A8C0:0050 01");
    assert!(
        !parse_row("tcp", &lan).unwrap().on_loopback(),
        "a peer on 192.168.1.1"
    );
}
