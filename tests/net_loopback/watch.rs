//! Watching a run from outside: start `conlab`, sample the kernel's view of
//! its processes' sockets while it runs, read its event log when it ends.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use conlab::event::{Event, EventKind};

use super::procnet::{self, InetSock};

/// Longest a run may take before the test gives up on it.
const LIMIT: Duration = Duration::from_secs(60);

pub fn start(args: &[&str]) -> Child {
    Command::new(super::common::BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start conlab")
}

/// What a run left: its exit code, its events, its stderr.
pub struct Ended {
    pub code: i32,
    pub events: Vec<Event>,
    pub stderr: String,
}

/// Wait for `child` (bounded), calling `each` every few milliseconds while
/// it runs: sampling, not synchronisation (nothing waits on what it sees).
pub fn finish(mut child: Child, mut each: impl FnMut(u32)) -> Ended {
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
pub fn listened(events: &[Event]) -> BTreeSet<u16> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::SockListen { port, .. } => Some(*port),
            _ => None,
        })
        .collect()
}

/// Every inet socket that a process of the run held at one instant.
pub fn held_by_run(root: u32) -> Vec<(u32, InetSock)> {
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
pub fn ss_rows(pids: &BTreeSet<u32>) -> Option<Vec<(String, String)>> {
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
pub fn ss_loopback(addr: &str, peer: bool) -> bool {
    let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = host.split('%').next().unwrap_or(host);
    let nobody = peer && matches!(host, "*" | "0.0.0.0" | "::");
    nobody || matches!(host, "127.0.0.1" | "::1" | "::ffff:127.0.0.1")
}
