//! The OS objects behind locks shared by processes, other than the mutex's
//! file lock: a POSIX named semaphore (sem_open) for a semaphore, and a gate
//! file for an event — the host holds an exclusive flock on it while the event
//! is clear, and waiters block in flock(LOCK_SH) until the host lets go.

use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};

/// A named semaphore shared by the processes of one run.
pub struct PosixSem {
    sem: *mut libc::sem_t,
}

// SAFETY: a sem_t from sem_open is made for use by many threads and processes.
unsafe impl Send for PosixSem {}
unsafe impl Sync for PosixSem {}

/// The run-unique name of a semaphore: `/<run dir name>-<lock>`, that is
/// `/conlab-<host pid>-<stamp>-<lock>`. The host pid in it lets the UI and
/// the sweep (`rundir`) find and remove what a dead host left in /dev/shm.
pub fn sem_name(run_dir: &Path, lock: &str) -> CString {
    let run = run_dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("conlab");
    CString::new(format!("/{run}-{lock}")).expect("names have no NUL")
}

impl PosixSem {
    /// Create it with `permits` (the host, before any actor starts).
    pub fn create(name: &CString, permits: u32) -> Result<PosixSem, String> {
        // SAFETY: a valid C string, flags and mode; the variadic arguments are (mode_t, uint).
        let sem = unsafe {
            libc::sem_open(
                name.as_ptr(),
                libc::O_CREAT | libc::O_EXCL,
                0o600 as libc::c_uint,
                permits,
            )
        };
        Self::checked(sem, name)
    }

    /// Open the one the host created.
    pub fn open(name: &CString) -> Result<PosixSem, String> {
        // SAFETY: a valid C string; without O_CREAT no further arguments are read.
        let sem = unsafe { libc::sem_open(name.as_ptr(), 0) };
        Self::checked(sem, name)
    }

    fn checked(sem: *mut libc::sem_t, name: &CString) -> Result<PosixSem, String> {
        if sem == libc::SEM_FAILED {
            return Err(format!("sem_open {name:?}: {}", Errno::last()));
        }
        Ok(PosixSem { sem })
    }

    /// Take a permit; the process blocks in the kernel until one is free.
    pub fn wait(&self) -> Result<(), String> {
        loop {
            // SAFETY: self.sem came from a successful sem_open.
            if unsafe { libc::sem_wait(self.sem) } == 0 {
                return Ok(());
            }
            match Errno::last() {
                Errno::EINTR => continue,
                e => return Err(format!("sem_wait: {e}")),
            }
        }
    }

    /// Take a permit if one is free now.
    pub fn try_wait(&self) -> Result<bool, String> {
        // SAFETY: self.sem came from a successful sem_open.
        if unsafe { libc::sem_trywait(self.sem) } == 0 {
            return Ok(true);
        }
        match Errno::last() {
            Errno::EAGAIN | Errno::EINTR => Ok(false),
            e => Err(format!("sem_trywait: {e}")),
        }
    }

    /// Take a permit, blocking in the kernel for at most `slice`.
    pub fn wait_within(&self, slice: std::time::Duration) -> Result<bool, String> {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a valid out pointer; sem_timedwait measures against CLOCK_REALTIME.
        unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut now) };
        let total = now.tv_nsec as u64 + slice.subsec_nanos() as u64;
        let until = libc::timespec {
            tv_sec: now.tv_sec
                + slice.as_secs() as libc::time_t
                + (total / 1_000_000_000) as libc::time_t,
            tv_nsec: (total % 1_000_000_000) as _,
        };
        // SAFETY: self.sem came from a successful sem_open; `until` is a valid timespec.
        if unsafe { libc::sem_timedwait(self.sem, &until) } == 0 {
            return Ok(true);
        }
        match Errno::last() {
            Errno::ETIMEDOUT | Errno::EINTR => Ok(false),
            e => Err(format!("sem_timedwait: {e}")),
        }
    }

    pub fn post(&self) -> Result<(), String> {
        // SAFETY: self.sem came from a successful sem_open.
        match unsafe { libc::sem_post(self.sem) } {
            0 => Ok(()),
            _ => Err(format!("sem_post: {}", Errno::last())),
        }
    }

    /// Permits free now (a snapshot: others may change it at once).
    pub fn available(&self) -> u32 {
        let mut value: libc::c_int = 0;
        // SAFETY: self.sem came from a successful sem_open; value is a valid out pointer.
        unsafe { libc::sem_getvalue(self.sem, &mut value) };
        value.max(0) as u32
    }

    /// Remove the name (the host, at the end of the run).
    pub fn unlink(name: &CString) {
        // SAFETY: a valid C string.
        unsafe { libc::sem_unlink(name.as_ptr()) };
    }
}

impl Drop for PosixSem {
    fn drop(&mut self) {
        // SAFETY: self.sem came from a successful sem_open and is closed once.
        unsafe { libc::sem_close(self.sem) };
    }
}

/// The gate file of a process-scope event.
pub fn gate_path(run_dir: &Path, event: &str) -> PathBuf {
    run_dir.join(format!("event-{event}.gate"))
}

fn open_gate(path: &Path) -> Result<File, String> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Held by the host while the event is clear: waiters cannot get through.
pub fn close_gate(path: &Path) -> Result<Flock<File>, String> {
    Flock::lock(open_gate(path)?, FlockArg::LockExclusive).map_err(|(_, e)| format!("gate: {e}"))
}

/// Block until the gate is open (the event is set), then pass through it.
pub fn pass_gate(path: &Path) -> Result<(), String> {
    let shared = Flock::lock(open_gate(path)?, FlockArg::LockShared)
        .map_err(|(_, e)| format!("gate: {e}"))?;
    drop(shared);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_named_semaphore_counts_permits_across_handles() {
        let dir = std::env::temp_dir().join(format!("conlab-semtest-{}", std::process::id()));
        let name = sem_name(&dir, "s");
        PosixSem::unlink(&name);
        let owner = PosixSem::create(&name, 2).unwrap();
        let other = PosixSem::open(&name).unwrap();
        owner.wait().unwrap();
        other.wait().unwrap();
        assert_eq!(other.available(), 0);
        owner.post().unwrap();
        assert_eq!(other.available(), 1);
        PosixSem::unlink(&name);
    }

    #[test]
    fn the_gate_holds_waiters_until_it_opens() {
        let dir = std::env::temp_dir().join(format!("conlab-gatetest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = gate_path(&dir, "light");
        let closed = close_gate(&path).unwrap();
        let (tx, rx) = crossbeam_channel::bounded(1);
        let p = path.clone();
        let waiter = std::thread::spawn(move || {
            pass_gate(&p).unwrap();
            tx.send(()).unwrap();
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(100)).is_err(),
            "passed a closed gate"
        );
        drop(closed);
        rx.recv_timeout(Duration::from_secs(5))
            .expect("passes once the gate opens");
        waiter.join().unwrap();
        std::fs::remove_dir_all(&dir).ok();
    }
}
