//! `conlab run LESSON --challenge ID`: the learner is the scheduler. The
//! challenge fixes the variant and parameters; its actors are the gated ones.

use std::path::PathBuf;

use crate::runtime::launch::RunRequest;
use crate::scenario::text::Lang;
use crate::scenario::Scenario;

/// What the command line said about a challenge run.
pub struct ChallengeArgs {
    pub id: String,
    pub headless: bool,
    pub schedule: Vec<String>,
    pub seed: Option<u64>,
    pub speed: Option<f64>,
    pub record: Option<PathBuf>,
    /// --variant, --set or --step were given too (refused: the challenge decides).
    pub custom: bool,
}

/// Exit 0 won / 1 lost (headless), 2 for a bad challenge id or schedule.
pub fn run(args: ChallengeArgs, scenario: Scenario, lang: Lang, paint: crate::ui::Paint) -> i32 {
    let challenge = match scenario.challenge(&args.id) {
        Ok(c) => c.clone(),
        Err(e) => {
            eprintln!("conlab: {e}");
            return 2;
        }
    };
    if args.custom {
        eprintln!(
            "conlab: --challenge sets the variant, the parameters and step mode itself; \
             drop --variant, --set and --step"
        );
        return 2;
    }
    if let Some(why) = crate::headless_challenge::bad_schedule(&challenge, &args.schedule) {
        eprintln!("conlab: {why}");
        return 2;
    }
    let plan = match scenario.plan(challenge.variant.as_deref(), &challenge.sets) {
        Ok(p) => crate::scenario::plan::Plan { lang, ..p },
        Err(e) => {
            eprintln!("conlab: {e}");
            return 2;
        }
    };
    if args.headless {
        let seed = args.seed.unwrap_or_else(rand::random);
        let mut req = RunRequest::new(plan, seed, args.speed.unwrap_or(1.0));
        req.auto_break = true;
        req.gate = Some(challenge.actors.clone());
        req.schedule = args.schedule;
        req.record = args.record;
        return crate::headless_challenge::run(req, &challenge, lang);
    }
    let start = crate::ui::Start::Challenge {
        scenario,
        challenge,
        seed: args.seed,
        speed: args.speed.unwrap_or(1.0),
        schedule: args.schedule,
        record: args.record,
    };
    crate::cli::tui(start, lang, paint)
}
