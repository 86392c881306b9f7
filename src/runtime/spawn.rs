//! How the host starts the run's first processes: the main actor and, when the
//! scenario keeps values in one, the manager.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::event::{ActorKind, Event, EventKind};

pub(super) fn spawned_event(t_us: u64, actor: &str, pid: i32) -> Event {
    Event {
        t_us,
        actor: actor.to_string(),
        pid,
        tid: None,
        kind: EventKind::Spawned {
            kind: ActorKind::Process,
            parent: None,
            daemon: false,
        },
    }
}

/// Start the manager process and wait (bounded) until it listens.
pub(super) fn spawn_manager(run_dir: &Path, values: &[String]) -> anyhow::Result<i32> {
    let child = Command::new(std::env::current_exe()?)
        .arg("__manager")
        .arg(run_dir)
        .args(values)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let socket = super::manager::socket_path(run_dir);
    let began = Instant::now();
    while !socket.exists() {
        if began.elapsed() > Duration::from_secs(5) {
            anyhow::bail!("the manager process did not start listening");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Ok(child.id() as i32)
}

/// Start the root actor; `pipes` is its CONLAB_PIPES (the ends it inherits).
pub(super) fn spawn_main(socket: &Path, main: &str, pipes: &str) -> anyhow::Result<i32> {
    let exe: PathBuf = std::env::current_exe()?;
    let child = Command::new(exe)
        .arg("__worker")
        .arg(socket)
        .arg(main)
        .env(super::pipes::ENV, pipes)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    Ok(child.id() as i32)
}
