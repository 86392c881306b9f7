//! The run's private directory (mode 0700): its control socket and, in later
//! lessons, lock and data files. Removed when the run ends.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    pub fn create() -> std::io::Result<RunDir> {
        let base = std::env::temp_dir();
        // Unix socket paths are limited to ~108 bytes: fall back to /tmp.
        let base = if base.as_os_str().len() > 60 {
            PathBuf::from("/tmp")
        } else {
            base
        };
        let stamp = super::clock::mono_ns() % 1_000_000_000;
        let path = base.join(format!("conlab-{}-{stamp}", std::process::id()));
        std::fs::DirBuilder::new().mode(0o700).create(&path)?;
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
