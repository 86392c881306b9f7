//! Each step in words: its verb, its kind of activity and a sentence, from
//! one table (the `step` event's `op`, `activity` and `text`).

use super::plan::*;
use crate::event::Activity;

impl Step {
    /// The verb, its kind of activity and the step in words, from one table.
    fn info(&self) -> (&'static str, Activity, String) {
        let list = |t: &[String]| t.join(", ");
        match self {
            Step::Start(t) => ("start", Activity::Running, format!("start {}", list(t))),
            Step::Join(t) => ("join", Activity::Waiting, format!("join {}", list(t))),
            Step::Print(s) => ("print", Activity::Running, format!("print {:?}", s.en)),
            Step::Sleep(s) => (
                "sleep",
                Activity::Sleeping,
                format!("sleep {}", describe_span(s)),
            ),
            Step::BlockingSleep(s) => super::coroutines::blocking_info(s),
            Step::Work(s) => (
                "work",
                Activity::Working,
                format!("work {}", describe_span(s)),
            ),
            Step::Spin(s) => (
                "spin",
                Activity::Working,
                format!("spin {}", describe_span(s)),
            ),
            Step::Exit(c) => ("exit", Activity::Running, format!("exit {c}")),
            Step::Terminate(t) => (
                "terminate",
                Activity::Running,
                format!("terminate {}", list(t)),
            ),
            Step::IsAlive(t, _) => (
                "is_alive",
                Activity::Running,
                format!("is_alive {}", list(t)),
            ),
            Step::Acquire(l) => ("acquire", Activity::Blocked, format!("acquire {l}")),
            Step::Release(l) => ("release", Activity::Running, format!("release {l}")),
            Step::WaitEvent(e) => ("wait", Activity::Blocked, format!("wait {e}")),
            Step::SetEvent(e, true) => ("set", Activity::Running, format!("set {e}")),
            Step::SetEvent(e, false) => ("clear", Activity::Running, format!("clear {e}")),
            Step::Read { value, into } => {
                ("read", Activity::Running, format!("{into} = read {value}"))
            }
            Step::Write { value, .. } => ("write", Activity::Running, format!("write {value}")),
            Step::Add { value, .. } => ("add", Activity::Running, format!("add to {value}")),
            Step::Let { var, .. } => ("let", Activity::Running, format!("let {var}")),
            Step::If { .. } => ("if", Activity::Running, "if".to_string()),
            Step::Loop(_) => ("loop", Activity::Running, "loop".to_string()),
            Step::Break => ("break", Activity::Running, "break".to_string()),
            Step::Put { queue, block, .. } => (
                "put",
                Activity::Running,
                format!("put into {queue}{}", block.suffix()),
            ),
            Step::Get { queue, block, .. } => (
                "get",
                Activity::Running,
                format!("get from {queue}{}", block.suffix()),
            ),
            Step::Ask {
                queue, question, ..
            } => (
                "ask",
                Activity::Running,
                format!("{queue}.{}()", question.name()),
            ),
            Step::TaskDone(q) => ("task_done", Activity::Running, format!("{q}.task_done()")),
            Step::JoinQueue(q) => ("join_queue", Activity::Waiting, format!("{q}.join()")),
            Step::Send { end, .. } => ("send", Activity::Running, format!("{end}.send()")),
            Step::Recv { end, .. } => ("recv", Activity::Waiting, format!("{end}.recv()")),
            Step::CloseEnd(end) => ("close", Activity::Running, format!("{end}.close()")),
            Step::CreatePool(p) => ("create", Activity::Running, format!("create pool {p}")),
            Step::Apply { pool, .. } => ("apply", Activity::Waiting, format!("{pool}.apply()")),
            Step::Submit { pool, how, .. } => {
                ("submit", Activity::Running, format!("{pool}.{how}()"))
            }
            Step::Map { pool, .. } => ("map", Activity::Waiting, format!("{pool}.map()")),
            Step::Result { handle, .. } => {
                ("result", Activity::Waiting, format!("{handle}.result()"))
            }
            Step::ClosePool(p) => ("close", Activity::Running, format!("{p}.close()")),
            Step::JoinPool(p) => ("join_pool", Activity::Waiting, format!("{p}.join()")),
            Step::Sync(s) => s.info(),
            Step::Timed(t) => t.info(),
            Step::Net(n) => n.info(),
            Step::Line(n) => ("line", Activity::Running, format!("python line {n}")),
            Step::Measure(m) => m.info(),
            Step::Schedule => ("schedule", Activity::Running, "schedule the jobs".into()),
            Step::RunJob(j) => (
                "run_job",
                Activity::Waiting,
                format!("job {j}: wait for the CPU"),
            ),
            Step::ServePool(p) => (
                "serve",
                Activity::Waiting,
                format!("wait for a task of {p}"),
            ),
            Step::HandleResults(p) => (
                "handle_results",
                Activity::Waiting,
                format!("wait for results of {p}"),
            ),
        }
    }

    pub fn op(&self) -> &'static str {
        self.info().0
    }

    pub fn activity(&self) -> Activity {
        self.info().1
    }

    /// The step in words, as a timeline tooltip or status line shows it.
    pub fn describe(&self) -> String {
        self.info().2
    }
}

pub fn describe_span(s: &Span) -> String {
    match s {
        Span::Fixed(d) => format!("{:.2}s", d.as_secs_f64()),
        Span::Between(a, b) => format!("{:.2}..{:.2}s", a.as_secs_f64(), b.as_secs_f64()),
    }
}
