//! The picker's catalogue as plain data: the lessons grouped by chapter, the
//! one selected, and the `/` filter over ids and titles in both languages.

use super::words::Words;
use crate::scenario::challenge::Challenge;
use crate::scenario::Scenario;

/// The chapters, in the order the list shows them, with their lessons' ids.
/// A lesson in none of them (a teacher's file) goes under "more".
const CHAPTERS: [(Words, &[&str]); 6] = [
    (
        Words::new("processes", "进程"),
        &[
            "process-start",
            "join-patterns",
            "zombie",
            "orphan",
            "daemon-process",
            "terminate",
            "scheduling",
            "spawn-vs-fork",
        ],
    ),
    (
        Words::new("threads", "线程"),
        &[
            "threads-basics",
            "daemon-thread",
            "isolation",
            "gil",
            "cpu-vs-io",
            "coroutines",
        ],
    ),
    (
        Words::new("locks", "锁"),
        &[
            "ticket-grab",
            "thread-race",
            "manager-dict",
            "rlock",
            "semaphore",
            "event",
            "condition",
            "barrier",
        ],
    ),
    (
        Words::new("queues and pools", "队列与进程池"),
        &[
            "queue-basics",
            "producer-consumer",
            "pipe",
            "thread-queues",
            "pool",
            "executor",
            "callback",
        ],
    ),
    (
        Words::new("deadlock", "死锁"),
        &["deadlock", "deadlock-rlock", "deadlock-processes"],
    ),
    (
        Words::new("networking", "网络"),
        &[
            "tcp-echo",
            "sticky-packets",
            "udp",
            "threaded-server",
            "pool-server",
            "many-clients",
            "io-models",
        ],
    ),
];

const MORE: Words = Words::new("more", "其他");

/// The last group: every lesson's challenges, after "more".
const CHALLENGES: Words = Words::new("challenges: be the scheduler", "挑战：你来当调度器");
const CHALLENGE_GROUP: usize = CHAPTERS.len() + 1;

/// How far PgUp / PgDn move.
pub const PAGE_STEP: usize = 8;

/// The chapter a lesson belongs to (an index; `CHAPTERS.len()` for "more").
pub fn chapter_of(id: &str) -> usize {
    place_of(id).0
}

/// (chapter, place within it): the list's order; a lesson in no chapter
/// comes last, in catalogue order.
fn place_of(id: &str) -> (usize, usize) {
    CHAPTERS
        .iter()
        .enumerate()
        .find_map(|(c, (_, ids))| Some((c, ids.iter().position(|i| *i == id)?)))
        .unwrap_or((CHAPTERS.len(), 0))
}

/// The chapter's name.
pub fn chapter_name(i: usize) -> Words {
    match i {
        CHALLENGE_GROUP => CHALLENGES,
        _ => CHAPTERS.get(i).map_or(MORE, |c| c.0),
    }
}

/// The catalogue, which entry is selected, and the filter.
#[derive(Debug, Clone, Default)]
pub struct PickerState {
    /// Sorted by chapter (catalogue order within one), then one entry a
    /// challenge (its lesson again).
    pub scenarios: Vec<Scenario>,
    /// For each entry of `scenarios`: the challenge it opens, if it is one.
    pub challenges: Vec<Option<String>>,
    /// An index into `scenarios` (always one the filter lets through, if any).
    pub selected: usize,
    /// What `/` has typed; empty: every lesson.
    pub filter: String,
    /// The filter is being typed: keys are letters, not commands.
    pub typing: bool,
}

impl PickerState {
    /// A picker on the first scenario, the catalogue grouped by chapter.
    pub fn new(mut scenarios: Vec<Scenario>) -> PickerState {
        scenarios.sort_by_key(|s| place_of(&s.id));
        let mut challenges = vec![None; scenarios.len()];
        let extra: Vec<(Scenario, Option<String>)> = scenarios
            .iter()
            .flat_map(|s| s.challenges.iter().map(|c| (s.clone(), Some(c.id.clone()))))
            .collect();
        for (s, c) in extra {
            scenarios.push(s);
            challenges.push(c);
        }
        PickerState {
            scenarios,
            challenges,
            ..PickerState::default()
        }
    }

