//! The instrumentation package `conlab_trace`, embedded in the binary and
//! written into each run's private directory, so a run never depends on
//! where conlab was built or installed.

use std::path::{Path, PathBuf};

/// One embedded file of the package: (name, text).
macro_rules! file {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../assets/py/conlab_trace/", $name)),
        )
    };
}

/// The package's files (name, text), one module per area. A unit test checks
/// this list against `assets/py/conlab_trace/`.
pub const FILES: &[(&str, &str)] = &[
    file!("__init__.py"),
    file!("__main__.py"),
    file!("emit.py"),
    file!("names.py"),
    file!("threads.py"),
    file!("sync.py"),
    file!("queues.py"),
    file!("mpqueues.py"),
    file!("pipes.py"),
    file!("procs.py"),
    file!("mpsync.py"),
    file!("fork.py"),
    file!("sharedvals.py"),
    file!("mgrqueues.py"),
    file!("managers.py"),
    file!("sockets.py"),
    file!("select_.py"),
    file!("pools.py"),
    file!("poolmaps.py"),
    file!("futures.py"),
    file!("streams.py"),
    file!("control.py"),
    file!("aio.py"),
    file!("aio_sync.py"),
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
            assert_eq!(got, *text, "{name}");
        }
        assert!(FILES.iter().any(|(n, _)| *n == "__main__.py"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Every `.py` in the package's directory is embedded, and nothing else.
    #[test]
    fn embedded_files_are_the_directory() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/py/conlab_trace");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".py"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "add or remove the file in FILES");
        for (name, text) in FILES {
            let disk = std::fs::read_to_string(dir.join(name)).unwrap();
            assert_eq!(disk, *text, "{name} is embedded as on disk");
        }
    }
}
