//! Both sides of one lesson: the lesson run headless, and the Python program
//! its listing shows run under `conlab py --headless`; each gives its event
//! log (one JSON object a line).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest one side may take.
const LIMIT: Duration = Duration::from_secs(180);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn name(lesson: &str, variant: &str) -> String {
    if variant.is_empty() {
        lesson.to_string()
    } else {
        format!("{lesson}-{variant}")
    }
}

/// The program Python runs, as tests/fidelity.rs chooses it (which also
/// checks a kept one against the listing): tests/python/NAME.py if kept,
/// else the listing the lab shows (English).
pub fn program(lesson: &str, variant: &str) -> Option<String> {
    let kept = root()
        .join("tests/python")
        .join(format!("{}.py", name(lesson, variant)));
    if let Ok(text) = std::fs::read_to_string(kept) {
        return Some(text);
    }
    let sc = conlab::scenario::builtin()
        .into_iter()
        .find(|s| s.id == lesson)?;
    let v = (!variant.is_empty()).then_some(variant);
    let plan = sc.plan(v, &[]).ok()?;
    plan.listing.map(|t| t.en + "\n")
}

/// `conlab ARGS` in `dir`: its stdout (the event log), or why it failed.
fn conlab(args: &[&str], dir: &Path) -> Result<String, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conlab"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("start conlab: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).ok();
        s
    });
    let began = Instant::now();
    loop {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if began.elapsed() > LIMIT {
            child.kill().ok();
            let _ = child.wait();
            return Err(format!("conlab {args:?} took over {LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(reader.join().unwrap())
}

/// The lesson's log.
pub fn lab(lesson: &str, variant: &str, dir: &Path) -> Result<String, String> {
    let mut args = vec!["run", lesson, "--headless", "--lang", "en"];
    if !variant.is_empty() {
        args.extend(["--variant", variant]);
    }
    conlab(&args, dir)
}

/// The listing's log, run in `dir` (where it writes its files).
pub fn python(code: &str, dir: &Path, secs: u32) -> Result<String, String> {
    let file = dir.join("prog.py");
    std::fs::write(&file, code).map_err(|e| e.to_string())?;
    let f = file.to_string_lossy().to_string();
    let secs = secs.to_string();
    conlab(&["py", "--headless", "--max-seconds", &secs, &f], dir)
}
