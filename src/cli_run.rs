//! `conlab run` and `conlab rec`: a scenario run in the terminal UI or
//! headless, and a lesson recorded as an asciicast.

use std::path::PathBuf;

use crate::cli::{parse_set, parse_speed, tui};
use crate::runtime::launch::RunRequest;
use crate::scenario::{self, text::Lang};

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// Built-in id (see `conlab list`) or path to a scenario file.
    pub(crate) scenario: String,
    #[arg(long)]
    pub(crate) variant: Option<String>,
    /// Speed factor for sleeps and work (0.05 to 4). Default: the lesson's
    /// pace in the terminal UI (the race lessons open slow), else 1.
    #[arg(long, value_parser = parse_speed)]
    pub(crate) speed: Option<f64>,
    /// Seed for every random choice.
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Override a parameter: --set NAME=VALUE (repeatable).
    #[arg(long = "set", value_parser = parse_set)]
    pub(crate) sets: Vec<(String, String)>,
    /// No terminal UI: print the JSON-lines event log to stdout.
    #[arg(long)]
    pub(crate) headless: bool,
    /// Let these actors take one step each, in this order (buyer0,buyer1,...);
    /// actors not named run freely, and everyone does once the list ends.
    #[arg(long, value_delimiter = ',')]
    pub(crate) schedule: Vec<String>,
    /// Open in step mode: every actor stops before each step until you let it go.
    #[arg(long)]
    pub(crate) step: bool,
    /// Turn the lesson's pages by themselves (for a session under `asciinema rec`).
    #[arg(long)]
    pub(crate) autoplay: bool,
    /// Also write the event log to this file, for `conlab replay` and `conlab export`.
    #[arg(long)]
    pub(crate) record: Option<PathBuf>,
    /// Play one of the lesson's challenges: you are the scheduler of its
    /// actors (with --headless, --schedule plays it and the exit code says
    /// won 0 / lost 1).
    #[arg(long)]
    pub(crate) challenge: Option<String>,
}

/// `conlab rec`'s arguments.
#[derive(clap::Args, Debug)]
pub struct RecArgs {
    /// Built-in id or path to a scenario file.
    pub(crate) scenario: String,
    #[arg(long)]
    pub(crate) variant: Option<String>,
    /// Override a parameter: --set NAME=VALUE (repeatable).
    #[arg(long = "set", value_parser = parse_set)]
    pub(crate) sets: Vec<(String, String)>,
    /// Speed factor (0.05 to 4); default: the lesson's pace, else 1.
    #[arg(long, value_parser = parse_speed)]
    pub(crate) speed: Option<f64>,
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// The cast file to write.
    #[arg(short, long)]
    pub(crate) out: PathBuf,
    #[arg(long, default_value_t = 120)]
    pub(crate) width: u16,
    #[arg(long, default_value_t = 40)]
    pub(crate) height: u16,
}

pub(crate) fn run_cmd(args: RunArgs, lang: Lang, paint: crate::ui::Paint) -> i32 {
    let scenario = match scenario::load(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    if let Some(id) = &args.challenge {
        let play = crate::cli_challenge::ChallengeArgs {
            id: id.clone(),
            headless: args.headless,
            schedule: args.schedule.clone(),
            seed: args.seed,
            speed: args.speed,
            record: args.record.clone(),
            custom: args.variant.is_some() || !args.sets.is_empty() || args.step,
        };
        return crate::cli_challenge::run(play, scenario, lang, paint);
    }
    let plan = match scenario.plan(args.variant.as_deref(), &args.sets) {
        Ok(p) => scenario::plan::Plan { lang, ..p },
        Err(e) => {
            eprintln!("conlab: {e}");
            return 2;
        }
    };
    if let Some((i, bad)) =
        (args.schedule.iter().enumerate()).find(|(_, a)| plan.actor(a).is_none())
    {
        let names: Vec<&str> = plan.actors.iter().map(|a| a.name.as_str()).collect();
        eprintln!(
            "conlab: --schedule position {}: {bad} is not an actor of this run ({})",
            i + 1,
            names.join(", ")
        );
        return 2;
    }
    if args.headless {
        if args.step {
            eprintln!(
                "conlab: --step needs the terminal UI to choose turns; headless, use --schedule"
            );
            return 2;
        }
        let seed = args.seed.unwrap_or_else(rand::random);
        // Headless runs are read by programs, not watched: no pace.
        let mut request = RunRequest::new(plan, seed, args.speed.unwrap_or(1.0));
        request.auto_break = true;
        request.schedule = args.schedule;
        request.record = args.record;
        let lesson = crate::model::lesson::LessonProgress::new(
            &scenario.pages,
            request.plan.variant.as_deref(),
            std::time::Instant::now(),
        );
        return crate::headless::run(request, lesson);
    }
    let speed = args
        .speed
        .or(scenario.pace_of(plan.variant.as_deref()))
        .unwrap_or(1.0);
    let start = crate::ui::Start::Run {
        scenario,
        variant: plan.variant,
        sets: args.sets,
        seed: args.seed,
        speed,
        step: args.step,
        autoplay: args.autoplay,
        schedule: args.schedule,
        record: args.record,
        replay: None,
    };
    tui(start, lang, paint)
}

/// `conlab rec`: record a lesson as an asciicast file.
pub(crate) fn rec_cmd(args: RecArgs, lang: Lang, paint: crate::ui::Paint) -> i32 {
    let RecArgs {
        scenario,
        variant,
        sets,
        speed,
        seed,
        out,
        width,
        height,
    } = args;
    let Ok(loaded) = scenario::load(&scenario).map_err(|e| eprintln!("{e}")) else {
        return 2;
    };
    let speed = speed.or(loaded.pace_of(variant.as_deref())).unwrap_or(1.0);
    let start = crate::ui::Start::Run {
        scenario: loaded,
        variant,
        sets,
        seed,
        speed,
        step: false,
        autoplay: true,
        schedule: Vec::new(),
        record: None,
        replay: None,
    };
    match crate::ui::record_cast(start, lang, paint, &out, (width.max(20), height.max(10))) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("conlab: {e:#}");
            2
        }
    }
}
