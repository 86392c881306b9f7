//! `conlab explore ID`: every interleaving of a lesson's gated steps, run for
//! real and headless; the outcomes, how many interleavings reach each, and
//! the shortest schedule of each as a command that replays it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::explore::{self, Bound, ExploreSpec, Progress, Report};
use crate::scenario::text::Lang;

#[derive(clap::Args, Debug)]
pub struct ExploreArgs {
    /// Built-in id (see `conlab list`) or path to a scenario file.
    pub scenario: String,
    #[arg(long)]
    pub variant: Option<String>,
    /// Override a parameter: --set NAME=VALUE (repeatable).
    #[arg(long = "set", value_parser = crate::cli::parse_set)]
    pub sets: Vec<(String, String)>,
    /// The actors whose steps are interleaved (default: every actor main starts).
    #[arg(long, value_delimiter = ',')]
    pub actors: Option<Vec<String>>,
    /// At most P preemptions per interleaving, or `none` for every
    /// interleaving (default: every one when they are few, else 2).
    #[arg(long, value_parser = parse_bound)]
    pub bound: Option<Bound>,
    /// Stop after this many real runs.
    #[arg(long)]
    pub max: Option<u64>,
    /// Runs at once.
    #[arg(long, default_value_t = 2)]
    pub workers: usize,
}

fn parse_bound(s: &str) -> Result<Bound, String> {
    if s == "none" {
        return Ok(Bound::Unbounded);
    }
    s.parse::<u32>()
        .map(Bound::Preemptions)
        .map_err(|_| format!("--bound takes a number of preemptions or `none`, not {s:?}"))
}

/// Raised by Ctrl-C: the exploration stops, kills its runs, prints what it found.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_interrupt(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn catch_interrupt() {
    use nix::sys::signal::{sigaction, SaFlags, SigAction, SigHandler, SigSet, Signal};
    let act = SigAction::new(
        SigHandler::Handler(on_interrupt),
        SaFlags::empty(),
        SigSet::empty(),
    );
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        let _ = unsafe { sigaction(sig, &act) };
    }
}

pub fn explore_cmd(args: ExploreArgs, lang: Lang) -> i32 {
    let spec = ExploreSpec {
        id: args.scenario,
        variant: args.variant,
        sets: args.sets,
        actors: args.actors,
        bound: args.bound.unwrap_or(Bound::Auto),
        max: args.max,
        workers: args.workers.max(1),
    };
    let base = match explore::report::base_of(&spec) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            return 2;
        }
    };
    catch_interrupt();
    let mut bar = Bar::new(spec.bound);
    let result = explore::explore(&spec, &mut |p| bar.show(p), &STOP);
    bar.done();
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            return 2;
        }
    };
    let title = crate::cli_explore_print::title(&spec, &base.plan);
    print!(
        "{}",
        crate::cli_explore_print::render(&spec, &title, &report, lang)
    );
    if STOP.load(Ordering::SeqCst) {
        eprintln!("explore: stopped by Ctrl-C; every run was killed and reaped; the counts above are what was found so far");
        return 1;
    }
    0
}

/// Progress on stderr: a bar that redraws on a terminal, else a line every few seconds.
struct Bar {
    tty: bool,
    bound: Bound,
    said_bound: bool,
    last: Option<Instant>,
}

impl Bar {
    fn new(bound: Bound) -> Bar {
        Bar {
            tty: std::io::stderr().is_terminal(),
            bound,
            said_bound: false,
            last: None,
        }
    }

    /// The bound, said up front (once the first run has sized the tree).
    fn say_bound(&mut self, estimate: u64) {
        if self.said_bound {
            return;
        }
        self.said_bound = true;
        let chosen = match self.bound {
            Bound::Auto => explore::auto_bound(estimate),
            Bound::Preemptions(n) => Some(n),
            Bound::Unbounded => None,
        };
        match chosen {
            None => eprintln!("explore: about {estimate} interleavings: exploring every one (no bound)"),
            Some(b) if self.bound == Bound::Auto => eprintln!(
                "explore: about {estimate} interleavings, more than {}: bound of {b} preemptions per interleaving (--bound none for all)",
                explore::AUTO_LIMIT
            ),
            Some(b) => eprintln!("explore: bound of {b} preemptions per interleaving (of about {estimate})"),
        }
    }

    fn show(&mut self, p: &Progress) {
        if let Some(e) = p.estimate {
            self.say_bound(e);
        }
        let every = if self.tty {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(3)
        };
        if self.last.is_some_and(|t| t.elapsed() < every) {
            return;
        }
        self.last = Some(Instant::now());
        let line = progress_line(p, self.bound == Bound::Unbounded || self.said_exhaustive(p));
        if self.tty {
            eprint!("\r\x1b[2K{line}");
        } else {
            eprintln!("{line}");
        }
    }

    fn said_exhaustive(&self, p: &Progress) -> bool {
        self.bound == Bound::Auto && p.estimate.is_some_and(|e| explore::auto_bound(e).is_none())
    }

    fn done(&mut self) {
        if self.tty && self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `[#######.............] 12034 of ~48620 interleavings, 40 runs`
fn progress_line(p: &Progress, exhaustive: bool) -> String {
    match p.estimate.filter(|_| exhaustive) {
        Some(est) if est > 0 => {
            let frac = (p.explored as f64 / est as f64).min(1.0);
            let filled = (frac * 20.0).round() as usize;
            format!(
                "[{}{}] {} of ~{est} interleavings, {} runs",
                "#".repeat(filled),
                ".".repeat(20 - filled),
                p.explored,
                p.runs
            )
        }
        _ => format!("explored {} interleavings, {} runs", p.explored, p.runs),
    }
}

/// The report as `explore` prints it (also used by tests through the binary).
pub fn summary_of(report: &Report) -> String {
    let bound = match report.bound {
        None => "exhaustive".to_string(),
        Some(b) => format!("bound {b}"),
    };
    let secs = report.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        report.interleavings as f64 / secs
    } else {
        0.0
    };
    format!(
        "{} interleavings, {bound}, {} real runs in {secs:.1} s ({rate:.0} interleavings/s){}",
        report.interleavings,
        report.runs,
        if report.complete { "" } else { ", PARTIAL" }
    )
}
