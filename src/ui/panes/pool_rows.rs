//! One pool's rows in the pools panel: its head, a row per worker, how many
//! pids served the tasks, the callbacks, and the task list.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::actors::Actors;
use super::blocks::{bold, Rows};
use super::para::flow;
use super::theme::{dim, faint, GOOD};
use super::width::str_width;
use super::words::{tr, Words};
use crate::event::ActorKind;
use crate::model::pools::{Pool, Task, TaskState, Worker};
use crate::model::queues::item_text;
use crate::scenario::text::Lang;

/// How a task's state looks: its mark, colour and word.
fn task_look(state: TaskState) -> (&'static str, Style, Words) {
    match state {
        TaskState::Pending => ("·", dim(), Words::new("pending", "等待中")),
        TaskState::Running => (
            "▶",
            bold().fg(Color::LightYellow),
            Words::new("running on", "运行于"),
        ),
        TaskState::Done => ("✓", Style::new().fg(GOOD), Words::new("done", "完成")),
        TaskState::Collected => ("✓", bold().fg(GOOD), Words::new("collected", "已取回")),
    }
}

/// `#3 apply_async(3)`: the task as its submitter called it.
fn call(t: &Task) -> String {
    format!("#{} {}({})", t.id, t.how, item_text(t.arg))
}

fn colored(name: &str, actors: &Actors) -> Span<'static> {
    Span::styled(name.to_string(), Style::new().fg(actors.color(name)))
}

/// What differs between a process pool and a thread pool, in one place.
pub(in crate::ui) struct KindLook {
    name: Words,
    /// Workers are told apart by thread id, all in the owner's pid.
    thread: bool,
    /// What serves the tasks, one and many (`pid:`, `threads`), and in Chinese.
    one: &'static str,
    many: &'static str,
    zh: &'static str,
}

pub(in crate::ui) fn kind_look(kind: ActorKind) -> KindLook {
    match kind {
        ActorKind::Process => KindLook {
            name: Words::new("process pool", "进程池"),
            thread: false,
            one: "pid:",
            many: "pids:",
            zh: "进程",
        },
        ActorKind::Thread | ActorKind::Coroutine => KindLook {
            name: Words::new("thread pool", "线程池"),
            thread: true,
            one: "thread",
            many: "threads",
            zh: "线程",
        },
    }
}

/// One pool's rows, `width` cells wide.
pub(in crate::ui) struct PoolRows<'a> {
    pub pool: &'a Pool,
    pub look: KindLook,
    pub actors: &'a Actors<'a>,
    pub lang: Lang,
    pub width: usize,
}

