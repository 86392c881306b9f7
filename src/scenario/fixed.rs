//! A scenario that is not a file: one plan made elsewhere (`conlab py FILE`,
//! see src/py/lesson.rs), shown with its own title and pages.

use super::plan::Plan;
use super::text::Text;
use super::{pages, Scenario};

impl Scenario {
    /// A scenario that is one plan made elsewhere (`conlab py FILE`): no
    /// variants, no challenges; `plan` gives that plan whatever it is asked.
    pub fn fixed(plan: Plan, title: Text, pages: Vec<pages::Page>) -> Scenario {
        Scenario {
            id: plan.scenario.clone(),
            summary: title.clone(),
            lesson: pages.first().map(|p| p.text.clone()).unwrap_or_default(),
            title,
            pages,
            variants: Vec::new(),
            pace: None,
            challenges: Vec::new(),
            file: plan.source.clone(),
            origin: plan.source.clone(),
            source: String::new(),
            fixed: Some(Box::new(plan)),
        }
    }

    /// The plan made elsewhere, for a scenario that is one (`fixed`).
    pub fn fixed_plan(&self) -> Option<&Plan> {
        self.fixed.as_deref()
    }
}
