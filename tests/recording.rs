//! `--record`, `conlab replay --headless` and `conlab export --chrome`:
//! a recording holds exactly the log, replays to the same lines and verdict
//! with no process, and exports a trace Perfetto can load.

mod common;

use std::time::Duration;

use common::conlab;

fn temp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("conlab-rec-{}-{name}", std::process::id()))
}

#[test]
fn a_recording_replays_to_the_same_log_and_verdict() {
    let file = temp("pc.jsonl");
    let path = file.to_str().unwrap();
    let args = [
        "run",
        "producer-consumer",
        "--variant",
        "bounded",
        "--set",
        "items=3",
        "--speed",
        "4",
        "--headless",
        "--record",
        path,
    ];
    let live = conlab(&args, Duration::from_secs(60));
    assert_eq!(live.code, 0, "{}", live.stderr);
    let recorded = std::fs::read_to_string(&file).unwrap();
    assert_eq!(recorded, live.stdout, "the recording is the event log");
    assert!(
        recorded.contains(r#""event":"recipe""#),
        "it says how to rebuild the plan"
    );
    assert!(
        recorded.contains(r#""items":"3""#),
        "with the parameters set"
    );

    let replayed = conlab(&["replay", path, "--headless"], Duration::from_secs(20));
    assert_eq!(replayed.code, 0, "{}", replayed.stderr);
    assert_eq!(replayed.stdout, recorded, "replay prints the same lines");
    assert_eq!(
        replayed
            .stderr
            .lines()
            .filter(|l| l.starts_with("ok"))
            .count(),
        live.stderr.lines().filter(|l| l.starts_with("ok")).count(),
        "the same checks hold"
    );
    std::fs::remove_file(&file).ok();
}

#[test]
fn the_chrome_export_loads_as_json_with_the_required_fields() {
    let file = temp("dl.jsonl");
    let trace = temp("trace.json");
    let (path, out) = (file.to_str().unwrap(), trace.to_str().unwrap());
    let live = conlab(
        &[
            "run",
            "deadlock-processes",
            "--headless",
            "--speed",
            "4",
            "--record",
            path,
        ],
        Duration::from_secs(60),
    );
    assert_eq!(live.code, 0, "{}", live.stderr);
    let done = conlab(
        &["export", path, "--chrome", "-o", out],
        Duration::from_secs(20),
    );
    assert_eq!(done.code, 0, "{}", done.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&trace).unwrap()).expect("the trace is JSON");
    let events = json["traceEvents"].as_array().expect("traceEvents");
    assert!(events.len() > 20);
    for e in events {
        for field in ["name", "ph", "pid", "tid"] {
            assert!(e.get(field).is_some(), "{field} missing in {e}");
        }
        if e["ph"] != "M" {
            assert!(e["ts"].is_u64(), "ts in {e}");
        }
    }
    assert!(events.iter().any(|e| e["ph"] == "X"), "steps are slices");
    assert!(
        events.iter().any(|e| e["name"] == "deadlock"),
        "the deadlock is marked"
    );
    std::fs::remove_file(&file).ok();
    std::fs::remove_file(&trace).ok();
}

#[test]
fn a_damaged_recording_is_refused_with_its_position() {
    let file = temp("bad.jsonl");
    std::fs::write(
        &file,
        "{\"t_us\":1,\"actor\":\"host\",\"pid\":1,\"event\":\"print\",\"text\":\"x\"}\n{oops\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let f = conlab(&["replay", path, "--headless"], Duration::from_secs(10));
    assert_eq!(f.code, 2);
    assert!(f.stderr.contains(&format!("{path}:2:")), "{}", f.stderr);
    assert!(f.stdout.is_empty(), "nothing is played from a damaged file");
    std::fs::remove_file(&file).ok();
}

#[test]
fn conlab_rec_writes_a_valid_asciicast_v2_that_restores_the_terminal() {
    // At 1x main leaves its zombie for seconds: /proc is sure to see it.
    let cast = temp("zombie.cast");
    let out = cast.to_str().unwrap();
    let f = conlab(
        &[
            "rec", "zombie", "-o", out, "--speed", "1", "--width", "100", "--height", "30",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(f.code, 0, "{}", f.stderr);
    let text = std::fs::read_to_string(&cast).unwrap();
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["version"], 2);
    assert_eq!(header["width"], 100);
    assert_eq!(header["height"], 30);
    let frames: Vec<serde_json::Value> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(frames.len() > 5, "the run is drawn frame by frame");
    let mut last = 0.0;
    let mut screen = String::new();
    for f in &frames {
        let t = f[0].as_f64().expect("a time");
        assert!(t >= last, "times never go back: {t} after {last}");
        last = t;
        assert!(f[1] == "o" || f[1] == "m", "output or marker: {f}");
        if f[1] == "o" {
            screen.push_str(f[2].as_str().expect("output text"));
        }
    }
    let labels = markers(&frames);
    let pages: Vec<&str> = labels
        .iter()
        .filter(|l| l.starts_with("page "))
        .map(|l| &l[..8])
        .collect();
    assert_eq!(
        pages,
        ["page 1/5", "page 2/5", "page 3/5", "page 4/5", "page 5/5"],
        "{labels:?}"
    );
    let at = |prefix: &str| labels.iter().position(|l| l.starts_with(prefix)).unwrap();
    assert!(
        at("zombie: child (pid ") < at("page 3/5"),
        "the zombie, then its page: {labels:?}"
    );
    let end = frames.iter().rposition(|f| f[1] == "o").unwrap();
    assert!(
        frames[end..].iter().all(|f| f[1] == "o"),
        "the cast ends on output"
    );
    assert!(
        screen.contains("Zombie process"),
        "the lesson's screen is in it"
    );
    assert!(screen.contains("ENDED"), "to the end of the run");
    let end = frames.last().unwrap()[2].as_str().unwrap();
    assert!(
        end.contains("\u{1b}[0m") && end.contains("\u{1b}[?25h"),
        "attributes reset, cursor shown"
    );
    std::fs::remove_file(&cast).ok();
}

/// The marker labels of a cast's events, in file order (times checked apart).
fn markers(frames: &[serde_json::Value]) -> Vec<String> {
    frames
        .iter()
        .filter(|f| f[1] == "m")
        .map(|f| f[2].as_str().expect("a label").to_string())
        .collect()
}

#[test]
fn a_cast_marks_the_orphan_lesson_pages_and_adoption_in_chinese() {
    let cast = temp("orphan.cast");
    let out = cast.to_str().unwrap();
    let args = ["rec", "orphan", "-o", out, "--speed", "4", "--lang", "zh"];
    let f = conlab(&args, Duration::from_secs(90));
    assert_eq!(f.code, 0, "{}", f.stderr);
    let text = std::fs::read_to_string(&cast).unwrap();
    let frames: Vec<serde_json::Value> = text
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let marks: Vec<(f64, &str)> = frames
        .iter()
        .filter(|f| f[1] == "m")
        .map(|f| (f[0].as_f64().unwrap(), f[2].as_str().unwrap()))
        .collect();
    assert!(
        marks.windows(2).all(|w| w[0].0 <= w[1].0),
        "in time order: {marks:?}"
    );
    let labels: Vec<&str> = marks.iter().map(|m| m.1).collect();
    let at = |prefix: &str| {
        let i = labels.iter().position(|l| l.starts_with(prefix));
        i.unwrap_or_else(|| panic!("no {prefix:?} in {labels:?}"))
    };
    let pages: Vec<usize> = (1..=5).map(|n| at(&format!("第 {n}/5 页："))).collect();
    assert!(
        pages.windows(2).all(|w| w[0] < w[1]),
        "pages in order: {labels:?}"
    );
    assert!(
        at("孤儿被收养：child 由 pid ") < pages[2],
        "adopted, then its page: {labels:?}"
    );
    std::fs::remove_file(&cast).ok();
}

#[test]
fn a_file_scenario_replays_from_its_recording_alone() {
    let toml = temp("own.toml");
    let file = temp("own.jsonl");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/zombie.toml");
    std::fs::copy(&source, &toml).unwrap();
    let (scenario, path) = (toml.to_str().unwrap(), file.to_str().unwrap());
    let args = [
        "run",
        scenario,
        "--speed",
        "4",
        "--headless",
        "--record",
        path,
    ];
    let live = conlab(&args, Duration::from_secs(60));
    assert_eq!(live.code, 0, "{}", live.stderr);
    std::fs::remove_file(&toml).unwrap();
    let recorded = std::fs::read_to_string(&file).unwrap();
    assert!(
        recorded.contains(r#""scenario_text":"format = 1"#),
        "the recipe carries the text"
    );

    let replayed = conlab(&["replay", path, "--headless"], Duration::from_secs(20));
    assert_eq!(replayed.code, 0, "{}", replayed.stderr);
    assert_eq!(replayed.stdout, recorded, "replay prints the same lines");
    std::fs::remove_file(&file).ok();
}

#[test]
fn replay_and_export_refuse_a_fifo_without_waiting_for_a_writer() {
    let fifo = temp("fifo.jsonl");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let path = fifo.to_str().unwrap();
    let out = temp("fifo-trace.json");
    for args in [
        vec!["replay", path, "--headless"],
        vec!["replay", path],
        vec!["export", path, "--chrome", "-o", out.to_str().unwrap()],
    ] {
        // `conlab` kills the command and fails the test past its limit.
        let f = conlab(&args, Duration::from_secs(10));
        assert_eq!(f.code, 2, "{args:?}");
        assert!(
            f.stderr
                .starts_with(&format!("{path}: is a named pipe (FIFO)")),
            "{}",
            f.stderr
        );
    }
    assert!(!out.exists(), "no trace is left behind");
    std::fs::remove_file(&fifo).ok();
}

#[test]
fn export_will_not_write_its_trace_over_the_recording() {
    let file = temp("self.jsonl");
    let line = r#"{"t_us":1,"actor":"host","pid":1,"event":"print","text":"x"}"#;
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let path = file.to_str().unwrap();
    let f = conlab(
        &["export", path, "--chrome", "-o", path],
        Duration::from_secs(10),
    );
    assert_eq!(f.code, 2);
    assert!(
        f.stderr.contains("would overwrite the recording"),
        "{}",
        f.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), format!("{line}\n"));
    std::fs::remove_file(&file).ok();
}

#[test]
fn a_recording_damaged_late_plays_nothing() {
    let file = temp("late.jsonl");
    let lines = [
        r#"{"t_us":1,"actor":"host","pid":1,"event":"run_started","scenario":"zombie","seed":1,"speed":1.0}"#,
        r#"{"t_us":2,"actor":"host","pid":1,"event":"recipe","source":"zombie"}"#,
        r#"{"t_us":3,"actor":"host","pid":1,"event":"print","text":"x"}"#,
        r#"{"t_us":4,"actor":"host","pid":1,"event":"print","text":"x","tid":"seven"}"#,
    ];
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let path = file.to_str().unwrap();
    let f = conlab(&["replay", path, "--headless"], Duration::from_secs(10));
    assert_eq!(f.code, 2);
    let col = lines[3].find("\"tid\"").unwrap() + 1;
    assert!(
        f.stderr.starts_with(&format!(
            "{path}:4:{col}: in this \"print\" event, \"tid\" should be a whole number"
        )),
        "{}",
        f.stderr
    );
    assert!(f.stdout.is_empty(), "nothing is played from a damaged file");
    std::fs::remove_file(&file).ok();
}
