//! The explorer panel in the real TUI, through a pseudo-terminal: `x` on
//! thread-race with two threads explores every interleaving for real, the
//! panel's counts add up, Enter replays the chosen schedule (the same end
//! as the headless replay of that schedule), and closing the panel while it
//! explores leaves no process behind.

mod pty;

use std::time::{Duration, Instant};

use pty::{keys, Pty};

const LIMIT: Duration = Duration::from_secs(30);
/// Two threads explore in seconds; the bound leaves room for a loaded machine.
const EXPLORE: Duration = Duration::from_secs(180);
const QUIT: Duration = Duration::from_secs(15);
const ESC: &str = "\x1b";

/// The panel's rows (inside its frame), trimmed.
fn rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.trim().trim_matches('│').trim().to_string())
        .collect()
}

/// The histogram: the total it names, and each outcome's (label, count, percent).
fn histogram(screen: &str) -> (u64, Vec<(String, u64, u64)>) {
    let rows = rows(screen);
    let at = rows
        .iter()
        .position(|r| r.starts_with("Outcomes of "))
        .unwrap_or_else(|| panic!("no histogram:\n{screen}"));
    let total = rows[at]
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("Outcomes of N interleavings");
    let bars = rows[at + 1..]
        .iter()
        .take_while(|r| r.ends_with('%'))
        .map(|r| {
            let mut words = r.rsplitn(3, ' ').filter(|w| !w.is_empty());
            let pct = words.next().unwrap().trim_end_matches('%').parse().unwrap();
            let rest = words.next().unwrap().trim_end();
            let (head, count) = rest.rsplit_once(' ').unwrap();
            let label = head.trim_end_matches(['█', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '·', ' ']);
            (label.to_string(), count.trim().parse().unwrap(), pct)
        })
        .collect();
    (total, bars)
}

/// The final `n` main prints, in a line of text (the last mention: the
/// step event before it quotes the line with `{final}`).
fn final_n(text: &str) -> Option<i64> {
    let at = text.rfind("all threads joined, n = ")?;
    let digits: String = text[at + 24..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().ok()
}

/// What main prints at the end of a headless run of `schedule`.
fn headless_end(schedule: &str) -> i64 {
    let out = std::process::Command::new(pty::BIN)
        .args(["run", "thread-race", "--set", "threads=2", "--headless"])
        .args(["--schedule", schedule])
        .output()
        .expect("run conlab headless");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{schedule}: {out:?}");
    final_n(&stdout).unwrap_or_else(|| panic!("no final n for {schedule}:\n{stdout}"))
}

/// The schedule of a list row, from its runs of turns (`thread0×2 thread1`)
/// back to `thread0,thread0,thread1`.
fn expand(row: &str) -> String {
    assert!(
        !row.contains('…'),
        "the row shows the whole schedule: {row}"
    );
    let words: Vec<&str> = row.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "steps").expect("N steps") + 1;
    let mut turns = Vec::new();
    for w in &words[at..] {
        let (name, n) = w.split_once('×').unwrap_or((w, "1"));
        turns.extend(std::iter::repeat_n(name, n.parse().unwrap()));
    }
    turns.join(",")
}

