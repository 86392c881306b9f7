//! The command line (see design.md: `list`, `run`, `check`), plus the hidden
//! roles this program plays when it re-executes itself.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::scenario::{self, text::Lang};

#[derive(Parser, Debug)]
#[command(
    name = "conlab",
    version,
    about = "A terminal lab for concurrency: real processes and threads, animated live"
)]
struct Cli {
    /// Language of lesson text: zh or en (default: from the locale).
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Look of the screen: light, dark, or projector (bold, bright on black,
    /// thick borders, for the back of a classroom). Default: light when the
    /// terminal's background is light (COLORFGBG, or its answer to OSC 11),
    /// else dark; `standard` is dark. NO_COLOR turns colour off in all three.
    #[arg(long, global = true, value_parser = crate::ui::Theme::parse)]
    theme: Option<crate::ui::Theme>,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Print the built-in scenarios, one a line: id, then title.
    List,
    /// Run a scenario (a built-in id or a TOML file).
    Run(crate::cli_run::RunArgs),
    /// Validate scenario files; problems are printed as FILE:LINE:COL: message.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Play a run recorded with --record back, with no real process.
    Replay {
        file: PathBuf,
        /// Print the recorded event log and judge the checks, without a terminal UI.
        #[arg(long)]
        headless: bool,
        /// Playback speed in the terminal UI (0.05 to 4).
        #[arg(long, default_value_t = 1.0, value_parser = parse_speed)]
        speed: f64,
    },
    /// Record a lesson as an asciicast v2 file (play it with asciinema or its
    /// web player); the run is real, drawn off screen, no terminal needed.
    Rec(crate::cli_run::RecArgs),
    /// Run your own Python program (3.8 or later) live: its threads, processes,
    /// locks, queues and deadlocks, with the code pane on your file.
    Py(crate::cli_py::PyArgs),
    /// Run a lesson once per interleaving of its actors' steps (real, headless)
    /// and count the outcomes; each outcome's shortest schedule replays it.
    Explore(crate::cli_explore::ExploreArgs),
    /// Convert a run recorded with --record.
    Export {
        file: PathBuf,
        /// Chrome trace-event JSON (open it in Perfetto or chrome://tracing).
        #[arg(long, required = true)]
        chrome: bool,
        /// Where to write it.
        #[arg(short, long)]
        out: PathBuf,
    },
}

pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        _ => Err(format!("{s:?}: use zh or en")),
    }
}

/// `--speed X`: a number from `SPEED_MIN` to `SPEED_MAX`, never clamped.
pub(crate) fn parse_speed(s: &str) -> Result<f64, String> {
    let (lo, hi) = (scenario::SPEED_MIN, scenario::SPEED_MAX);
    match s.trim().parse::<f64>() {
        Ok(x) if (lo..=hi).contains(&x) => Ok(x),
        Ok(_) => Err(format!(
            "{s} is out of range: use a speed from {lo} to {hi}"
        )),
        Err(_) => Err(format!(
            "{s:?} is not a number: use a speed from {lo} to {hi}"
        )),
    }
}

/// https://no-color.org: NO_COLOR present and not empty means no colour.
fn no_color(var: Option<std::ffi::OsString>) -> bool {
    var.is_some_and(|v| !v.is_empty())
}

pub(crate) fn parse_set(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("{s:?}: write NAME=VALUE"))
}

