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

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind};
use procnet::{InetSock, ESTABLISHED, LISTEN};

/// The lesson watched: pool workers download pages from an HTTP server
/// thread over TCP, one handler thread per request.
const LESSON: [&str; 5] = ["run", "callback", "--variant", "http", "--headless"];
/// Longest a run may take before the test gives up on it.
const LIMIT: Duration = Duration::from_secs(60);
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

fn start(args: &[&str]) -> Child {
    Command::new(common::BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conlab")
}

/// What a run left: its exit code, its events, its stderr.
struct Ended {
    code: i32,
    events: Vec<Event>,
    stderr: String,
}

/// Wait for `child` (bounded), calling `each` every few milliseconds while
/// it runs: sampling, not synchronisation (nothing waits on what it sees).
fn finish(mut child: Child, mut each: impl FnMut(u32)) -> Ended {
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).ok();
        s
    });
    let began = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if began.elapsed() > LIMIT {
            child.kill().ok();
            let _ = child.wait();
            panic!("the run did not end within {LIMIT:?}");
        }
        each(child.id());
        std::thread::sleep(Duration::from_millis(5));
    };
    let events = out
        .join()
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad event {l:?}: {e}")))
        .collect();
    Ended {
        code: status.code().unwrap_or(-1),
        events,
        stderr: err.join().unwrap(),
    }
}

/// The ports the run's log says it listened on.
fn listened(events: &[Event]) -> BTreeSet<u16> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockListen { port, .. } => Some(*port),
            _ => None,
        })
        .collect()
}

/// Every inet socket that a process of the run held at one instant.
fn held_by_run(root: u32) -> Vec<(u32, InetSock)> {
    let mut by_inode: BTreeMap<u64, u32> = BTreeMap::new();
    for pid in procnet::descendants(root) {
        for inode in procnet::socket_inodes(pid) {
            by_inode.insert(inode, pid);
        }
    }
    procnet::inet_table()
        .into_iter()
        .filter_map(|s| Some((*by_inode.get(&s.inode)?, s)))
        .collect()
}

/// `ss -tanp`'s rows naming one of `pids`, when ss is installed: its local
/// and peer address columns.
fn ss_rows(pids: &BTreeSet<u32>) -> Option<Vec<(String, String)>> {
    let out = Command::new("ss").args(["-tuanp"]).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rows = text
        .lines()
        .filter(|l| pids.iter().any(|p| l.contains(&format!("pid={p},"))))
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((f.get(4)?.to_string(), f.get(5)?.to_string()))
        })
        .collect();
    Some(rows)
}

/// ss's `127.0.0.1:80`, `[::1]:80`, `[::ffff:127.0.0.1]:80`, or a peer `*:*`
/// / `0.0.0.0:*` (nobody yet); `%lo` scope suffixes allowed.
fn ss_loopback(addr: &str, peer: bool) -> bool {
    let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = host.split('%').next().unwrap_or(host);
    let nobody = peer && matches!(host, "*" | "0.0.0.0" | "::");
    nobody || matches!(host, "127.0.0.1" | "::1" | "::ffff:127.0.0.1")
}

#[test]
fn a_networking_run_uses_only_loopback_and_leaves_no_socket_behind() {
    if !watchable() {
        return;
    }
    let mut seen: BTreeMap<u64, (u32, InetSock)> = BTreeMap::new();
    let mut pids = BTreeSet::new();
    let mut ss: Option<Vec<(String, String)>> = None;
    let began = Instant::now();
    let run = finish(start(&LESSON), |root| {
        let now = held_by_run(root);
        let connected = now.iter().any(|(_, s)| s.state == ESTABLISHED);
        for (pid, s) in now {
            pids.insert(pid);
            seen.entry(s.inode).or_insert((pid, s));
        }
        if ss.is_none() && connected {
            ss = ss_rows(&procnet::descendants(root)).or(Some(Vec::new()));
        }
    });
    let wall = began.elapsed();
    assert_eq!(run.code, 0, "the run failed:\n{}", run.stderr);
    let bad: Vec<String> = seen
        .values()
        .filter(|(_, s)| !s.on_loopback())
        .map(|(pid, s)| format!("pid {pid}: {s:?}"))
        .collect();
    assert!(bad.is_empty(), "sockets off loopback:\n{}", bad.join("\n"));
    // The proof proves something only if it saw the run's sockets: its
    // listener (the very port the log names) and live connections.
    let listening: BTreeSet<u16> = seen
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
    let established = seen
        .values()
        .filter(|(_, s)| s.state == ESTABLISHED)
        .count();
    assert!(
        established >= 2,
        "only {established} connected sockets seen"
    );
    let rows = ss.unwrap_or_default();
    let off: Vec<&(String, String)> = rows
        .iter()
        .filter(|(l, p)| !ss_loopback(l, false) || !ss_loopback(p, true))
        .collect();
    assert!(
        off.is_empty(),
        "ss -tuanp shows the run off loopback: {off:?}"
    );
    // After the end: none of the run's sockets is left (TIME_WAIT rows are
    // the kernel's, with inode 0, and hold no process's port).
    let gone_by = Instant::now() + RELEASE;
    let left = loop {
        let inodes: BTreeSet<u64> = procnet::inet_table().iter().map(|s| s.inode).collect();
        let left: Vec<&InetSock> = seen
            .values()
            .map(|(_, s)| s)
            .filter(|s| inodes.contains(&s.inode))
            .collect();
        if left.is_empty() || Instant::now() > gone_by {
            break left;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        left.is_empty(),
        "still open {RELEASE:?} after the run: {left:?}"
    );
    println!(
        "loopback proof: {} sockets of {} processes seen, {established} connected, \
         listening on {listening:?}; ss rows checked: {}; run {:.2} s",
        seen.len(),
        pids.len(),
        rows.len(),
        wall.as_secs_f64()
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
