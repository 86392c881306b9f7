use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use super::*;
use crate::event::Outcome;

const ZOMBIE: &str = include_str!("../../scenarios/zombie.toml");

/// A file in the temp directory, removed when dropped.
struct Temp(PathBuf);

impl std::ops::Deref for Temp {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Temp {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn temp(name: &str) -> Temp {
    let dir = std::env::temp_dir();
    Temp(dir.join(format!("conlab-rectest-{}-{name}", std::process::id())))
}

fn started(scenario: &str) -> Event {
    let kind = EventKind::RunStarted {
        scenario: scenario.into(),
        variant: None,
        seed: 1,
        speed: 1.0,
    };
    Event::new(1, "host", 10, kind)
}

fn recipe(source: &str, text: Option<&str>) -> Event {
    let kind = EventKind::Recipe {
        source: source.into(),
        params: Default::default(),
        scenario_text: text.map(str::to_string),
    };
    Event::new(2, "host", 10, kind)
}

fn ended() -> Event {
    let kind = EventKind::RunEnded {
        outcome: Outcome::Completed,
        reason: None,
    };
    Event::new(9, "host", 10, kind)
}

fn write(name: &str, events: &[Event]) -> Temp {
    let path = temp(name);
    let text: String = events.iter().map(|e| e.to_json_line() + "\n").collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// Run `f` on a thread; None if it does not finish within 10 s (a hang).
fn bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10)).ok()
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

#[test]
fn a_recipe_with_the_text_rebuilds_the_plan_without_any_file() {
    let path = write(
        "text.jsonl",
        &[
            started("zombie"),
            recipe("/no/such/file.toml", Some(ZOMBIE)),
            ended(),
        ],
    );
    let rec = Recording::read(&path).unwrap();
    let plan = rec.plan().unwrap();
    assert_eq!(plan.scenario, "zombie");
    assert!(rec.is_complete());
}

#[test]
fn a_recipe_naming_dev_zero_a_fifo_or_a_file_is_refused_without_opening_it() {
    let fifo = temp("recipe-fifo");
    mkfifo(&fifo);
    let own = temp("own.toml");
    std::fs::write(&own, ZOMBIE).unwrap();
    for source in [
        "/dev/zero",
        fifo.to_str().unwrap(),
        "/etc/passwd",
        own.to_str().unwrap(),
        "/tmp",
    ] {
        let path = write(
            "named.jsonl",
            &[started("x"), recipe(source, None), ended()],
        );
        let shown = path.display().to_string();
        // A FIFO with no writer would block an open() for good: bounded.
        let got = bounded(move || Recording::read(&path).and_then(|r| r.plan().map(|_| ())));
        let err = got
            .expect("replay does not hang on the recipe's path")
            .unwrap_err();
        assert!(err.starts_with(&format!("{shown}:2:1: ")), "{err}");
        assert!(
            err.contains("does not open files a recording names"),
            "{err}"
        );
        assert!(
            err.contains("--record"),
            "it says how to record again: {err}"
        );
    }
}

#[test]
fn a_builtin_is_found_by_its_id_or_its_file_and_nothing_else() {
    for source in ["zombie", "scenarios/zombie.toml"] {
        let path = write("builtin.jsonl", &[started("zombie"), recipe(source, None)]);
        let rec = Recording::read(&path).unwrap();
        assert_eq!(rec.plan().unwrap().scenario, "zombie", "{source}");
        assert!(!rec.is_complete());
    }
    assert!(recipe::builtin_named("./scenarios/zombie.toml").is_none());
}

#[test]
fn recording_files_that_are_not_regular_are_refused_before_reading() {
    let fifo = temp("rec-fifo");
    mkfifo(&fifo);
    for path in [
        fifo.to_path_buf(),
        PathBuf::from("/dev/zero"),
        std::env::temp_dir(),
    ] {
        let shown = path.display().to_string();
        let err = bounded(move || Recording::read(&path).err()).expect("no hang");
        let err = err.expect("refused");
        assert!(err.starts_with(&format!("{shown}: is ")), "{err}");
        assert!(err.contains("only from regular files"), "{err}");
    }
}

#[test]
fn too_large_a_file_or_line_is_refused_with_where() {
    let big = temp("big.jsonl");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: no disk used
    let err = Recording::read(&big).err().unwrap();
    assert!(err.contains("larger than 256 MiB"), "{err}");
    std::fs::remove_file(&big).ok();

    let long = temp("long.jsonl");
    let line = format!(
        "{}\n{{\"t_us\":1,\"actor\":\"a\",\"pid\":1,\"event\":\"print\",\"text\":\"{}\"}}\n",
        started("zombie").to_json_line(),
        "x".repeat(MAX_LINE_BYTES)
    );
    std::fs::write(&long, line).unwrap();
    let err = Recording::read(&long).err().unwrap();
    assert_eq!(
        err,
        format!(
            "{}:2:1: this line is longer than 1 MiB, the most a recording's line may be",
            long.display()
        )
    );
}

#[test]
fn a_replay_loads_at_most_its_limit_of_events() {
    let path = write(
        "many.jsonl",
        &[started("zombie"), recipe("zombie", None), ended(), ended()],
    );
    assert!(Recording::read_at_most(&path, 4).is_ok());
    let err = Recording::read_at_most(&path, 3).err().unwrap();
    assert!(
        err.starts_with(&format!(
            "{}:4:1: the recording holds more than 3 events",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn a_last_line_cut_short_is_left_out_with_a_warning() {
    let path = temp("cut.jsonl");
    let text = format!("{}\n{{\"t_us\":3,\"act", started("zombie").to_json_line());
    std::fs::write(&path, text).unwrap();
    let rec = Recording::read(&path).unwrap();
    assert_eq!(rec.events.len(), 1);
    assert_eq!(rec.warnings.len(), 1);
    assert!(rec.warnings[0].starts_with(&format!("{}:2:", path.display())));
    // Cut short in the middle of the file is an error, not a warning.
    std::fs::write(
        &path,
        format!("{{\"t_us\":3,\"act\n{}\n", started("z").to_json_line()),
    )
    .unwrap();
    assert!(Recording::read(&path).is_err());
}

#[test]
fn the_recorder_carries_a_file_scenarios_text_only_while_it_is_the_one_planned() {
    let toml = temp("mine.toml");
    std::fs::write(&toml, ZOMBIE).unwrap();
    let scenario = crate::scenario::load(toml.to_str().unwrap()).unwrap();
    let plan = scenario.plan(None, &[]).unwrap();
    let out = temp("mine.jsonl");
    let line = recipe(&plan.source, None);
    let mut r = Recorder::create(&out, &plan).unwrap();
    r.write_line(&line.to_json_line(), &line);
    drop(r);
    std::fs::remove_file(&toml).unwrap();
    let rec = Recording::read(&out).unwrap();
    assert!(
        matches!(&rec.events[0].kind, EventKind::Recipe { scenario_text: Some(t), .. } if t == ZOMBIE)
    );

    // Edited after it was planned: the text no longer makes this plan.
    std::fs::write(
        &toml,
        ZOMBIE.replace("max_seconds = 30", "max_seconds = 20"),
    )
    .unwrap();
    let mut r = Recorder::create(&out, &plan).unwrap();
    r.write_line(&line.to_json_line(), &line);
    drop(r);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written,
        line.to_json_line() + "\n",
        "written as the host wrote it"
    );
}

#[test]
fn inconsistent_but_well_formed_recordings_are_played_as_written() {
    let print = |t: u64, actor: &str, pid: i32| {
        Event::new(t, actor, pid, EventKind::Print { text: "x".into() })
    };
    let events = vec![
        started("zombie"),
        recipe("zombie", None),
        print(MAX_T_US, "main", 5),   // late, but within the bound
        print(3, "main", 5),          // back in time
        print(4, "never-spawned", 0), // an actor no spawned line named
        ended(),
        ended(), // twice
        print(2, "main", i32::MAX),
    ];
    let path = write("odd.jsonl", &events);
    let rec = Recording::read(&path).unwrap();
    assert_eq!(rec.events, events);
    let plan = rec.plan().unwrap();
    let mut model = crate::model::Model::new(&plan.checks);
    model.declare(&crate::model::Declared::of(&plan));
    for e in &rec.events {
        model.apply(e);
    }
    assert_eq!(model.run.outcome, Some(Outcome::Completed));
    let trace = crate::export::chrome_trace(&rec.events);
    assert!(trace["traceEvents"].as_array().unwrap().len() >= events.len());

    let late = print(MAX_T_US + 1, "main", 5);
    let path = write("late.jsonl", &[started("zombie"), late]);
    let err = Recording::read(&path).err().unwrap();
    assert!(
        err.starts_with(&format!(
            "{}:2:2: \"t_us\" {} is later than any run lasts",
            path.display(),
            MAX_T_US + 1
        )),
        "{err}"
    );
}
