//! The instrumentation package `conlab_trace`, embedded in the binary and
//! written into each run's private directory, so a run never depends on
//! where conlab was built or installed.

use std::path::{Path, PathBuf};

/// The package's files (name, text): the eight of the spec, and asyncio's two.
pub const FILES: [(&str, &str); 11] = [
    (
        "__init__.py",
        include_str!("../../assets/py/conlab_trace/__init__.py"),
    ),
    (
        "__main__.py",
        include_str!("../../assets/py/conlab_trace/__main__.py"),
    ),
    (
        "emit.py",
        include_str!("../../assets/py/conlab_trace/emit.py"),
    ),
    (
        "threads.py",
        include_str!("../../assets/py/conlab_trace/threads.py"),
    ),
    (
        "sync.py",
        include_str!("../../assets/py/conlab_trace/sync.py"),
    ),
    (
        "queues.py",
        include_str!("../../assets/py/conlab_trace/queues.py"),
    ),
    (
        "procs.py",
        include_str!("../../assets/py/conlab_trace/procs.py"),
    ),
    (
        "misc.py",
        include_str!("../../assets/py/conlab_trace/misc.py"),
    ),
    (
        "control.py",
        include_str!("../../assets/py/conlab_trace/control.py"),
    ),
    (
        "aio.py",
        include_str!("../../assets/py/conlab_trace/aio.py"),
    ),
    (
        "aio_sync.py",
        include_str!("../../assets/py/conlab_trace/aio_sync.py"),
    ),
];

/// Write the package under `run_dir/py/conlab_trace/`; returns `run_dir/py`,
/// the directory to put on PYTHONPATH.
pub fn write(run_dir: &Path) -> std::io::Result<PathBuf> {
    let root = run_dir.join("py");
    let pkg = root.join("conlab_trace");
    std::fs::create_dir_all(&pkg)?;
    for (name, text) in FILES {
        std::fs::write(pkg.join(name), text)?;
    }
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_written_with_its_text() {
        let dir = std::env::temp_dir().join(format!("conlab-pkgtest-{}", std::process::id()));
        let root = write(&dir).unwrap();
        for (name, text) in FILES {
            let got = std::fs::read_to_string(root.join("conlab_trace").join(name)).unwrap();
            assert_eq!(got, text, "{name}");
        }
        assert!(FILES.iter().any(|(n, _)| *n == "__main__.py"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
