//! The deadlock banner across the top of the run screen: while a circle is
//! reported it names it in words and numbers the victims to pick from; for a
//! few seconds after it is broken, a short note says how. It tells the run
//! as it stood at the time cursor: before the deadlock, no banner.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::choices::{victim_order, ChoiceKind};
use super::state::RunState;
use super::waitfor_pane::how_word;
use super::width::str_width;
use super::words::tr;
use crate::model::deadlocks::{Broken, Found};
use crate::scenario::text::Lang;

/// How long the "broken" note stays, in run time.
const NOTE_US: u64 = 3_000_000;

/// The banner for one run, in the language on screen.
pub struct DeadlockBanner<'a> {
    pub run: &'a RunState,
    pub lang: Lang,
}

fn alarm() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

fn width_of(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| str_width(&s.content)).sum()
}

impl DeadlockBanner<'_> {
    /// ` DEADLOCK: t3 waits for B (held by t0) · t0 waits for A (held by t3)`
    fn circle(&self, found: &Found) -> Vec<Span<'static>> {
        let links: Vec<String> = found
            .links()
            .map(|l| match self.lang {
                Lang::En => format!("{} waits for {} (held by {})", l.actor, l.lock, l.holder),
                Lang::Zh => format!("{} 等待 {}（被 {} 持有）", l.actor, l.lock, l.holder),
            })
            .collect();
        vec![
            Span::raw(tr(self.lang, " DEADLOCK: ", " 死锁：")),
            Span::raw(links.join(" · ")),
        ]
    }

    /// `pick a victim: 1 t3  2 t0`, the one ↑/↓ point at in reverse.
    fn victims(&self, found: &Found) -> Vec<Span<'static>> {
        if self.run.cursor_us().is_some() {
            // The banner tells the moment at the time cursor; choosing is live.
            let text = tr(
                self.lang,
                "as it stood at the time cursor · f: back to live",
                "时间光标处的情形 · f：回到实时",
            );
            return vec![Span::raw(text)];
        }
        if self.run.replay {
            // Nobody can be picked in a recording: it goes on as it went.
            let text = tr(
                self.lang,
                "replay: the recording goes on as the run did",
                "回放：录像按当时的经过继续",
            );
            return vec![Span::raw(text)];
        }
        let chosen = self
            .run
            .choices()
            .filter(|c| c.kind == ChoiceKind::Victim)
            .map(|c| self.run.chosen_index(&c));
        let mut spans = vec![Span::raw(tr(
            self.lang,
            "pick a victim: ",
            "选一个牺牲者：",
        ))];
        for (i, name) in victim_order(found.members()).into_iter().enumerate() {
            let key = if i < 9 {
                format!("{} ", i + 1)
            } else {
                String::new()
            };
            let style = if chosen == Some(i) {
                alarm().add_modifier(Modifier::REVERSED)
            } else {
                alarm()
            };
            spans.push(Span::styled(format!("{key}{name}"), style));
            spans.push(Span::raw("  "));
        }
        let auto = if self.run.auto_break {
            tr(
                self.lang,
                "(a: breaking by itself…)",
                "（a：正在自动解开…）",
            )
        } else {
            tr(self.lang, "a: all by themselves", "a：全部自动解开")
        };
        spans.push(Span::raw(auto));
        spans
    }

    /// The latest break, while it is fresh and no new circle is reported.
    fn fresh_break(&self) -> Option<&Broken> {
        let b = self.run.shown_model().deadlocks.last_broken()?;
        (self.run.shown_us().saturating_sub(b.t_us) < NOTE_US).then_some(b)
    }

    fn note(&self, b: &Broken) -> Line<'static> {
        let how = how_word(&b.how, self.lang);
        let own = self.run.own_program().then(|| own_why(self.lang, &b.how));
        let why = own.unwrap_or(match (self.lang, b.how.as_str()) {
            (Lang::En, "killed") => "the kernel let go of its file locks",
            (Lang::En, "killed_holding") => {
                "its locks stay held: a multiprocessing.Lock is a semaphore, nobody gives it back"
            }
            (Lang::En, _) => "it gave up its wait and let go of its locks",
            (Lang::Zh, "killed") => "内核释放了它的文件锁",
            (Lang::Zh, "killed_holding") => {
                "它的锁仍被占着：multiprocessing.Lock 是信号量，没有谁会归还"
            }
            (Lang::Zh, _) => "它放弃等待，放掉了手里的锁",
        });
        let text = match self.lang {
            Lang::En => format!(" ✓ deadlock broken: {} {how} — {why}", b.victim),
            Lang::Zh => format!(" ✓ 死锁已解开：{} {how} —— {why}", b.victim),
        };
        let style = Style::new()
            .fg(Color::LightYellow)
            .add_modifier(Modifier::BOLD);
        Line::styled(text, style)
    }

    /// A wait no one can end: `p0 waits for B, held by dead p1`, what Python
    /// would do, and what the lab does (its time limit, or `a` to kill it).
    fn hopeless(&self) -> Option<(Vec<Span<'static>>, Vec<Span<'static>>)> {
        let graph = &self.run.shown_model().deadlocks.graph;
        let (actor, lock, holders) = graph.hopeless().into_iter().next()?;
        let dead = holders.join(", ");
        let what = match self.lang {
            Lang::En => format!(" STUCK FOR EVER: {actor} waits for {lock}, held by dead {dead}"),
            Lang::Zh => format!(" 永远卡住：{actor} 等待 {lock}，它被已死的 {dead} 占着"),
        };
        let then = match (self.lang, self.run.auto_break || self.run.replay) {
            (Lang::En, false) => {
                "Python would hang here; the run waits for its time limit — a: kill it"
            }
            (Lang::En, true) => "Python would hang here; the lab kills it so the run can end",
            (Lang::Zh, false) => "Python 会一直挂在这里；本次运行等到时间上限 —— a：杀掉它",
            (Lang::Zh, true) => "Python 会一直挂在这里；实验室杀掉它，好让运行结束",
        };
        Some((vec![Span::raw(what)], vec![Span::raw(then)]))
    }

    /// The banner's rows at `width`: the circle and its victims on one row when
    /// they fit, else on two; with only one row, the victims come first.
    fn lines(&self, width: usize, rows: usize) -> Vec<Line<'static>> {
        let model = self.run.shown_model();
        let Some(found) = model.deadlocks.current() else {
            if let Some((what, then)) = self.hopeless().filter(|_| model.run.outcome.is_none()) {
                return self.rows_of(what, then, width, rows);
            }
            return self
                .fresh_break()
                .map(|b| self.note(b))
                .into_iter()
                .collect();
        };
        let circle = self.circle(found);
        let victims = self.victims(found);
        self.rows_of(circle, victims, width, rows)
    }

    /// `first — second` on one row when it fits, else on two; with only one
    /// row, the second part (what to do) comes first.
    fn rows_of(
        &self,
        circle: Vec<Span<'static>>,
        victims: Vec<Span<'static>>,
        width: usize,
        rows: usize,
    ) -> Vec<Line<'static>> {
        let dash = Span::raw(" — ");
        if width_of(&circle) + 3 + width_of(&victims) <= width {
            let mut one = circle;
            one.push(dash);
            one.extend(victims);
            return vec![Line::from(one).style(alarm())];
        }
        if rows < 2 {
            let mut one = vec![Span::raw(tr(self.lang, " DEADLOCK — ", " 死锁 —— "))];
            one.extend(victims);
            return vec![Line::from(one).style(alarm())];
        }
        let mut second = vec![Span::raw(" ")];
        second.extend(victims);
        vec![
            Line::from(circle).style(alarm()),
            Line::from(second).style(alarm()),
        ]
    }

    /// Rows the banner would like at `width` (0 when there is nothing to say).
    pub fn rows_wanted(&self, width: u16) -> u16 {
        u16::try_from(self.lines(width.into(), 2).len()).unwrap_or(0)
    }
}

impl Widget for &DeadlockBanner<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let lines = self.lines(area.width.into(), area.height.into());
        for (y, line) in (area.y..area.bottom()).zip(&lines) {
            buf.set_style(Rect::new(area.x, y, area.width, 1), line.style);
            buf.set_line(area.x, y, line, area.width);
        }
    }
}

/// How a break went in a learner's own program: the lab did it, not Python
/// (which would wait for ever).
fn own_why(lang: Lang, how: &str) -> &'static str {
    match (lang, how) {
        (Lang::En, "killed") => "the lab (not Python) killed it: SIGKILL",
        (Lang::En, "killed_holding") => "the lab (not Python) killed it; its locks stay held",
        (Lang::En, _) => "the lab (not Python) raised DeadlockBroken",
        (Lang::Zh, "killed") => "实验室（不是 Python）用 SIGKILL 杀掉了它",
        (Lang::Zh, "killed_holding") => "实验室（不是 Python）杀掉了它；它的锁仍被占着",
        (Lang::Zh, _) => "实验室（不是 Python）抛出了 DeadlockBroken",
    }
}
