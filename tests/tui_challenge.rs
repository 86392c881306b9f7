//! A challenge played with keys in a pseudo-terminal, as a learner would:
//! oversell the ticket at 80x24, undo the winning step and see the replay
//! said on screen, open the debrief, and leave with the replay command
//! printed. Nothing needs installing.

mod pty;

use std::time::Duration;

use pty::Pty;

const LIMIT: Duration = Duration::from_secs(20);
/// How long one key is given to take its step before it is typed again (the
/// actor may still be finishing its last step, and a grant only reaches a
/// held actor).
const RETRY: Duration = Duration::from_millis(700);

/// Type `key` until the bar counts `steps` steps (bounded).
fn step(t: &Pty, key: &str, steps: u32) {
    let want = format!("steps {steps}/16");
    for _ in 0..(LIMIT.as_millis() / RETRY.as_millis()) {
        t.send(key);
        if t.poll_until(RETRY, |s| s.contains(&want)).is_some() {
            return;
        }
    }
    panic!("{want} never came; the screen:\n{}", t.screen());
}

#[test]
fn oversell_is_won_with_keys_and_undo_replays_the_rest() {
    let mut t = Pty::start("run ticket-grab --challenge oversell", 80, 24);
    t.wait_for("Goal: sell the one ticket twice", LIMIT);
    t.wait_for("steps 0/16 · 1 buyer0 2 buyer1", LIMIT);
    let keys = ["1", "1", "1", "2", "2", "2", "1", "1", "1", "2", "2", "2"];
    for (i, key) in keys.iter().enumerate() {
        if t.screen().contains("WON") {
            break;
        }
        step(&t, key, i as u32 + 1);
    }
    let won = t.wait_for("WON: sell the one ticket twice", LIMIT);
    assert!(!won.contains("LOST"), "{won}");
    t.send("u");
    let replayed = t.wait_until("the undo said", LIMIT, |s| {
        s.contains("replayed ") && s.contains("steps (undo, ")
    });
    let steps = t.wait_for("Goal:", LIMIT);
    assert!(
        !steps.contains("WON"),
        "the winning step is undone:\n{replayed}"
    );
    t.send("d");
    let debrief = t.wait_for("Debrief", LIMIT);
    assert!(debrief.contains("Your schedule: buyer"), "{debrief}");
    t.send("d");
    t.send("l");
    t.wait_for("目标：", LIMIT);
    t.send("q");
    t.wait_for(
        "conlab run ticket-grab --variant no-lock --set buyers=2 --schedule buyer",
        LIMIT,
    );
    t.assert_clean_exit(LIMIT);
}
