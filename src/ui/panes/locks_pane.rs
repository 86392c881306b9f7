//! The locks panel: per lock, who holds it, who waits in which order, what
//! waiting cost, and how long the line was over the time the timeline shows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::blocks::{draw_blocks, rows_of};
use super::para::flow;
use super::theme::{dim, faint, GOOD};
use super::width::str_width;
use super::window::Window;
use super::words::{tr, Words};
use crate::model::locks::{Kind, Lock};
use crate::model::outcome::duration_text;
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every lock, semaphore and event of the run, one block each.
pub struct LocksPane<'a> {
    pub model: &'a Model,
    /// The timeline's window: the queue sparkline covers the same time.
    pub(crate) window: Window,
    pub lang: Lang,
}

/// How a kind is named, and whether it has one owner or several holders.
fn kind_look(kind: Kind) -> (Words, bool) {
    match kind {
        Kind::Lock => (Words::new("lock", "锁"), false),
        Kind::Mutex => (Words::new("mutex", "互斥锁"), false),
        Kind::Rlock => (Words::new("rlock", "可重入锁"), false),
        Kind::Semaphore => (Words::new("semaphore", "信号量"), true),
        Kind::Event => (Words::new("event", "事件"), true),
        Kind::Condition => (Words::new("condition", "条件变量"), false),
        Kind::Barrier => (Words::new("barrier", "栅栏"), true),
    }
}

/// The modelled GIL of a process (`GIL`, `GIL:NAME`; see runtime::gil).
fn is_gil(name: &str) -> bool {
    name == "GIL" || name.starts_with("GIL:")
}

/// Queue lengths as bars, scaled to the longest line the lock ever had.
const BARS: [&str; 8] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

