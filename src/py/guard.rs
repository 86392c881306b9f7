//! The host's own count of a learner's program, from /proc: however its
//! processes and threads were started (with the module telling or not, by
//! os.fork or a C extension), more of them alive than the run's limits
//! ends the run with `limit`, as a scenario's refused start does.

use std::time::Duration;

use crossbeam_channel::Sender;

use crate::event::{ActorKind, Event, EventKind};
use crate::runtime::clock::Clock;
use crate::runtime::hub_io::Hub;
use crate::runtime::observer::descendants;
use crate::runtime::start_limits::limit;

/// How often the program's processes and threads are counted.
const EVERY: Duration = Duration::from_millis(10);

/// Count the host's descendants until one limit is passed (then tell it on
/// `tx`, which ends the run) or the host goes away.
pub fn spawn(host_pid: i32, clock: Clock, tx: Sender<Hub>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("py-guard".into())
        .spawn(move || loop {
            if let Some(kind) = over_limit(&descendants(host_pid)) {
                let _ = tx.send(Hub::Event(told(kind, host_pid, clock)));
                return;
            }
            std::thread::sleep(EVERY);
        })?;
    Ok(())
}

/// Which limit the processes `pids` pass, if any: processes beyond the
/// first (the root, which the host started), threads beyond each one's first.
fn over_limit(pids: &[i32]) -> Option<ActorKind> {
    if pids.len().saturating_sub(1) > limit(ActorKind::Process) {
        return Some(ActorKind::Process);
    }
    let threads: usize = pids.iter().map(|&p| threads_of(p).saturating_sub(1)).sum();
    (threads > limit(ActorKind::Thread)).then_some(ActorKind::Thread)
}

/// The `Threads:` line of /proc/PID/status (0 if it is gone).
fn threads_of(pid: i32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn told(kind: ActorKind, host_pid: i32, clock: Clock) -> Event {
    let (what, max) = match kind {
        ActorKind::Process => ("processes", limit(kind)),
        ActorKind::Thread | ActorKind::Coroutine => ("threads", limit(kind)),
    };
    let text = format!(
        "the program has more than {max} {what} alive, conlab's limit for one run: it was stopped"
    );
    let kind = EventKind::LimitReached {
        limit: what.into(),
        max: max as u64,
        text,
    };
    Event::new(clock.t_us(), "host", host_pid, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_counted_by_its_threads() {
        let me = std::process::id() as i32;
        assert!(threads_of(me) >= 1);
        assert_eq!(threads_of(-5), 0);
        assert_eq!(
            over_limit(&[me]),
            None,
            "one process, its threads well within"
        );
    }
}
