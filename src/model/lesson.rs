//! Where a learner is in the lesson: the page on screen, which waiting pages
//! their event has reached (matched as checks are), and autoplay's timing.

use std::time::{Duration, Instant};

use super::checks::matches;
use crate::event::Event;
use crate::scenario::pages::Page;

/// How long autoplay leaves a page on screen before it turns it (real time).
pub const AUTOPLAY_DWELL: Duration = Duration::from_secs(4);

/// The pages of one run (those of its variant) and the learner's place in them.
#[derive(Debug, Clone, Default)]
pub struct LessonProgress {
    pub pages: Vec<Page>,
    /// The page on screen (0-based).
    pub page: usize,
    /// Per page: how many more matching events it waits for (0: reachable).
    due: Vec<u32>,
    /// When the current page came on screen (autoplay's clock).
    shown_at: Option<Instant>,
    /// Autoplay has paused the run so a page's moment stays on screen.
    holding: bool,
}

/// What one look of autoplay did: turned the page, and whether the run
/// should now be held (Some(true): pause it) or let go (Some(false)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paced {
    pub turned: bool,
    pub hold: Option<bool>,
}

impl LessonProgress {
    /// The pages of `variant`, on the first one, shown from `now`.
    pub fn new(pages: &[Page], variant: Option<&str>, now: Instant) -> Self {
        let pages: Vec<Page> = pages
            .iter()
            .filter(|p| p.applies(variant))
            .cloned()
            .collect();
        let due = pages
            .iter()
            .map(|p| {
                if p.wait_for.is_some() {
                    p.wait_count
                } else {
                    0
                }
            })
            .collect();
        LessonProgress {
            pages,
            page: 0,
            due,
            shown_at: Some(now),
            holding: false,
        }
    }

    /// A run event: the pages waiting for it become reachable.
    pub fn observe(&mut self, event: &Event) {
        for (p, due) in self.pages.iter().zip(self.due.iter_mut()) {
            if *due > 0 && p.wait_for.as_ref().is_some_and(|s| matches(s, event)) {
                *due -= 1;
            }
        }
    }

    /// The page on screen, if the lesson has any.
    pub fn current(&self) -> Option<&Page> {
        self.pages.get(self.page)
    }

    /// When the page on screen came on screen.
    pub fn shown_at(&self) -> Option<Instant> {
        self.shown_at
    }

    /// The page after the current one, if there is one.
    pub fn upcoming(&self) -> Option<&Page> {
        self.pages.get(self.page + 1)
    }

    /// Whether page `i` may be shown (its event, if any, has happened).
    pub fn reachable(&self, i: usize) -> bool {
        self.due.get(i) == Some(&0)
    }

    /// To the next page, if it exists and is reachable; true when it moved.
    pub fn next(&mut self, now: Instant) -> bool {
        if !self.reachable(self.page + 1) {
            return false;
        }
        self.page += 1;
        self.shown_at = Some(now);
        true
    }

    /// Back one page; true when it moved.
    pub fn prev(&mut self, now: Instant) -> bool {
        if self.page == 0 {
            return false;
        }
        self.page -= 1;
        self.shown_at = Some(now);
        true
    }

    /// Autoplay: the next page once it is reachable and the current one has
    /// been on screen for `AUTOPLAY_DWELL`; true when it moved.
    pub fn autoplay(&mut self, now: Instant) -> bool {
        let shown = self.shown_at.unwrap_or(now);
        now.saturating_duration_since(shown) >= AUTOPLAY_DWELL && self.next(now)
    }

    /// Autoplay that keeps pace with the run (`--autoplay`, `conlab rec`): a
    /// page whose moment has come is turned to once the page on screen has
    /// had its `AUTOPLAY_DWELL`, and the run is held meanwhile, so the moment
    /// does not pass unseen; a page turned to for its moment holds the run
    /// for its own dwell too. `over`: the run has ended (nothing to hold).
    pub fn pace(&mut self, now: Instant, over: bool) -> Paced {
        let turned = self.autoplay(now);
        let dwelt =
            |p: &Self| now.saturating_duration_since(p.shown_at.unwrap_or(now)) >= AUTOPLAY_DWELL;
        let moment = |p: Option<&Page>| p.is_some_and(|p| p.wait_for.is_some());
        let young = moment(self.current()) && !dwelt(self);
        let pending = moment(self.upcoming()) && self.reachable(self.page + 1);
        let want = !over && (young || pending);
        let hold = (want != self.holding).then_some(want);
        self.holding = want;
        Paced { turned, hold }
    }

    /// Whether autoplay is holding the run for a page.
    pub fn holding(&self) -> bool {
        self.holding
    }