/// `conlab explore`'s own report of the same exploration (stdout).
fn headless_explore() -> String {
    let out = std::process::Command::new(pty::BIN)
        .args(["explore", "thread-race", "--set", "threads=2"])
        .output()
        .expect("run conlab explore");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `x`, and the panel's screen once the exploration has ended well.
fn explored(t: &Pty) -> String {
    t.send("x");
    let screen = t.wait_until("the exploration ends", EXPLORE, |s| {
        s.contains("Outcomes of ") || s.contains("could not explore")
    });
    assert!(!screen.contains("could not explore"), "{screen}");
    screen
}

#[test]
fn x_explores_thread_race_and_enter_replays_the_chosen_schedule() {
    let mut t = Pty::start("run thread-race --set threads=2", 120, 40);
    t.wait_for("ENDED", LIMIT);
    let screen = explored(&t);
    assert!(screen.contains("complete"), "{screen}");
    let (total, bars) = histogram(&screen);
    println!("{total} interleavings: {bars:?}");
    assert!(bars.len() >= 2, "a race has more than one end:\n{screen}");
    let sum: u64 = bars.iter().map(|b| b.1).sum();
    assert_eq!(
        sum, total,
        "the bars add up to the interleavings:\n{screen}"
    );
    assert!(bars.iter().all(|b| b.1 > 0), "{screen}");
    let pct: u64 = bars.iter().map(|b| b.2).sum();
    assert!((99..=101).contains(&pct), "{screen}");
    assert!(bars.windows(2).all(|w| w[0].1 >= w[1].1), "most first");
    // The same counts as `conlab explore` finds.
    let cli = headless_explore();
    assert!(
        cli.contains(&format!(": {total} interleavings, exhaustive")),
        "{cli}"
    );
    for (label, count, _) in &bars {
        let label = label.split_once(' ').unwrap().1;
        let said = format!("{count}  {label}");
        assert!(
            cli.lines().any(|l| l.trim_start().starts_with(&said)),
            "{said}:\n{cli}"
        );
    }

    // Down the list to the rarest outcome's shortest schedule, and replay it.
    let last = bars.len().to_string();
    let chosen_row = |screen: &str| {
        rows(screen)
            .into_iter()
            .find(|r| r.starts_with('▸'))
            .expect("a chosen row")
    };
    let mut chosen = chosen_row(&screen);
    for i in 2..=30 {
        if chosen.split_whitespace().nth(1) == Some(last.as_str()) {
            break;
        }
        t.send(keys::DOWN);
        let at = format!("({i}/");
        chosen = chosen_row(&t.wait_until("the next row is chosen", LIMIT, |s| s.contains(&at)));
    }
    assert!(chosen.contains("shortest"), "{chosen}");
    let schedule = expand(&chosen);
    assert!(schedule.contains("thread"), "{chosen}");
    // Its outcome, by the number both lists give it, and its label.
    let number: usize = chosen.split_whitespace().nth(1).unwrap().parse().unwrap();
    let label = bars[number - 1].0.split_once(' ').unwrap().1.to_string();
    let end = headless_end(&schedule);
    assert!(
        label.starts_with(&format!("n = {end}")),
        "the headless replay ends at n = {end}: {label}"
    );
    t.send(keys::ENTER);
    // The run's own outcome line says what the panel said of this schedule.
    let screen = t.wait_until("the replayed run ends as its schedule does", LIMIT, |s| {
        !s.contains("Outcomes of ")
            && s.contains("SCHEDULE")
            && s.lines().nth(1).is_some_and(|l| l.contains(&label))
    });
    assert!(screen.contains("ENDED"), "{screen}");

    // Reopened, the result is there at once.
    t.send("x");
    let again = t.wait_until("the result, kept", Duration::from_secs(2), |s| {
        s.contains("Outcomes of ")
    });
    assert_eq!(histogram(&again).0, total);
    t.send("x");
    t.wait_until("x closes the panel", LIMIT, |s| !s.contains("Outcomes of "));
    t.send("q");
    t.assert_clean_exit(QUIT);
}

/// Wait (bounded) until the UI has (`some`) or has no processes below it.
fn wait_runs(t: &Pty, some: bool, what: &str) -> Vec<i32> {
    let began = Instant::now();
    loop {
        let below = conlab::runtime::observer::descendants(t.pid());
        if below.is_empty() != some {
            return below;
        }
        assert!(began.elapsed() < LIMIT, "{what}: {below:?}\n{}", t.screen());
        t.poll_until(Duration::from_millis(20), |_| false);
    }
}

#[test]
fn closing_the_panel_stops_the_exploration_and_every_run_it_started() {
    // Five threads: far too many interleavings to finish while we look.
    let mut t = Pty::start("run thread-race --set threads=5", 80, 24);
    t.wait_for("ENDED", LIMIT);
    wait_runs(&t, false, "the lesson's own run has ended");
    t.send("x");
    t.wait_for("exploring", LIMIT);
    let runs = wait_runs(&t, true, "the exploration runs lessons below the UI");
    println!("runs under way: {runs:?}");
    t.send(ESC);
    t.wait_until("Esc closes the panel", LIMIT, |s| !s.contains("exploring"));
    wait_runs(&t, false, "every run of the exploration has ended");
    // Again, and quit in the middle of it: nothing is left either.
    t.send("x");
    t.wait_for("exploring", LIMIT);
    wait_runs(&t, true, "exploring again");
    t.send(keys::CTRL_C);
    t.assert_clean_exit(QUIT);
}

#[test]
fn on_a_challenge_the_panel_marks_the_winning_outcomes() {
    let mut t = Pty::start("run thread-race --challenge lost-update", 80, 24);
    t.wait_for("steps 0/8", LIMIT);
    let screen = explored(&t);
    let (total, bars) = histogram(&screen);
    assert_eq!(total, 20, "{screen}");
    // Winning first, each outcome marked, and the share that wins.
    assert!(bars[0].0.starts_with("1 ✔ wins: n = 99"), "{screen}");
    assert_eq!(bars[0].1, 18, "{screen}");
    assert!(
        bars[1].0.starts_with("2 ✘ does not win: n = 98"),
        "{screen}"
    );
    assert!(
        screen.contains("18 of 20 win the challenge (90%)"),
        "{screen}"
    );
    t.send("w");
    let only = t.wait_for("winning only, w: all", LIMIT);
    assert!(!only.contains("2 ✘ shortest"), "{only}");
    t.send(keys::ENTER);
    t.wait_until("the chosen winning schedule wins again", LIMIT, |s| {
        s.contains("WON") && !s.contains("Outcomes of ")
    });
    t.send("q");
    t.assert_clean_exit(QUIT);
}