    /// Whether entry `i` passes the filter: its id or title, in either
    /// language (a challenge's own too).
    fn passes(&self, i: usize) -> bool {
        let want = self.filter.to_lowercase();
        let s = &self.scenarios[i];
        let mut texts = vec![&s.id, &s.title.en, &s.title.zh];
        if let Some(c) = self.challenge_at(i) {
            texts.extend([&c.id, &c.title.en, &c.title.zh]);
        }
        want.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&want))
    }

    /// The challenge entry `i` opens, if it is one.
    pub fn challenge_at(&self, i: usize) -> Option<&Challenge> {
        let id = self.challenges.get(i)?.as_deref()?;
        self.scenarios[i].challenge(id).ok()
    }

    /// The group entry `i` is listed under.
    pub fn chapter_at(&self, i: usize) -> usize {
        match self.challenges.get(i) {
            Some(Some(_)) => CHALLENGE_GROUP,
            _ => chapter_of(&self.scenarios[i].id),
        }
    }

    /// The indices the filter lets through, in list order.
    pub fn shown(&self) -> Vec<usize> {
        (0..self.scenarios.len())
            .filter(|&i| self.passes(i))
            .collect()
    }

    /// Where the selection is among those shown (0-based), and how many there are.
    pub fn position(&self) -> (usize, usize) {
        let shown = self.shown();
        let at = shown.iter().position(|&i| i == self.selected).unwrap_or(0);
        (at, shown.len())
    }

    /// Select the `n`-th shown entry (clamped), or wrap when `wrap`.
    fn go(&mut self, to: isize, wrap: bool) {
        let shown = self.shown();
        let Some(len) = isize::try_from(shown.len()).ok().filter(|&l| l > 0) else {
            return;
        };
        let to = if wrap {
            to.rem_euclid(len)
        } else {
            to.clamp(0, len - 1)
        };
        self.selected = shown[usize::try_from(to).unwrap_or(0)];
    }

    fn at(&self) -> isize {
        isize::try_from(self.position().0).unwrap_or(0)
    }

    /// Move the selection up, wrapping to the end.
    pub fn up(&mut self) {
        self.go(self.at() - 1, true);
    }

    /// Move the selection down, wrapping to the start.
    pub fn down(&mut self) {
        self.go(self.at() + 1, true);
    }

    /// To the first / last entry shown.
    pub fn home(&mut self) {
        self.go(0, false);
    }

    pub fn end(&mut self) {
        self.go(isize::MAX, false);
    }

    /// `PAGE_STEP` entries up or down, stopping at the ends.
    pub fn page(&mut self, down: bool) {
        let step = isize::try_from(PAGE_STEP).unwrap_or(1);
        self.go(self.at() + if down { step } else { -step }, false);
    }

    /// The filter changed: keep the selection if it still shows, else the first.
    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        if !self.shown().contains(&self.selected) {
            self.home();
        }
    }

    /// The selected scenario, if the filter lets any through.
    pub fn current(&self) -> Option<&Scenario> {
        let s = self.scenarios.get(self.selected)?;
        self.passes(self.selected).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> PickerState {
        PickerState::new(crate::scenario::builtin())
    }

    #[test]
    fn every_built_in_lesson_has_a_chapter_and_the_list_is_grouped() {
        let p = picker();
        for s in &p.scenarios {
            assert!(
                chapter_of(&s.id) < CHAPTERS.len(),
                "{} has no chapter",
                s.id
            );
        }
        let chapters: Vec<usize> = (0..p.scenarios.len()).map(|i| p.chapter_at(i)).collect();
        assert!(chapters.windows(2).all(|w| w[0] <= w[1]), "{chapters:?}");
        let last = p.scenarios.len() - 1;
        assert_eq!(p.chapter_at(last), CHALLENGE_GROUP, "challenges come last");
        assert!(p.challenge_at(last).is_some());
        assert_eq!(chapter_name(CHALLENGE_GROUP).zh, "挑战：你来当调度器");
    }

    #[test]
    fn keys_move_through_the_list_and_stop_or_wrap() {
        let mut p = picker();
        let n = p.scenarios.len();
        p.up();
        assert_eq!(p.position(), (n - 1, n), "up from the first wraps");
        p.home();
        assert_eq!(p.position().0, 0);
        p.page(true);
        assert_eq!(p.position().0, PAGE_STEP);
        p.end();
        p.page(true);
        assert_eq!(p.position().0, n - 1, "PgDn stops at the end");
        p.page(false);
        assert_eq!(p.position().0, n - 1 - PAGE_STEP);
    }

    #[test]
    fn the_filter_matches_ids_and_titles_in_both_languages() {
        let mut p = picker();
        p.set_filter("DEAD".into());
        let ids: Vec<&str> = p
            .shown()
            .iter()
            .map(|&i| p.scenarios[i].id.as_str())
            .collect();
        assert!(ids.contains(&"deadlock") && !ids.contains(&"daemon-process"));
        assert_eq!(p.current().map(|s| s.id.as_str()), Some(ids[0]));
        p.set_filter("僵尸".into());
        assert_eq!(p.current().map(|s| s.id.as_str()), Some("zombie"));
        assert_eq!(p.position(), (0, 1));
        p.set_filter("no such lesson".into());
        assert!(p.current().is_none() && p.shown().is_empty());
        p.down();
        assert!(p.current().is_none(), "nothing to move to");
    }
}
