//! The run's private directory (mode 0700): its control socket and, in later
//! lessons, lock and data files. Removed when the run ends; what a dead host
//! left behind is removed by the UI, or swept at the start of the next run.
//!
//! Names: the directory is `$TMPDIR/conlab-<host pid>-<stamp>` and each named
//! semaphore of the run is `/conlab-<host pid>-<stamp>-<lock>` (in Linux,
//! `/dev/shm/sem.conlab-…`): both carry the pid of the host that made them, so
//! whoever finds them can tell whether their owner still lives.

use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::sys::signal::kill;
use nix::unistd::Pid;

/// Where glibc keeps POSIX named semaphores, as files `sem.NAME`.
const SHM: &str = "/dev/shm";
/// A Unix socket path must fit in `sun_path` (108 bytes with its final NUL).
pub const SUN_PATH_MAX: usize = 107;
/// The longest name inside TMPDIR a run uses: `/conlab-<pid, at most 10
/// digits>-<stamp, at most 9>/control.sock` (`manager.sock` is as long).
const LONGEST_TAIL: usize = "/conlab-".len() + 10 + 1 + 9 + "/control.sock".len();

/// The directory runs live in: TMPDIR (or /tmp when it is unset or empty),
/// checked so that a bad one is reported by name instead of as a bare
/// "No such file or directory", and a long one is refused rather than
/// quietly replaced (the run's sockets would not fit in `sun_path`).
pub fn base() -> Result<PathBuf, String> {
    let base = match std::env::var_os("TMPDIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from("/tmp"),
    };
    let shown = format!("TMPDIR={}", base.display());
    match std::fs::metadata(&base) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("{shown}: not a directory")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("{shown}: no such directory"))
        }
        Err(e) => return Err(format!("{shown}: {e}")),
    }
    let len = base.as_os_str().len();
    if len + LONGEST_TAIL > SUN_PATH_MAX {
        return Err(format!(
            "{shown}: too long ({len} bytes): the run's socket paths must fit in \
             {SUN_PATH_MAX} bytes (the Unix socket limit, sun_path), which leaves \
             at most {} bytes for TMPDIR; choose a shorter TMPDIR",
            SUN_PATH_MAX - LONGEST_TAIL
        ));
    }
    Ok(base)
}

pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    /// Make this host's run directory (the pid in its name is the caller's).
    pub fn create() -> Result<RunDir, String> {
        let base = base()?;
        let stamp = super::clock::mono_ns() % 1_000_000_000;
        let path = base.join(format!("conlab-{}-{stamp}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| format!("cannot make the run directory {}: {e}", path.display()))?;
        Ok(RunDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn remove(&self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        self.remove();
    }
}

/// The host pid in a run's name `conlab-<pid>-<stamp><rest>`, and the rest.
fn parse_run_name(name: &str) -> Option<(i32, &str)> {
    let rest = name.strip_prefix("conlab-")?;
    let (pid, rest) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) {
        return None;
    }
    let stamp_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !digits(&rest[..stamp_len]) {
        return None;
    }
    let pid: i32 = pid.parse().ok()?;
    // pid 0 and 1 never host a run; kill(0) would even mean "my own group".
    (pid > 1).then_some((pid, &rest[stamp_len..]))
}

/// The host pid of a run directory's name, exactly `conlab-<pid>-<stamp>`.
pub fn run_dir_owner(name: &str) -> Option<i32> {
    parse_run_name(name).and_then(|(pid, rest)| rest.is_empty().then_some(pid))
}

/// The host pid of a semaphore's file name, `sem.conlab-<pid>-<stamp>-<lock>`.
pub fn sem_file_owner(name: &str) -> Option<i32> {
    let (pid, rest) = parse_run_name(name.strip_prefix("sem.")?)?;
    (rest.len() > 1 && rest.starts_with('-')).then_some(pid)
}

/// True while `pid` names a process (alive, a zombie, or another user's).
fn pid_in_use(pid: i32) -> bool {
    !matches!(kill(Pid::from_raw(pid), None), Err(Errno::ESRCH))
}

/// Remove the run directories and named semaphores of the hosts `dead`
/// accepts. Returns the paths removed.
///
/// Why this is safe: only entries directly in TMPDIR and /dev/shm whose name
/// matches our exact pattern (see `run_dir_owner`, `sem_file_owner`) are
/// looked at; each must be owned by our effective uid (another user's files
/// are never touched), and must be a real directory or file as `lstat` sees
/// it (a symlink is never followed; `remove_dir_all` does not follow links
/// inside either). Both places are sticky (or our own TMPDIR), so no other
/// user can swap an entry we checked. Which hosts count as dead is up to the
/// caller: the UI after reaping (holding the zombie, so the pid cannot have
/// been reused yet), or `sweep` (pid no longer in use at all).
fn remove_where(dead: impl Fn(i32) -> bool) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    if let Ok(base) = base() {
        remove_in(&base, run_dir_owner, true, &dead, &mut removed);
    }
    remove_in(Path::new(SHM), sem_file_owner, false, &dead, &mut removed);
    removed
}

/// One place of `remove_where`: entries of `dir` that `owner` names, that are
/// directories (`want_dir`) or plain files, ours, and whose host is `dead`.
fn remove_in(
    dir: &Path,
    owner: fn(&str) -> Option<i32>,
    want_dir: bool,
    dead: &dyn Fn(i32) -> bool,
    removed: &mut Vec<PathBuf>,
) {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(owner) else {
            continue;
        };
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let kind_ok = if want_dir {
            meta.is_dir()
        } else {
            meta.is_file()
        };
        if !kind_ok || meta.uid() != me || !dead(pid) {
            continue;
        }
        let gone = if want_dir {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed.push(path);
        }
    }
}

/// Remove what the host `pid` left (the caller knows it is dead: it holds
/// its zombie, so no other process can have that pid yet).
pub fn remove_leftovers_of(pid: i32) -> Vec<PathBuf> {
    if pid <= 1 {
        return Vec::new();
    }
    remove_where(|owner| owner == pid)
}

/// Remove what any dead host of ours left: its pid is in use by no process at
/// all (a live or not-yet-reaped host is left alone; so is a pid now used by
/// another process, which keeps the leftovers until that pid is free).
/// Limit: a host in another pid namespace that shares /dev/shm but not /proc
/// looks dead from here; conlab does not share /dev/shm across containers.
pub fn sweep() -> Vec<PathBuf> {
    remove_where(|owner| !pid_in_use(owner))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_patterns_name_a_host() {
        assert_eq!(run_dir_owner("conlab-1234-567"), Some(1234));
        assert_eq!(run_dir_owner("conlab-1234-567x"), None);
        assert_eq!(run_dir_owner("conlab-1234-"), None);
        assert_eq!(run_dir_owner("conlab-semtest-1234"), None);
        assert_eq!(run_dir_owner("conlab-1-5"), None);
        assert_eq!(run_dir_owner("conlab-0-5"), None);
        assert_eq!(run_dir_owner("conlab-99999999999-5"), None);
        assert_eq!(sem_file_owner("sem.conlab-42-7-queue.q.slots"), Some(42));
        assert_eq!(sem_file_owner("sem.conlab-42-7"), None);
        assert_eq!(sem_file_owner("sem.conlab-42-7-"), None);
        assert_eq!(sem_file_owner("conlab-42-7-s"), None);
        assert_eq!(sem_file_owner("sem.conlab-gatetest-42-s"), None);
    }
}
