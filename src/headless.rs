//! `conlab run ID --headless`: run without a terminal, print the event log.

use std::io::Write;

use crate::event::{Event, Outcome};
use crate::model::checks::Verdict;
use crate::model::lesson::LessonProgress;
use crate::model::Model;
use crate::runtime::launch::{RunHandle, RunRequest};
use crate::runtime::schedule_log::ScheduleLog;

/// What a headless run does when its reader closes stdout (piped into `head`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnClosed {
    /// Stop the run: nobody reads its log.
    Stop,
    /// Run on without writing: its verdict still counts.
    RunOn,
}

/// A headless run streamed to its end (or until its reader left).
pub(crate) struct Streamed {
    pub turns: ScheduleLog,
    /// Stdout was closed (and, with `OnClosed::Stop`, the run stopped).
    pub reader_gone: bool,
}

/// Start the run and write its events to stdout as JSON lines, handing
/// each to `each` as well; Err(2) when it could not start.
pub(crate) fn stream(
    req: RunRequest,
    on_closed: OnClosed,
    each: &mut dyn FnMut(&Event),
) -> Result<Streamed, i32> {
    let mut handle = RunHandle::start(req).map_err(|e| {
        eprintln!("conlab: {e:#}");
        2
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut reader_gone = false;
    let mut turns = ScheduleLog::default();
    for event in handle.events().iter() {
        turns.note(&event);
        if !reader_gone {
            let written = writeln!(out, "{}", event.to_json_line());
            reader_gone = written.is_err() || (handle.events().is_empty() && out.flush().is_err());
        }
        if reader_gone && on_closed == OnClosed::Stop {
            break;
        }
        each(&event);
    }
    let _ = out.flush();
    if reader_gone && on_closed == OnClosed::Stop {
        handle.stop();
    } else {
        handle.wait();
    }
    Ok(Streamed { turns, reader_gone })
}

/// Run to the end, writing JSON lines to stdout and a summary to stderr.
/// Exit code: 0 when the run completed and every check held, 1 when it ran
/// but not as designed, 2 when it could not run.
pub fn run(req: RunRequest, mut lesson: LessonProgress) -> i32 {
    let own_program = req.plan.python.is_some();
    let mut model = Model::new(&req.plan.checks);
    let each = &mut |event: &Event| {
        model.apply(event);
        lesson.observe(event);
    };
    let done = match stream(req, OnClosed::Stop, each) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if done.reader_gone {
        return 1;
    }
    if let Some(line) = done.turns.line() {
        eprintln!("{line}");
    }
    if let Some(why) = done.turns.error() {
        eprintln!("conlab: {why}");
        return 2;
    }
    tell_pages(&lesson);
    if own_program {
        tell_findings(&model);
    }
    summarize(&model)
}

/// The findings on the learner's own program, as the screen lists them.
fn tell_findings(model: &Model) {
    use crate::model::findings_list::Level;
    let found = model.findings.list();
    if found.is_empty() {
        return;
    }
    eprintln!("findings:");
    for f in found {
        let mark = match f.level {
            Level::Bad => "✗",
            Level::Warn => "!",
            Level::Info => "·",
        };
        eprintln!("  {mark} {}", f.text.en);
    }
}

/// Which lesson pages the run opened: a page waiting for an event that never
/// came is a lesson that cannot be read to its end.
fn tell_pages(lesson: &LessonProgress) {
    let n = lesson.pages.len();
    for i in 0..n {
        if !lesson.reachable(i) {
            eprintln!(
                "page {}/{n} never opened: its wait_for event did not happen",
                i + 1
            );
        }
    }
    let open = (0..n).filter(|&i| lesson.reachable(i)).count();
    eprintln!("lesson: {open} of {n} pages opened");
}

/// How a run that did not complete ended, in words.
fn ended_how(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Completed => "it completed",
        Outcome::Aborted => "it was aborted",
        Outcome::TimedOut => "it reached its time limit (max_seconds)",
        Outcome::Limit => "it reached a safety limit",
        Outcome::HostDied => "the scenario host died",
    }
}

/// The checks' verdicts on stderr, and the exit code they make.
pub(crate) fn summarize(model: &Model) -> i32 {
    let outcome = model.run.outcome;
    for c in &model.checks.items {
        let mark = match c.verdict {
            Verdict::Passed => "ok  ",
            Verdict::Failed => "FAIL",
            Verdict::Pending => "?   ",
        };
        match c.reading(crate::scenario::text::Lang::En) {
            Some(r) => eprintln!("{mark} {}: {r}", c.spec.label.en),
            None => eprintln!("{mark} {}", c.spec.label.en),
        }
    }
    match outcome {
        Some(Outcome::Completed) if model.checks.all_passed() => 0,
        Some(Outcome::Completed) => {
            eprintln!("conlab: the run completed but not every check held");
            1
        }
        Some(other) => {
            let how = ended_how(other);
            match &model.run.end_reason {
                Some(why) => eprintln!("conlab: the run did not complete: {how}: {why}"),
                None => eprintln!("conlab: the run did not complete: {how}"),
            }
            1
        }
        None => {
            eprintln!("conlab: the scenario host ended without finishing the run");
            2
        }
    }
}
