//! Lesson pages: `[[pages]]` with bilingual text, an optional event to wait
//! for (matched as checks are) and the panel the page talks about.

use super::diag::Diag;
use super::plan::{CheckSpec, Expect};
use super::raw::{RawPage, RawScenario};
use super::resolve_checks::field;
use super::text::Text;

/// The names `panel = "..."` may take.
pub const PANELS: &[&str] = &[
    "timeline",
    "tree",
    "log",
    "locks",
    "values",
    "queues",
    "pools",
    "waitfor",
    "checks",
    "code",
    "table",
    "jobs",
    "connections",
];

/// One page of a lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub text: Text,
    /// Shown once an event matching this has happened (the check matcher's rules).
    pub wait_for: Option<CheckSpec>,
    /// How many events matching `wait_for` (`count`, default 1).
    pub wait_count: u32,
    /// One of `PANELS`.
    pub panel: Option<String>,
    /// Only in these variants; None: in every variant.
    pub variants: Option<Vec<String>>,
}

impl Page {
    /// A page with text only.
    pub fn plain(text: Text) -> Page {
        Page {
            text,
            wait_for: None,
            wait_count: 1,
            panel: None,
            variants: None,
        }
    }

    /// Whether the page belongs to `variant`'s lesson.
    pub fn applies(&self, variant: Option<&str>) -> bool {
        match &self.variants {
            None => true,
            Some(only) => variant.is_some_and(|v| only.iter().any(|o| o == v)),
        }
    }
}

/// The pages of `raw`, or its `lesson` as the one page; problems go to `diags`.
pub(super) fn build_pages(raw: &RawScenario, diags: &mut Vec<Diag>) -> Vec<Page> {
    if raw.pages.is_empty() {
        return vec![Page::plain(raw.lesson.clone().unwrap_or_default())];
    }
    raw.pages
        .iter()
        .map(|p| page(raw, p.get_ref(), diags))
        .collect()
}

fn page(raw: &RawScenario, p: &RawPage, diags: &mut Vec<Diag>) -> Page {
    if let Some(panel) = &p.panel {
        if !PANELS.contains(&panel.get_ref().as_str()) {
            let msg = format!(
                "unknown panel {:?}; known: {}",
                panel.get_ref(),
                PANELS.join(", ")
            );
            diags.push(Diag::new(panel.span(), msg));
        }
    }
    if let Some(only) = &p.variants {
        for name in only.get_ref() {
            if !raw.variants.iter().any(|v| v.name.get_ref() == name) {
                let msg = format!("no variant is named {name:?}");
                diags.push(Diag::new(only.span(), msg));
            }
        }
    }
    let wait_for = p.wait_for.as_ref().map(|w| {
        let w = w.get_ref();
        let name = w.event.get_ref();
        if !crate::event::EVENT_NAMES.contains(&name.as_str()) {
            let msg = format!(
                "unknown event {name:?}; known: {}",
                crate::event::EVENT_NAMES.join(", ")
            );
            diags.push(Diag::new(w.event.span(), msg));
        }
        super::event_fields::check_where(name, &w.fields, diags);
        let fields = w
            .fields
            .iter()
            .filter_map(|(k, v)| field(k.get_ref(), v))
            .collect();
        let prints = super::prints::bilingual(raw);
        CheckSpec {
            label: p.text.clone(),
            event: name.clone(),
            actor: w.actor.as_ref().map(|a| a.get_ref().clone()),
            or_fields: super::prints::other_language(name, &fields, &prints),
            fields,
            expect: Expect::Seen,
            after_previous: false,
            compare: None,
        }
    });
    let count = p.wait_for.as_ref().and_then(|w| w.get_ref().count.as_ref());
    let wait_count = match count {
        None => 1,
        Some(c) => u32::try_from(*c.get_ref())
            .ok()
            .filter(|&n| (1..=1000).contains(&n))
            .unwrap_or_else(|| {
                diags.push(Diag::new(c.span(), "count must be from 1 to 1000"));
                1
            }),
    };
    Page {
        text: p.text.clone(),
        wait_for,
        wait_count,
        panel: p.panel.as_ref().map(|s| s.get_ref().clone()),
        variants: p.variants.as_ref().map(|v| v.get_ref().clone()),
    }
}
