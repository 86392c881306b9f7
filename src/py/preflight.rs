//! What `conlab py` checks before anything starts: the file can be read, a
//! `python3` of 3.8 or later is on PATH, and the file compiles (Python's own
//! SyntaxError message, with its line, otherwise). Each refusal is a message
//! for stderr; the caller exits 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::start::PYTHON;

/// Asked of python3 before the run: its version (exit 3 when older than
/// 3.8, printing it) and whether the file compiles (exit 2 with Python's
/// message). Written so that Python 2 can run it too.
const PROBE: &str = "import sys
if sys.version_info < (3, 8):
    print('%d.%d.%d' % tuple(sys.version_info[:3]))
    sys.exit(3)
import traceback
p = sys.argv[1]
try:
    with open(p, 'rb') as f:
        compile(f.read(), p, 'exec', dont_inherit=True)
except (SyntaxError, ValueError) as e:
    sys.stderr.write(''.join(traceback.format_exception_only(type(e), e)))
    sys.exit(2)
";

/// How to get a python3, said with every refusal about it.
const INSTALL: &str = "install Python 3.8 or later as python3 (e.g. `apt install python3`)";

/// The file, made absolute, and its text; or why it cannot be run.
pub fn read_file(file: &Path) -> Result<(PathBuf, String), String> {
    let shown = file.display();
    let abs = std::fs::canonicalize(file).map_err(|e| format!("conlab py: {shown}: {e}"))?;
    if !abs.is_file() {
        return Err(format!("conlab py: {shown}: not a regular file"));
    }
    let bytes = std::fs::read(&abs).map_err(|e| format!("conlab py: {shown}: {e}"))?;
    Ok((abs, String::from_utf8_lossy(&bytes).into_owned()))
}

/// Ask python3 about itself and the file (see PROBE).
pub fn check_python(file: &Path) -> Result<(), String> {
    let out = Command::new(PYTHON)
        .arg("-c")
        .arg(PROBE)
        .arg(file)
        .stdin(Stdio::null())
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("conlab py: no `{PYTHON}` on PATH: {INSTALL}"))
        }
        Err(e) => return Err(format!("conlab py: cannot run `{PYTHON}`: {e}; {INSTALL}")),
    };
    let said = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim_end().to_string();
    match out.status.code() {
        Some(0) => Ok(()),
        Some(2) if !out.stderr.is_empty() => Err(said(&out.stderr)),
        Some(3) => Err(format!(
            "conlab py: `{PYTHON}` is Python {}, too old: {INSTALL}",
            said(&out.stdout)
        )),
        _ => Err(format!(
            "conlab py: `{PYTHON}` did not answer as Python 3.8 or later does ({}): {INSTALL}\n{}",
            out.status,
            said(&out.stderr)
        )),
    }
}