/// Run the program; returns the process exit code.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("__host") => return crate::runtime::host::main(),
        Some("__manager") if args.len() >= 3 => {
            return crate::runtime::manager::main(std::path::Path::new(&args[2]), &args[3..])
        }
        Some("__worker") if args.len() == 4 => {
            crate::runtime::worker::main(std::path::Path::new(&args[2]), &args[3])
        }
        _ => {}
    }
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    // Only a screen this terminal shows asks for its background (a cast is
    // watched elsewhere); the query itself waits for no terminal that is not one.
    let on_screen = match &cli.command {
        None => true,
        Some(Cmd::Run(r)) => !r.headless,
        Some(Cmd::Py(p)) => !p.headless,
        Some(Cmd::Replay { headless, .. }) => !headless,
        Some(_) => false,
    };
    let theme = cli.theme.unwrap_or_else(|| {
        if on_screen {
            crate::ui::detect_theme()
        } else {
            crate::ui::Theme::default()
        }
    });
    let paint = crate::ui::Paint {
        theme,
        no_color: no_color(std::env::var_os("NO_COLOR")),
    };
    match cli.command {
        None => tui(crate::ui::Start::Picker, lang, paint),
        Some(Cmd::List) => list(),
        Some(Cmd::Check { files }) => check(&files),
        Some(Cmd::Run(run)) => crate::cli_run::run_cmd(run, lang, paint),
        Some(Cmd::Replay {
            file,
            headless,
            speed,
        }) => crate::cli_replay::replay(&file, headless, speed, lang, paint),
        Some(Cmd::Rec(rec)) => crate::cli_run::rec_cmd(rec, lang, paint),
        Some(Cmd::Py(py)) => crate::cli_py::py_cmd(py, lang, paint),
        Some(Cmd::Export { file, out, .. }) => crate::cli_replay::export_chrome(&file, &out),
        Some(Cmd::Explore(args)) => crate::cli_explore::explore_cmd(args, lang),
    }
}

fn list() -> i32 {
    for s in scenario::builtin() {
        println!("{:<18} {} / {}", s.id, s.title.en, s.title.zh);
    }
    0
}

fn check(files: &[PathBuf]) -> i32 {
    let mut bad = 0;
    for f in files {
        let name = f.display().to_string();
        let result = scenario::load_file(&name);
        match result {
            Ok(s) => println!("{name}: ok ({}, {} variants)", s.id, s.variants.len()),
            Err(e) => {
                eprintln!("{e}");
                bad += 1;
            }
        }
    }
    if bad == 0 {
        0
    } else {
        1
    }
}

pub(crate) fn tui(start: crate::ui::Start, lang: Lang, paint: crate::ui::Paint) -> i32 {
    match crate::ui::run_tui(start, lang, paint) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_counts_only_when_set_and_not_empty() {
        assert!(!no_color(None));
        assert!(!no_color(Some("".into())));
        assert!(no_color(Some("1".into())));
    }

    #[test]
    fn a_speed_outside_the_range_is_an_error_naming_it() {
        assert_eq!(parse_speed("0.05"), Ok(0.05));
        assert_eq!(parse_speed("4"), Ok(4.0));
        for bad in ["10", "0.01", "0", "-1", "nan", "inf"] {
            let err = parse_speed(bad).unwrap_err();
            assert!(err.contains("from 0.05 to 4"), "{bad}: {err}");
        }
        assert!(parse_speed("fast").unwrap_err().contains("not a number"));
        let cli = Cli::try_parse_from(["conlab", "run", "thread-race", "--speed", "10"]);
        assert!(cli.is_err(), "--speed 10 is refused, not clamped");
        let cli = Cli::parse_from(["conlab", "run", "thread-race"]);
        let Some(Cmd::Run(run)) = cli.command else {
            panic!("a run")
        };
        assert_eq!(run.speed, None, "the lesson's pace decides");
    }

    #[test]
    fn theme_is_taken_before_and_after_run() {
        use crate::ui::Theme;
        let cli = Cli::parse_from(["conlab", "--theme", "projector"]);
        assert_eq!(cli.theme, Some(Theme::Projector));
        let cli = Cli::parse_from(["conlab", "run", "deadlock", "--theme", "light"]);
        assert_eq!(cli.theme, Some(Theme::Light));
        let cli = Cli::parse_from(["conlab", "--theme", "standard"]);
        assert_eq!(cli.theme, Some(Theme::Dark), "the old name still works");
        assert_eq!(
            Cli::parse_from(["conlab"]).theme,
            None,
            "found out, not assumed"
        );
        let err = Cli::try_parse_from(["conlab", "--theme", "pink"]).unwrap_err();
        assert!(
            err.to_string().contains("use light, dark or projector"),
            "{err}"
        );
    }
}
