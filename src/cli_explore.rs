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
    /// Judge every run by this challenge of the lesson (it sets the variant,
    /// the parameters and the actors): which outcomes win it.
    #[arg(long)]
    pub challenge: Option<String>,
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
        challenge: args.challenge,
    };
    if spec.challenge.is_some() && (spec.variant.is_some() || !spec.sets.is_empty()) {
        eprintln!(
            "conlab: {}",
            tr(
                lang,
                "--challenge sets the variant and the parameters itself; drop --variant and --set",
                "--challenge 会自己设定变体和参数；请去掉 --variant 和 --set"
            )
        );
        return 2;
    }
    let base = match explore::report::base_of(&spec) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            return 2;
        }
    };
    catch_interrupt();
    let mut bar = Bar::new(spec.bound, lang);
    let result = explore::explore(&spec, &mut |p| bar.show(p), &STOP);
    bar.done();
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            return 2;
        }
    };
    let title = crate::cli_explore_print::title(&spec, &base.plan, lang);
    print!(
        "{}",
        crate::cli_explore_print::render(&spec, &title, &report, lang)
    );
    if STOP.load(Ordering::SeqCst) {
        eprintln!(
            "{}",
            tr(
                lang,
                "explore: stopped by Ctrl-C; every run was killed and reaped; the counts above are what was found so far",
                "explore：已按 Ctrl-C 停止；每次运行都已结束并回收；上面的计数是到目前为止找到的"
            )
        );
        return 1;
    }
    0
}

/// Progress on stderr: a bar that redraws on a terminal, else a line every few seconds.
struct Bar {
    tty: bool,
    lang: Lang,
    bound: Bound,
    said_bound: bool,
    last: Option<Instant>,
}

impl Bar {
    fn new(bound: Bound, lang: Lang) -> Bar {
        Bar {
            tty: std::io::stderr().is_terminal(),
            lang,
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
        let limit = explore::AUTO_LIMIT;
        // A saturated multinomial: say so rather than print u64::MAX.
        let estimate = if estimate == u64::MAX {
            "10^19+".to_string()
        } else {
            estimate.to_string()
        };
        let line = match chosen {
            None => tr(
                self.lang,
                &format!("explore: about {estimate} interleavings: exploring every one (no bound)"),
                &format!("explore：约 {estimate} 种交错：逐一探索（不设上限）"),
            ),
            Some(b) if self.bound == Bound::Auto => tr(
                self.lang,
                &format!("explore: about {estimate} interleavings, more than {limit}: bound of {b} preemptions per interleaving (--bound none for all)"),
                &format!("explore：约 {estimate} 种交错，超过 {limit}：每种交错最多 {b} 次抢占（--bound none 探索全部）"),
            ),
            Some(b) => tr(
                self.lang,
                &format!("explore: bound of {b} preemptions per interleaving (of about {estimate})"),
                &format!("explore：每种交错最多 {b} 次抢占（共约 {estimate} 种）"),
            ),
        };
        eprintln!("{line}");
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
        let exhaustive = self.bound == Bound::Unbounded || self.said_exhaustive(p);
        let line = progress_line(p, exhaustive, self.lang);
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
fn progress_line(p: &Progress, exhaustive: bool, lang: Lang) -> String {
    let (n, runs) = (p.explored, p.runs);
    match p.estimate.filter(|_| exhaustive) {
        Some(est) if est > 0 => {
            let frac = (n as f64 / est as f64).min(1.0);
            let filled = (frac * 20.0).round() as usize;
            let bar = format!("[{}{}]", "#".repeat(filled), ".".repeat(20 - filled));
            tr(
                lang,
                &format!("{bar} {n} of ~{est} interleavings, {runs} runs"),
                &format!("{bar} {n} / 约 {est} 种交错，{runs} 次运行"),
            )
        }
        _ => tr(
            lang,
            &format!("explored {n} interleavings, {runs} runs"),
            &format!("已探索 {n} 种交错，{runs} 次运行"),
        ),
    }
}

pub(crate) fn tr(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        _ => en.to_string(),
    }
}

/// The report's header after the title, in the screen's language.
pub fn summary_of(report: &Report, lang: Lang) -> String {
    let secs = report.elapsed.as_secs_f64();
    let rate = if secs > 0.0 {
        report.interleavings as f64 / secs
    } else {
        0.0
    };
    let (n, runs) = (report.interleavings, report.runs);
    let en_bound = report
        .bound
        .map_or("exhaustive".to_string(), |b| format!("bound {b}"));
    let zh_bound = report
        .bound
        .map_or("穷举".to_string(), |b| format!("抢占上限 {b}"));
    let (en_part, zh_part) = if report.complete {
        ("", "")
    } else {
        (", PARTIAL", "，PARTIAL（未完成）")
    };
    tr(
        lang,
        &format!("{n} interleavings, {en_bound}, {runs} real runs in {secs:.1} s ({rate:.0} interleavings/s){en_part}"),
        &format!("{n} 种交错，{zh_bound}，{runs} 次真实运行，用时 {secs:.1} 秒（每秒 {rate:.0} 种交错）{zh_part}"),
    )
}