    /// Whether autoplay still has a page to turn to.
    pub fn has_more(&self) -> bool {
        self.page + 1 < self.pages.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use crate::scenario::plan::{CheckSpec, Expect};
    use crate::scenario::text::Text;

    fn waiting(event: &str, actor: &str) -> Page {
        let mut p = Page::plain(Text::new("wait", "等"));
        p.wait_for = Some(CheckSpec {
            label: Text::default(),
            event: event.into(),
            actor: Some(actor.into()),
            fields: Default::default(),
            or_fields: Default::default(),
            expect: Expect::Seen,
            after_previous: false,
            compare: None,
        });
        p
    }

    fn pages() -> Vec<Page> {
        vec![
            Page::plain(Text::new("one", "一")),
            waiting("lock_wait", "buyer*"),
            Page::plain(Text::new("three", "三")),
        ]
    }

    fn lock_wait(actor: &str) -> Event {
        Event {
            t_us: 5,
            actor: actor.into(),
            pid: 1,
            tid: None,
            kind: EventKind::LockWait { lock: "L".into() },
        }
    }

    #[test]
    fn a_waiting_page_is_not_reachable_before_its_event() {
        let t0 = Instant::now();
        let mut l = LessonProgress::new(&pages(), None, t0);
        assert!(!l.reachable(1));
        assert!(!l.next(t0), "page 2 waits for a buyer's lock_wait");
        assert_eq!(l.page, 0);
        l.observe(&lock_wait("main"));
        assert!(!l.next(t0), "main is not a buyer");
        l.observe(&lock_wait("buyer3"));
        assert!(l.next(t0));
        assert!(l.next(t0));
        assert!(!l.next(t0), "no page 4");
        assert_eq!(l.page, 2);
        assert!(l.prev(t0) && l.prev(t0) && !l.prev(t0));
    }

    #[test]
    fn a_page_may_wait_for_the_second_such_event() {
        let t0 = Instant::now();
        let mut second = waiting("lock_wait", "buyer*");
        second.wait_count = 2;
        let mut l = LessonProgress::new(&[Page::plain(Text::default()), second], None, t0);
        l.observe(&lock_wait("buyer0"));
        assert!(!l.reachable(1), "one of two");
        l.observe(&lock_wait("buyer1"));
        assert!(l.reachable(1) && l.next(t0));
    }

    #[test]
    fn autoplay_waits_for_the_event_and_the_dwell() {
        let t0 = Instant::now();
        let mut l = LessonProgress::new(&pages(), None, t0);
        let later = |s: u64| t0 + Duration::from_secs(s);
        assert!(!l.autoplay(later(10)), "the event has not happened");
        l.observe(&lock_wait("buyer0"));
        assert!(l.autoplay(later(10)), "shown for 10 s, event seen");
        assert_eq!(l.page, 1);
        assert!(!l.autoplay(later(13)), "page 2 shown only 3 s");
        assert!(l.autoplay(later(14)));
        assert_eq!(l.page, 2);
        assert!(!l.has_more() && !l.autoplay(later(60)));
    }

    #[test]
    fn pacing_holds_the_run_while_a_moment_waits_and_while_it_is_read() {
        let t0 = Instant::now();
        let later = |ms: u64| t0 + Duration::from_millis(ms);
        let mut l = LessonProgress::new(&pages(), None, t0);
        assert_eq!(l.pace(later(500), false), Paced::default(), "nothing due");
        l.observe(&lock_wait("buyer0"));
        let p = l.pace(later(1000), false);
        assert_eq!(
            (p.turned, p.hold),
            (false, Some(true)),
            "page 1 is read first"
        );
        assert_eq!(l.pace(later(2000), false), Paced::default(), "still held");
        let p = l.pace(later(4000), false);
        assert_eq!(
            (p.turned, p.hold, l.page),
            (true, None, 1),
            "turned, held on"
        );
        let p = l.pace(later(7000), false);
        assert_eq!((p.turned, p.hold), (false, None), "page 2 read 3 s of 4");
        let p = l.pace(later(8000), false);
        assert_eq!(
            (p.turned, p.hold),
            (true, Some(false)),
            "on to a plain page"
        );
        assert!(!l.holding());
    }

    #[test]
    fn pacing_never_holds_an_ended_run() {
        let t0 = Instant::now();
        let mut l = LessonProgress::new(&pages(), None, t0);
        l.observe(&lock_wait("buyer0"));
        assert_eq!(l.pace(t0, true).hold, None);
        assert!(!l.holding());
    }

    #[test]
    fn pages_of_other_variants_are_left_out() {
        let mut only = Page::plain(Text::new("locked", "加锁"));
        only.variants = Some(vec!["with-lock".into()]);
        let all = [Page::plain(Text::new("a", "a")), only];
        let t0 = Instant::now();
        assert_eq!(
            LessonProgress::new(&all, Some("no-lock"), t0).pages.len(),
            1
        );
        assert_eq!(
            LessonProgress::new(&all, Some("with-lock"), t0).pages.len(),
            2
        );
    }
}
