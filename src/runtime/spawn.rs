//! How the host starts the run's first process, the main actor (main starts
//! the manager itself, when the scenario keeps values in one: manager_proc).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

/// Start the root actor; `pipes` is its CONLAB_PIPES (the ends it inherits),
/// `sockets` its CONLAB_SOCKETS (the declared sockets, bound).
pub(super) fn spawn_main(
    socket: &Path,
    main: &str,
    pipes: &str,
    sockets: &str,
) -> anyhow::Result<i32> {
    let exe: PathBuf = std::env::current_exe()?;
    let child = Command::new(exe)
        .arg("__worker")
        .arg(socket)
        .arg(main)
        .env(super::pipes::ENV, pipes)
        .env(super::net_table::ENV, sockets)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    Ok(child.id() as i32)
}
