//! `conlab run LESSON --challenge ID --headless --schedule a,b,...`: play a
//! challenge with a schedule, without a terminal. The event log goes to
//! stdout as in any headless run; the verdict (`WON: …` / `LOST: …`, in the
//! language of `--lang`) and the schedule played go to stderr.

use crate::headless::{stream, OnClosed};
use crate::model::challenge::{Play, Status};
use crate::runtime::launch::RunRequest;
use crate::scenario::challenge::Challenge;
use crate::scenario::text::Lang;

/// Run to the end; exit 0 when won, 1 when lost, 2 when it could not run.
pub fn run(req: RunRequest, challenge: &Challenge, lang: Lang) -> i32 {
    let mut play = Play::new(challenge);
    // A closed stdout does not stop the run: the verdict still counts.
    let done = match stream(req, OnClosed::RunOn, &mut |e| play.apply(e)) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let turns = done.turns;
    eprintln!("schedule: {}", play.schedule().join(","));
    if let Some(why) = turns.error() {
        // The schedule asked for a step that cannot be taken: bad input, no verdict.
        eprintln!("conlab: {why}");
        return 2;
    }
    let line = play.verdict_line(&challenge.goal, lang);
    eprintln!("{}", line.unwrap_or_default());
    match play.status {
        Status::Won => 0,
        Status::Lost(_) => 1,
        Status::Playing => 2,
    }
}

/// A `--schedule` that names an actor the challenge does not let the
/// learner step: the position (from 1) and a sentence, or None when fine.
pub fn bad_schedule(challenge: &Challenge, schedule: &[String]) -> Option<String> {
    let (i, bad) = schedule
        .iter()
        .enumerate()
        .find(|(_, a)| !challenge.actors.contains(a))?;
    Some(format!(
        "--schedule position {}: {bad} is not an actor you control in challenge {} ({})",
        i + 1,
        challenge.id,
        challenge.actors.join(", ")
    ))
}
