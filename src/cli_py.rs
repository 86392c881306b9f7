//! `conlab py FILE.py [ARGS…]`: run a learner's own Python program under the
//! lab (see `py`), in the terminal UI or headless.

use std::path::PathBuf;
use std::time::Duration;

use crate::py::{lesson, preflight, PySpec};
use crate::runtime::launch::RunRequest;
use crate::scenario::text::Lang;

#[derive(clap::Args, Debug)]
pub struct PyArgs {
    /// The Python file to run (with the machine's python3, 3.8 or later).
    pub(crate) file: PathBuf,
    /// The program's own arguments (its sys.argv[1:]): conlab's own options
    /// go before them; after `--`, everything is the program's.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub(crate) args: Vec<String>,
    /// No terminal UI: print the JSON-lines event log to stdout.
    #[arg(long)]
    pub(crate) headless: bool,
    /// Also write the event log to this file, for `conlab replay` and `conlab export`.
    #[arg(long)]
    pub(crate) record: Option<PathBuf>,
    /// Let these threads or processes (their actor names, as the lanes show
    /// them) take one instrumented operation each, in this order; the others
    /// run freely, and everyone does once the list ends.
    #[arg(long, value_delimiter = ',')]
    pub(crate) schedule: Vec<String>,
    /// Open in step mode: every thread stops before each instrumented
    /// operation until you let it go (the terminal UI only).
    #[arg(long)]
    pub(crate) step: bool,
    /// Stop the program after this many seconds (1 to 600; default 30).
    #[arg(long, default_value_t = lesson::DEFAULT_MAX_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub(crate) max_seconds: u64,
}

/// Check the file and python3, then run. Exit codes as `run`'s: 0 the
/// program ran to its end, 1 it did not (time limit, a safety limit, quit
/// in headless), 2 it could not run (no file, no python3, a SyntaxError).
pub(crate) fn py_cmd(args: PyArgs, lang: Lang, paint: crate::ui::Paint) -> i32 {
    let plan = match prepare(&args, lang) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    if args.headless {
        if args.step {
            eprintln!(
                "conlab: --step needs the terminal UI to choose turns; headless, use --schedule"
            );
            return 2;
        }
        let mut request = RunRequest::new(plan, rand::random(), 1.0);
        request.record = args.record;
        request.schedule = args.schedule;
        let scenario = lesson::scenario(request.plan.clone());
        let progress = crate::model::lesson::LessonProgress::new(
            &scenario.pages,
            None,
            std::time::Instant::now(),
        );
        return crate::headless::run(request, progress);
    }
    let start = crate::ui::Start::Run {
        scenario: lesson::scenario(plan),
        variant: None,
        sets: Vec::new(),
        seed: None,
        speed: 1.0,
        step: args.step,
        autoplay: false,
        schedule: args.schedule,
        record: args.record,
        replay: None,
    };
    crate::cli::tui(start, lang, paint)
}

/// The run's plan, or the message saying why nothing may start.
fn prepare(args: &PyArgs, lang: Lang) -> Result<crate::scenario::plan::Plan, String> {
    let (file, text) = preflight::read_file(&args.file)?;
    preflight::check_python(&file)?;
    let cwd =
        std::env::current_dir().map_err(|e| format!("conlab py: the current directory: {e}"))?;
    let spec = PySpec {
        file,
        args: args.args.clone(),
        cwd,
    };
    let max = Duration::from_secs(args.max_seconds);
    Ok(lesson::plan(spec, &text, max, lang))
}
