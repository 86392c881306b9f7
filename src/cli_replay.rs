//! `conlab replay FILE` and `conlab export FILE --chrome`: a recording read as
//! untrusted data (see `recording`). Errors are `FILE:LINE:COL: message`.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::event::EventKind;
use crate::export::ExportError;
use crate::model::Model;
use crate::recording::{Header, Reader, Recording};
use crate::scenario::text::Lang;

/// `conlab replay FILE [--headless] [--speed X]`.
pub fn replay(file: &Path, headless: bool, speed: f64, lang: Lang, paint: crate::ui::Paint) -> i32 {
    let (lo, hi) = (crate::scenario::SPEED_MIN, crate::scenario::SPEED_MAX);
    if !(lo..=hi).contains(&speed) {
        eprintln!("conlab: --speed {speed} is out of range: use a speed from {lo} to {hi}");
        return 2;
    }
    if headless {
        return replay_headless(file);
    }
    let rec = match Recording::read(file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    for w in &rec.warnings {
        eprintln!("{w}");
    }
    // Build the plan now, so a bad recording is told before the screen is taken.
    let scenario = match rec.header.scenario().and_then(|s| rec.plan().map(|_| s)) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let start = crate::ui::Start::Run {
        scenario,
        variant: rec.header.variant(),
        sets: rec.header.sets(),
        seed: None,
        speed,
        step: false,
        autoplay: false,
        schedule: Vec::new(),
        record: None,
        replay: Some(rec.events),
    };
    match crate::ui::run_tui(start, lang, paint) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            1
        }
    }
}

/// `conlab replay FILE --headless`: print the recorded lines exactly as they
/// were written and judge the checks again, with no process started. The file
/// is read twice, one line at a time (any length up to the file limit): once
/// to check it, once to play it. The exit code is what the recorded run's
/// would have been.
pub fn replay_headless(file: &Path) -> i32 {
    let plan = match Header::scan(file).and_then(|h| h.plan()) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let mut reader = match Reader::open(file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let mut model = Model::new(&plan.checks);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut ended = false;
    loop {
        match reader.next_line() {
            Ok(Some(line)) => {
                if writeln!(out, "{}", line.text).is_err() {
                    return 1;
                }
                model.apply(&line.event);
                ended = matches!(line.event.kind, EventKind::RunEnded { .. });
            }
            Ok(None) => break,
            Err(e) => {
                let _ = out.flush();
                return fail(&e);
            }
        }
    }
    let _ = out.flush();
    if let Some(w) = &reader.cut_short {
        eprintln!("{w}");
    }
    if !ended {
        eprintln!("conlab: the recording stops before run_ended (cut short?)");
    }
    crate::headless::summarize(&model)
}

/// `conlab export FILE --chrome -o OUT`, streaming; a failed export leaves no partial OUT.
pub fn export_chrome(file: &Path, out: &Path) -> i32 {
    let mut reader = match Reader::open(file) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    if same_file(file, out) {
        return fail(&format!(
            "conlab: {}: the trace would overwrite the recording; choose another -o",
            out.display()
        ));
    }
    let written = std::fs::File::create(out)
        .map_err(|e| format!("conlab: {}: {e}", out.display()))
        .and_then(|f| {
            crate::export::chrome_from(&mut reader, BufWriter::new(f)).map_err(|e| match e {
                ExportError::Read(e) => e,
                ExportError::Write(e) => format!("conlab: {}: {e}", out.display()),
            })
        });
    if let Some(w) = &reader.cut_short {
        eprintln!("{w}");
    }
    match written {
        Ok(()) => 0,
        Err(e) => {
            if std::fs::symlink_metadata(out).is_ok_and(|m| m.is_file()) {
                let _ = std::fs::remove_file(out);
            }
            fail(&e)
        }
    }
}

/// Whether `a` and `b` are one file (same device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

fn fail(message: &str) -> i32 {
    eprintln!("{message}");
    2
}
