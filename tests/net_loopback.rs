//! Proof that the lab only ever uses loopback: while a networking lesson runs
//! for real, every inet socket held by any process of the run (the kernel's
//! own tables: /proc/PID/fd matched in /proc/net/tcp, tcp6, udp, udp6, and
//! `ss -tanp` when it is installed) is on 127.0.0.1 or ::1, and once the run
//! has ended none of its sockets is left. Two runs at once get ports of their
//! own. Skipped with a reason where /proc/net is missing; required when CI
//! is set. The `check` side (no other address is accepted anywhere a file can
//! name one) is in tests/net_loopback/refused.rs.

mod common;
#[path = "net_loopback/procnet.rs"]
mod procnet;
#[path = "net_loopback/refused.rs"]
mod refused;
#[path = "net_loopback/watch.rs"]
mod watch;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind};
use procnet::{InetSock, ESTABLISHED, LISTEN, TIME_WAIT};
use watch::{finish, held_by_run, listened, ss_loopback, ss_rows, start, Ended};

/// The lesson watched: pool workers download pages from an HTTP server
/// thread over TCP, one handler thread per request.
const LESSON: [&str; 5] = ["run", "callback", "--variant", "http", "--headless"];
/// The proof's own scenario: a listener on each loopback host.
const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/net_loopback.toml");
/// Longest the kernel may take to drop a closed run's sockets.
const RELEASE: Duration = Duration::from_secs(5);

/// Whether this machine can be watched; prints why not (and fails under CI).
fn watchable() -> bool {
    let Some(why) = procnet::missing() else {
        return true;
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {why}: the loopback proof is required in CI"
    );
    println!("skipped: {why}");
    false
}

/// What the proof saw of one run: every inet socket of its processes
/// (first sighting, by inode) and which processes held them.
struct Seen {
    socks: BTreeMap<u64, (u32, InetSock)>,
    pids: BTreeSet<u32>,
    ss: Vec<(String, String)>,
    events: Vec<Event>,
}

/// Run `conlab ARGS` and watch it: every socket of its processes on
/// loopback, its log's listeners seen by the kernel, at least `connected`
/// connected sockets seen, and none of its sockets left after the end.
fn prove(args: &[&str], connected: usize) -> Seen {
    let mut socks: BTreeMap<u64, (u32, InetSock)> = BTreeMap::new();
    let mut pids = BTreeSet::new();
    let mut ss: Option<Vec<(String, String)>> = None;
    let began = Instant::now();
    let run = finish(start(args), |root| {
        let now = held_by_run(root);
        let linked = now.iter().any(|(_, s)| s.state == ESTABLISHED);
        for (pid, s) in now {
            pids.insert(pid);
            socks.entry(s.inode).or_insert((pid, s));
        }
        if ss.is_none() && linked {
            ss = ss_rows(&procnet::descendants(root)).or(Some(Vec::new()));
        }
    });
    let wall = began.elapsed();
    assert_eq!(run.code, 0, "{args:?} failed:\n{}", run.stderr);
    let bad: Vec<String> = socks
        .values()
        .filter(|(_, s)| !s.on_loopback())
        .map(|(pid, s)| format!("pid {pid}: {s:?}"))
        .collect();
    assert!(bad.is_empty(), "sockets off loopback:\n{}", bad.join("\n"));
    // The proof proves something only if it saw the run's sockets: its
    // listeners (the very ports the log names) and live connections.
    let listening: BTreeSet<u16> = socks
        .values()
        .filter(|(_, s)| s.state == LISTEN)
        .map(|(_, s)| s.lport)
        .collect();
    let logged = listened(&run.events);
    assert!(!logged.is_empty(), "the log names no listening port");
    assert!(
        logged.is_subset(&listening),
        "the log's listening ports {logged:?}, the kernel's {listening:?}"
    );
    let linked = socks
        .values()
        .filter(|(_, s)| s.state == ESTABLISHED)
        .count();
    assert!(linked >= connected, "only {linked} connected sockets seen");
    let ss = ss.unwrap_or_default();
    let off: Vec<&(String, String)> = ss
        .iter()
        .filter(|(l, p)| !ss_loopback(l, false) || !ss_loopback(p, true))
        .collect();
    assert!(
        off.is_empty(),
        "ss -tuanp shows the run off loopback: {off:?}"
    );
    let waiting = released(&socks);
    println!(
        "loopback proof, {args:?}: {} sockets of {} processes seen, {linked} connected, \
         listening on {listening:?}; ss rows checked: {}; run {:.2} s; \
         {waiting} TIME_WAIT rows (the kernel's) after it",
        socks.len(),
        pids.len(),
        ss.len(),
        wall.as_secs_f64()
    );
    Seen {
        socks,
        pids,
        ss,
        events: run.events,
    }
}

