//! The fixture scenario, its checks, and run states built from `events`.

use std::collections::BTreeMap;

use super::events::{ending, events};
use crate::event::{Activity, Event, EventKind};
use crate::model::Model;
use crate::scenario::plan::{CheckSpec, Expect};
use crate::scenario::text::Text;
use crate::scenario::Scenario;
use crate::ui::state::RunState;

const SCENARIO: &str = r#"
format = 1
id = "zombie-lab"
title = { en = "Zombie process", zh = "僵尸进程" }
summary = { en = "A child exits before its parent collects it: it lingers as Z.", zh = "子进程退出后父进程还没回收：它以 Z 状态留着。" }

[lesson]
en = """
A process that has ended keeps its pid and exit status until its parent collects them with wait(). Until then it is a zombie: ps shows Z <defunct>.

Watch the child's lane turn into Z."""
zh = """
进程结束后, 内核保留它的 pid 和退出状态, 直到父进程用 wait() 取走。在那之前它是僵尸进程: ps 显示 Z <defunct>。

请看子进程的时间线变成 Z。""""

[[actors]]
name = "main"
kind = "process"
script = [ { start = "child" }, { sleep = "1s" }, { join = "child" } ]

[[actors]]
name = "child"
kind = "process"
parent = "main"
script = [ { exit = 0 } ]

[[variants]]
name = "late-join"
label = { en = "join after 4 s", zh = "4 秒后才 join" }

[[variants]]
name = "never-join"
label = { en = "never join", zh = "从不 join" }
"#;

/// The scenario the fixture run belongs to (parsed, as `Scenario` keeps its source).
pub fn scenario() -> Scenario {
    Scenario::parse("fixture.toml", SCENARIO).expect("fixture scenario parses")
}

/// A second, plain scenario for the picker list.
pub fn catalogue() -> Vec<Scenario> {
    let mut orphan = scenario();
    orphan.id = "orphan".into();
    orphan.title = Text::new("Orphan process", "孤儿进程");
    orphan.summary = Text::new(
        "The parent exits first; the host adopts the child.",
        "父进程先退出，子进程被宿主收养。",
    );
    orphan.variants.clear();
    let mut daemon = orphan.clone();
    daemon.id = "daemon-process".into();
    daemon.title = Text::new("Daemon process", "守护进程");
    daemon.summary = Text::new(
        "A daemon child is killed the moment main's code ends.",
        "主进程代码一结束，守护子进程就被终止。",
    );
    vec![scenario(), orphan, daemon]
}

fn check(
    en: &str,
    zh: &str,
    event: &str,
    actor: &str,
    field: Option<(&str, serde_json::Value)>,
) -> CheckSpec {
    CheckSpec {
        label: Text::new(en, zh),
        event: event.into(),
        actor: Some(actor.into()),
        fields: field
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>(),
        or_fields: Default::default(),
        expect: Expect::Seen,
        after_previous: false,
        compare: None,
    }
}

fn checks() -> Vec<CheckSpec> {
    vec![
        check(
            "the child exits while main is busy",
            "子进程在 main 忙碌时退出",
            "exited",
            "child",
            Some(("code", 0.into())),
        ),
        check(
            "/proc reports the child as Z",
            "/proc 显示子进程为 Z",
            "proc_state",
            "child",
            Some(("state", "Z".into())),
        ),
        check(
            "main reaps it with join()",
            "main 用 join() 回收了它",
            "reaped",
            "child",
            None,
        ),
        check(
            "the host adopts the orphan",
            "宿主收养了孤儿进程",
            "reparented",
            "orphan",
            None,
        ),
    ]
}

/// A model fed with `events`.
pub fn model_of(events: &[Event]) -> Model {
    let mut m = Model::new(&checks());
    for e in events {
        m.apply(e);
    }
    m
}

/// The run state the screen draws, mid-run.
pub fn run_state() -> RunState {
    let mut run = RunState::new(scenario(), Some("late-join".into()), 1.0);
    run.model = model_of(&events());
    run
}

/// The same run after it completed.
pub fn ended_run_state() -> RunState {
    let mut all = events();
    all.extend(ending());
    let mut run = run_state();
    run.model = model_of(&all);
    run
}

/// A run screen drawn at `w`x`h` in `lang` with `pane` below, as text.
pub fn screen(
    run: &RunState,
    lang: crate::scenario::text::Lang,
    pane: crate::ui::state::Pane,
    w: u16,
    h: u16,
) -> String {
    let ui = crate::ui::state::UiState {
        lang,
        pane,
        help: false,
        ..crate::ui::state::UiState::default()
    };
    screen_with(run, &ui, w, h)
}

/// A run screen drawn at `w`x`h` with these screen choices, as text.
pub fn screen_with(run: &RunState, ui: &crate::ui::state::UiState, w: u16, h: u16) -> String {
    let t = super::draw(&crate::ui::screen::RunScreen { run, ui }, w, h);
    format!("{}", t.backend())
}

/// `who` begins a step described as `text` (its verb is the first word).
pub fn step(t: u64, who: &str, pid: i32, text: &str, activity: Activity) -> Event {
    let op = text.split(' ').next().unwrap_or("").to_string();
    let kind = EventKind::Step {
        index: 0,
        op,
        text: text.to_string(),
        activity,
        line: None,
        targets: None,
    };
    Event::new(t, who, pid, kind)
}

/// `who` prints `text`.
pub fn say(t: u64, who: &str, pid: i32, text: impl Into<String>) -> Event {
    let text = text.into();
    Event::new(t, who, pid, EventKind::Print { text })
}