impl LocksPane<'_> {
    fn now(&self) -> u64 {
        self.window.now_us
    }

    /// `ticket_lock  mutex (file lock)  owner: b3 ×2`, packed into rows.
    fn head(&self, lock: &Lock, actors: &Actors, width: usize) -> Vec<Line<'static>> {
        let (word, many) = kind_look(lock.kind);
        let mut kind = word.get(self.lang).to_string();
        // A barrier says how many arrived where a lock says who holds it.
        if let Some(p) = lock.permits.filter(|_| lock.kind != Kind::Barrier) {
            kind = format!("{kind} {}/{p}", lock.holders.len());
        }
        if let Some(over) = &lock.over {
            kind.push_str(&match self.lang {
                Lang::En => format!(" on {over}"),
                Lang::Zh => format!("（锁 {over}）"),
            });
        }
        if is_gil(&lock.name) {
            // The lab's own lock standing in for CPython's: say so.
            kind = tr(self.lang, "interpreter lock, modelled", "解释器锁（模拟）").to_string();
        } else if lock.file_lock {
            kind.push_str(tr(self.lang, " (file lock)", "（文件锁）"));
        } else if lock.between_processes {
            kind.push_str(tr(self.lang, " (processes)", "（进程间）"));
        }
        let name = vec![
            Span::styled(lock.name.clone(), bold().fg(Color::LightYellow)),
            Span::styled(format!("  {kind}"), dim()),
        ];
        flow(vec![name, self.holders(lock, many, actors, width)], width)
    }

    /// `owner: t2 ×2`, `holders: a, b, c +2`, `free`, or an event's state.
    fn holders(
        &self,
        lock: &Lock,
        many: bool,
        actors: &Actors,
        width: usize,
    ) -> Vec<Span<'static>> {
        let green = bold().fg(GOOD);
        if lock.kind == Kind::Event {
            return vec![if lock.is_set {
                Span::styled(tr(self.lang, "set ✓", "已设置 ✓"), green)
            } else {
                Span::styled(tr(self.lang, "clear", "未设置"), bold().fg(Color::Yellow))
            }];
        }
        if lock.kind == Kind::Barrier {
            return super::sync_rows::barrier_state(lock, self.lang);
        }
        // A condition over another lock: that lock's holders are its holders.
        let over = lock.over.as_deref().and_then(|o| self.model.locks.get(o));
        let lock = over.unwrap_or(lock);
        if lock.holders.is_empty() {
            return vec![Span::styled(tr(self.lang, "free", "空闲"), green)];
        }
        let label = if many {
            tr(self.lang, "holders: ", "持有者：")
        } else {
            tr(self.lang, "owner: ", "持有者：")
        };
        let names = lock.holders.iter().map(|h| (h.actor.as_str(), h.count));
        self.names(label, names, ", ", actors, width, bold())
    }

    /// `waiting: b5 → b1 → b7 +3`: the head of the line first, cut to fit.
    fn waiting(&self, lock: &Lock, actors: &Actors, width: usize) -> Line<'static> {
        let label = tr(self.lang, "waiting: ", "等待：");
        if lock.waiting.is_empty() {
            let nobody = Span::styled(tr(self.lang, "nobody", "无"), faint());
            return Line::from(vec![Span::styled(label, dim()), nobody]);
        }
        let sep = if matches!(lock.kind, Kind::Event | Kind::Barrier) {
            " "
        } else {
            " → "
        };
        let names = lock.waiting.iter().map(|w| (w.actor.as_str(), 1));
        Line::from(self.names(label, names, sep, actors, width, Style::new()))
    }

    /// `label a → b ×2 → c +3`: names in their actors' colours, with a count
    /// above 1, as many as fit in `width` and the number of the rest.
    pub(super) fn names<'n>(
        &self,
        label: &'static str,
        names: impl ExactSizeIterator<Item = (&'n str, u32)>,
        sep: &'static str,
        actors: &Actors,
        width: usize,
        style: Style,
    ) -> Vec<Span<'static>> {
        let mut spans = vec![Span::styled(label, dim())];
        let mut used = str_width(label);
        let n = names.len();
        for (i, (name, count)) in names.enumerate() {
            let times = if count > 1 {
                format!(" ×{count}")
            } else {
                String::new()
            };
            let more = format!(" +{}", n - i);
            let cost = str_width(name) + str_width(&times) + if i > 0 { str_width(sep) } else { 0 };
            let tail = if i + 1 < n { str_width(&more) + 1 } else { 0 };
            if used + cost + tail > width && i > 0 {
                spans.push(Span::styled(more, bold()));
                break;
            }
            if i > 0 {
                spans.push(Span::styled(sep, dim()));
            }
            spans.push(Span::styled(name.to_string(), style.fg(actors.color(name))));
            spans.push(Span::styled(times, bold()));
            used += cost;
        }
        spans
    }

    /// `acquired 10×  waited 4.2s (max 0.9s)  held 1.1s`, packed into rows.
    fn totals(&self, lock: &Lock, width: usize) -> Vec<Line<'static>> {
        let t = &lock.totals;
        let (waited, max) = (
            duration_text(lock.wait_us_at(self.now())),
            duration_text(lock.wait_max_us_at(self.now())),
        );
        let n = t.acquisitions;
        let passes = matches!(lock.kind, Kind::Event | Kind::Barrier);
        let (count, wait) = match (self.lang, passes) {
            (Lang::En, false) => (
                format!("acquired {n}×"),
                format!("waited {waited} (max {max})"),
            ),
            (Lang::En, true) => (
                format!("passed {n}×"),
                format!("waited {waited} (max {max})"),
            ),
            (Lang::Zh, false) => (
                format!("获取 {n} 次"),
                format!("等待 {waited}（最长 {max}）"),
            ),
            (Lang::Zh, true) => (
                format!("通过 {n} 次"),
                format!("等待 {waited}（最长 {max}）"),
            ),
        };
        let mut groups = vec![vec![Span::raw(count)], vec![Span::raw(wait)]];
        if !passes {
            let held = duration_text(lock.hold_us_at(self.now()));
            groups.push(vec![Span::raw(format!(
                "{} {held}",
                tr(self.lang, "held", "持有")
            ))]);
        }
        flow(groups, width)
    }

    /// `queue ▁▂▄█▆▂·····  max 7` over the timeline's window.
    fn sparkline(&self, lock: &Lock, width: usize) -> Line<'static> {
        let label = tr(self.lang, "queue ", "排队 ");
        let top = lock.totals.max_waiting.max(1);
        let tail = match self.lang {
            Lang::En => format!(" max {}", lock.totals.max_waiting),
            Lang::Zh => format!(" 最多 {}", lock.totals.max_waiting),
        };
        let cells = width.saturating_sub(str_width(label) + str_width(&tail));
        let win = self
            .window
            .resampled(u16::try_from(cells).unwrap_or(u16::MAX));
        let mut spans = vec![Span::styled(label, dim())];
        let bar = Style::new().fg(Color::LightYellow);
        for c in 0..win.cells {
            let t0 = win.cell_start(c);
            if t0 > win.now_us {
                break;
            }
            let n = lock.max_waiting_in(t0, t0 + win.cell_us);
            spans.push(match n {
                0 => Span::styled("·", faint()),
                n => Span::styled(BARS[((n * 8).div_ceil(top) as usize).clamp(1, 8) - 1], bar),
            });
        }
        spans.push(Span::styled(
            " ".repeat(cells.saturating_sub(spans.len() - 1)),
            dim(),
        ));
        spans.push(Span::styled(tail, dim()));
        Line::from(spans)
    }

    /// One lock's rows, most telling first: whatever does not fit is cut from the end.
    fn block(&self, lock: &Lock, actors: &Actors, width: usize) -> Vec<Line<'static>> {
        let mut rows = self.head(lock, actors, width);
        rows.push(self.waiting(lock, actors, width));
        if lock.kind == Kind::Condition {
            rows.push(super::sync_rows::sleepers(self, lock, actors, width));
        }
        rows.extend(self.totals(lock, width));
        rows.push(self.sparkline(lock, width));
        rows
    }

    fn blocks(&self, width: u16) -> Vec<Vec<Line<'static>>> {
        let actors = Actors::new(self.model);
        let width = usize::from(width.max(1));
        self.model
            .locks
            .iter()
            .map(|l| self.block(l, &actors, width))
            .collect()
    }

    /// Rows the pane needs at `width` to show every block whole, a blank row between.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        rows_of(&self.blocks(width))
    }
}

impl Widget for &LocksPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let blocks = self.blocks(area.width);
        if blocks.is_empty() {
            let text = tr(self.lang, "no locks in this run", "本次运行没有锁");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        draw_blocks(blocks, area, buf, self.lang);
    }
}