/// After the end, within `RELEASE`, no socket of the run is left; the
/// kernel's TIME_WAIT rows (inode 0: no process holds them) are counted.
fn released(socks: &BTreeMap<u64, (u32, InetSock)>) -> usize {
    let gone_by = Instant::now() + RELEASE;
    let ports: BTreeSet<u16> = socks.values().map(|(_, s)| s.lport).collect();
    loop {
        let table = procnet::inet_table();
        let inodes: BTreeSet<u64> = table.iter().map(|s| s.inode).collect();
        let left: Vec<&InetSock> = socks
            .values()
            .map(|(_, s)| s)
            .filter(|s| inodes.contains(&s.inode))
            .collect();
        if left.is_empty() {
            return table
                .iter()
                .filter(|s| s.state == TIME_WAIT && ports.contains(&s.lport))
                .count();
        }
        assert!(
            Instant::now() < gone_by,
            "still open {RELEASE:?} after the run: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_networking_lesson_uses_only_loopback_and_leaves_no_socket_behind() {
    if !watchable() {
        return;
    }
    // Six downloads: each a client and a server end, held at once by up
    // to three workers and their handler threads.
    let seen = prove(&LESSON, 2);
    assert!(seen.pids.len() >= 2, "sockets in {:?} only", seen.pids);
    let saved = seen
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Callback { .. }))
        .count();
    assert_eq!(saved, 6, "every page saved");
}

#[test]
fn every_loopback_host_a_file_may_name_stays_on_loopback() {
    if !watchable() {
        return;
    }
    if let Err(e) = std::net::TcpListener::bind("[::1]:0") {
        println!("skipped: ::1 cannot be bound here ({e}): no IPv6 loopback");
        return;
    }
    let seen = prove(&["run", SCENARIO, "--headless"], 6);
    let hosts = |proto: &str| -> BTreeSet<String> {
        seen.socks
            .values()
            .filter(|(_, s)| s.proto == proto && s.state == LISTEN)
            .map(|(_, s)| s.local.to_string())
            .collect()
    };
    // 127.0.0.1 and localhost (taken as 127.0.0.1, never looked up); ::1.
    assert_eq!(hosts("tcp"), BTreeSet::from(["127.0.0.1".to_string()]));
    assert_eq!(hosts("tcp6"), BTreeSet::from(["::1".to_string()]));
    let v4 = seen
        .socks
        .values()
        .filter(|(_, s)| s.proto == "tcp" && s.state == LISTEN);
    assert_eq!(v4.count(), 2, "the 127.0.0.1 and localhost listeners");
    assert!(
        seen.ss.iter().any(|(l, _)| l.starts_with("[::1]")),
        "ss: {:?}",
        seen.ss
    );
}

#[test]
fn two_runs_at_once_get_ports_of_their_own_and_both_succeed() {
    if !watchable() {
        return;
    }
    let first = start(&LESSON);
    let second = start(&LESSON);
    let mut first = Some(first);
    // Both alive at once: the second started while the first still ran.
    let overlapped = first.as_mut().unwrap().try_wait().unwrap().is_none();
    assert!(overlapped, "the first run ended before the second started");
    let other = std::thread::spawn(move || finish(second, |_| {}));
    let a = finish(first.take().unwrap(), |_| {});
    let b = other.join().unwrap();
    for (name, r) in [("first", &a), ("second", &b)] {
        assert_eq!(r.code, 0, "the {name} run failed:\n{}", r.stderr);
    }
    let (pa, pb) = (listened(&a.events), listened(&b.events));
    assert!(!pa.is_empty() && !pb.is_empty(), "ports {pa:?} and {pb:?}");
    assert!(
        pa.is_disjoint(&pb),
        "both runs listened on {:?}",
        pa.intersection(&pb)
    );
    let saved = |r: &Ended| {
        r.events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Callback { .. }))
            .count()
    };
    assert_eq!(
        (saved(&a), saved(&b)),
        (6, 6),
        "every page saved in both runs"
    );
}
