//! The plan and the one lesson page of a learner's program: named after the
//! file, its text as the code pane's listing (in both languages), no
//! declared actors (the program tells who it starts), and a page saying what
//! the lab sees and what it cannot.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::PySpec;
use crate::scenario::pages::Page;
use crate::scenario::plan::Plan;
use crate::scenario::text::{Lang, Text};
use crate::scenario::Scenario;

/// `--max-seconds` when it is not given.
pub const DEFAULT_MAX_SECONDS: u64 = 30;

/// The plan of one run of `spec`, whose file holds `text`.
pub fn plan(spec: PySpec, text: &str, max: Duration, lang: Lang) -> Plan {
    let name = file_name(&spec.file);
    let mut params = BTreeMap::new();
    if !spec.args.is_empty() {
        params.insert("args".to_string(), spec.args.join(" "));
    }
    Plan {
        scenario: name,
        variant: None,
        actors: Vec::new(),
        checks: Vec::new(),
        module: Vec::new(),
        max_duration: max,
        locks: Vec::new(),
        values: Vec::new(),
        queues: Vec::new(),
        pipes: Vec::new(),
        pools: Vec::new(),
        sockets: Vec::new(),
        tables: Vec::new(),
        source: spec.file.display().to_string(),
        params,
        listing: Some(Text::new(text, text)),
        switch_interval_us: None,
        lang,
        schedule: None,
        python: Some(spec),
    }
}

/// The scenario the UI shows for `plan` (made by `plan` above).
pub fn scenario(plan: Plan) -> Scenario {
    let name = plan.scenario.clone();
    let title = Text::new(
        &format!("Your own program: {name}"),
        &format!("你自己的程序：{name}"),
    );
    // The page points at the code pane: the learner's own file comes first.
    let page = Page {
        panel: Some("code".into()),
        ..Page::plain(page_text(&name))
    };
    Scenario::fixed(plan, title, vec![page])
}

/// A recorded run of a learner's program, built again from its recipe
/// (`source` the file's path, `params` its args, `text` the file's text):
/// a replay needs neither the file nor python.
pub fn replayed(source: &str, params: &BTreeMap<String, String>, text: &str) -> Scenario {
    let spec = PySpec {
        file: source.into(),
        args: params
            .get("args")
            .map(|a| a.split(' ').map(String::from).collect())
            .unwrap_or_default(),
        cwd: "/".into(),
    };
    let max = Duration::from_secs(DEFAULT_MAX_SECONDS);
    scenario(plan(spec, text, max, Lang::En))
}

/// Before each live run of a learner's program in the terminal UI (the
/// first, and each rerun `r`): the file's text as it is now, and python3's
/// word on it, so an edit between runs is what runs and is listed, and a
/// SyntaxError is put on screen before anything starts. Not for a replay.
pub fn refresh(plan: &mut Plan) -> Result<(), String> {
    let Some(spec) = &plan.python else {
        return Ok(());
    };
    let (_, text) = super::preflight::read_file(&spec.file)?;
    super::preflight::check_python(&spec.file)?;
    plan.listing = Some(Text::new(&text, &text));
    Ok(())
}

/// Whether a recipe's source names a learner's Python file.
pub fn is_python_source(source: &str) -> bool {
    source.ends_with(".py")
}

fn file_name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// What the lab sees of a learner's program, and what it cannot.
pub fn page_text(name: &str) -> Text {
    Text::new(
        &format!(
            "This is your own program, {name}, running on the real python3. The lab sees what \
             it does through Python's threading, multiprocessing, queue, asyncio, \
             concurrent.futures, socket and time modules: each thread, process and asyncio task \
             as a lane, at its line of your \
             file in the code pane; locks with their owner and their waiting line; queues; \
             prints; and, from the operating system, zombies, orphans and who adopts them. A \
             deadlock between your threads or processes is found and drawn.\n\n\
             It cannot see locks that C extensions take on their own, nor the GIL itself: \
             those are not shown. A deadlock can be broken with the keys the banner shows: \
             the lab (not Python, which would wait for ever) raises \
             conlab_trace.DeadlockBroken in the thread you pick, at its lock wait, or kills \
             the process you pick. Step mode (s) holds each thread before each operation the \
             lab sees, so you can make a race happen on demand. What the program writes to stderr (a traceback) appears in the log as \
             `stderr:` lines; its stdin is empty."
        ),
        &format!(
            "这是你自己的程序 {name}，运行在真实的 python3 上。实验室通过 Python 的 threading、\
             multiprocessing、queue、asyncio、concurrent.futures、socket 和 time 模块看到它做了什么：\
             每个线程、进程和 asyncio 任务是一条泳道，代码窗格里标出它正在执行你文件的哪一行；\
             锁的持有者和等待队列；队列；打印；以及操作系统报告的僵尸进程、孤儿进程和收养者。\
             线程或进程之间的死锁会被发现并画出来。\n\n\
             它看不到 C 扩展自己加的锁，也看不到 GIL 本身：这些不会显示。\
             死锁可以用横幅上显示的按键打破：由实验室（而不是 Python——它会永远等下去）\
             在你选中的线程的锁等待处抛出 conlab_trace.DeadlockBroken，或者杀掉你选中的进程。\
             单步模式（s）让每个线程在实验室看得到的每个操作之前停下，这样你可以按需让竞争发生。程序写到 stderr 的内容（例如 traceback）\
             会以 `stderr:` 行出现在日志里；它的标准输入是空的。"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_named_after_the_file_and_lists_its_text() {
        let spec = PySpec {
            file: "/home/u/counter.py".into(),
            args: vec!["3".into(), "x".into()],
            cwd: "/home/u".into(),
        };
        let p = plan(spec, "print(1)\n", Duration::from_secs(5), Lang::Zh);
        assert_eq!(p.scenario, "counter.py");
        assert_eq!(p.source, "/home/u/counter.py");
        assert_eq!(p.params.get("args").map(String::as_str), Some("3 x"));
        let listing = p.listing.clone().unwrap();
        assert_eq!(
            (listing.en.as_str(), listing.zh.as_str()),
            ("print(1)\n", "print(1)\n")
        );
        assert!(p.actors.is_empty());
        let s = scenario(p.clone());
        assert_eq!(s.plan(None, &[]).unwrap(), p);
        assert_eq!(s.pages.len(), 1);
        assert!(s.pages[0].text.en.contains("GIL") && s.pages[0].text.zh.contains("GIL"));
        let again = replayed("/home/u/counter.py", &p.params, "print(1)\n");
        assert_eq!(
            again.plan(None, &[]).unwrap().python.unwrap().args,
            ["3", "x"]
        );
    }
}