impl PoolRows<'_> {
    /// `pool  process pool of 2  closed`.
    fn head(&self) -> Rows {
        let p = self.pool;
        let kind = self.look.name.get(self.lang);
        let kind = match self.lang {
            Lang::En => format!("{kind} of {}", p.size),
            Lang::Zh => format!("{kind} · {} 个工作者", p.size),
        };
        let mut groups = vec![
            vec![Span::styled(p.name.clone(), bold().fg(Color::LightYellow))],
            vec![Span::styled(kind, dim())],
        ];
        if p.closed {
            let closed = tr(self.lang, "closed", "已关闭");
            groups.push(vec![Span::styled(closed, bold())]);
        }
        flow(groups, self.width)
    }

    /// `pool-w0  pid 1234  ● busy task 3  done 2` (the count only where it fits).
    fn worker(&self, w: &Worker, pad: usize) -> Line<'static> {
        let lane = self.actors.lane(&w.actor);
        let id = if self.look.thread {
            let tid = w.tid.or(lane.and_then(|l| l.tid));
            tid.map(|t| format!("tid {t}"))
        } else {
            w.pid.or(lane.map(|l| l.pid)).map(|p| format!("pid {p}"))
        };
        let id = id.unwrap_or_else(|| "pid –".to_string());
        let name = format!("{:<pad$}", w.actor);
        let mut spans = vec![
            Span::styled(name, Style::new().fg(self.actors.color(&w.actor))),
            Span::styled(format!("  {id:<8}  "), dim()),
        ];
        spans.push(match (w.task, self.lang) {
            (Some(t), Lang::En) => {
                Span::styled(format!("● busy task {t}"), bold().fg(Color::LightYellow))
            }
            (Some(t), Lang::Zh) => {
                Span::styled(format!("● 忙：任务 {t}"), bold().fg(Color::LightYellow))
            }
            (None, _) => Span::styled(tr(self.lang, "○ idle", "○ 空闲"), dim()),
        });
        let done = match self.lang {
            Lang::En => format!("  done {}", w.done),
            Lang::Zh => format!("  完成 {}", w.done),
        };
        if Line::from(spans.clone()).width() + str_width(&done) <= self.width {
            spans.push(Span::styled(done, dim()));
        }
        Line::from(spans)
    }

    /// `6 tasks served by 2 pids: 1234, 1235`.
    fn summary(&self) -> Rows {
        let p = self.pool;
        let n = p
            .tasks()
            .iter()
            .filter(|t| t.state >= TaskState::Running)
            .count();
        let m = p.servers();
        let pids: Vec<String> = p.pids().iter().map(i32::to_string).collect();
        let pids = pids.join(", ");
        let look = &self.look;
        let pids = match (look.thread, self.lang) {
            (false, _) => pids,
            (true, Lang::En) => format!("in pid {pids}"),
            (true, Lang::Zh) => format!("(pid {pids})"),
        };
        let text = match (self.lang, n) {
            (_, 0) => tr(self.lang, "no task started yet", "还没有任务开始").to_string(),
            (Lang::En, _) => {
                let tasks = if n == 1 { "task" } else { "tasks" };
                let by = if m == 1 { look.one } else { look.many };
                format!("{n} {tasks} served by {m} {by}")
            }
            (Lang::Zh, _) => {
                let colon = if look.thread { "" } else { ":" };
                format!("{n} 个任务由 {m} 个{}完成{colon}", look.zh)
            }
        };
        let pids = if n == 0 { String::new() } else { pids };
        let style = bold().fg(Color::LightCyan);
        let one = format!("{text} {pids}");
        if str_width(&one) <= self.width || pids.is_empty() {
            return vec![Line::styled(one.trim_end().to_string(), style)];
        }
        let groups = vec![
            vec![Span::styled(text, style)],
            vec![Span::styled(pids, style)],
        ];
        flow(groups, self.width)
    }

    /// `callbacks: task 4 → 16  task 1 → 1`, the latest that fit in two rows.
    fn callbacks(&self) -> Rows {
        let p = self.pool;
        if p.callbacks_total == 0 {
            return Vec::new();
        }
        let label = tr(self.lang, "callbacks:", "回调：");
        let mut room = (2 * self.width).saturating_sub(str_width(label) + 2);
        let mut groups: Vec<Vec<Span<'static>>> = Vec::new();
        for c in p.callbacks().rev() {
            let text = match self.lang {
                Lang::En => format!("task {} → {}", c.task, item_text(c.result)),
                Lang::Zh => format!("任务 {} → {}", c.task, item_text(c.result)),
            };
            let cost = str_width(&text) + 2;
            if cost > room && !groups.is_empty() {
                break;
            }
            room = room.saturating_sub(cost);
            groups.push(vec![Span::styled(
                text,
                Style::new().fg(Color::LightMagenta),
            )]);
        }
        groups.push(vec![Span::styled(label, dim())]);
        groups.reverse();
        flow(groups, self.width)
    }

    /// `#3 apply_async(5)  ▶ running on pool-w1`, `#0 map(0)  ✓ collected → 0`;
    /// where that is too wide, the state's word goes: `#3 apply_async(5)  ▶ pool-w1`.
    fn task_row(&self, t: &Task, pad: usize) -> Line<'static> {
        let (mark, style, word) = task_look(t.state);
        let row = |word: &str| {
            let state = match word {
                "" => format!("  {mark}"),
                word => format!("  {mark} {word}"),
            };
            let mut spans = vec![
                Span::raw(format!("{:<pad$}", call(t))),
                Span::styled(state, style),
            ];
            match (t.state, &t.worker, t.result) {
                (TaskState::Running, Some(w), _) => {
                    spans.extend([Span::raw(" "), colored(w, self.actors)]);
                }
                (_, _, Some(r)) => {
                    spans.push(Span::styled(format!(" → {}", item_text(r)), bold()));
                }
                _ => {}
            }
            Line::from(spans)
        };
        let full = row(word.get(self.lang));
        if full.width() <= self.width || t.state != TaskState::Running {
            return full;
        }
        row("")
    }

    /// Every task as a row when `room` allows, else packed: `#0 ✓0  #3 ▶  #5 ·`.
    fn tasks(&self, room: usize) -> Rows {
        let tasks = self.pool.tasks();
        if room == 0 {
            return Vec::new();
        }
        if tasks.len() <= room {
            let pad = tasks.iter().map(|t| str_width(&call(t))).max().unwrap_or(0);
            return tasks.iter().map(|t| self.task_row(t, pad)).collect();
        }
        let groups = tasks
            .iter()
            .map(|t| {
                let (mark, style, _) = task_look(t.state);
                let result = t.result.filter(|_| t.state >= TaskState::Done);
                let result = result.map(item_text).unwrap_or_default();
                vec![
                    Span::styled(format!("#{} ", t.id), faint()),
                    Span::styled(format!("{mark}{result}"), style),
                ]
            })
            .collect();
        flow(groups, self.width)
    }

    /// Most telling first; `task_rows` is the room left for the task list.
    pub fn block(&self, task_rows: usize) -> Rows {
        let mut rows = self.head();
        let workers = &self.pool.workers;
        let pad = workers
            .iter()
            .map(|w| str_width(&w.actor))
            .max()
            .unwrap_or(0);
        rows.extend(workers.iter().map(|w| self.worker(w, pad)));
        rows.extend(self.summary());
        rows.extend(self.callbacks());
        rows.extend(self.tasks(task_rows));
        rows
    }
}
