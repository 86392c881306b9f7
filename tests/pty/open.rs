//! Opening a pseudo-terminal with nothing but the kernel's pty devices.

use std::fs::File;
use std::os::unix::fs::OpenOptionsExt;

/// A pseudo-terminal of `cols` x `rows`: (master, slave). Both ends are
/// close-on-exec from the start, so an app another test starts meanwhile
/// does not inherit them (and hold this terminal open).
pub fn open_pty(cols: u16, rows: u16) -> (File, File) {
    use nix::fcntl::OFlag;
    use nix::pty::{grantpt, posix_openpt, ptsname_r, unlockpt};
    use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd};
    let flags = OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC;
    let master = posix_openpt(flags).expect("open a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname_r(&master).expect("the pty's name");
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads one winsize from a valid pointer.
    let set = unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    assert_eq!(set, 0, "set the pty's size");
    // std opens files close-on-exec; O_NOCTTY keeps it from being ours.
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(&name)
        .expect("open the pty's slave");
    // SAFETY: the fd was just taken out of its owner.
    let master = unsafe { File::from_raw_fd(master.into_raw_fd()) };
    (master, slave)
}
