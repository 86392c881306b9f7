//! The tabbed pane of the narrow layout: one pane at a time, the panes the
//! run has named in its frame title, Tab moving between them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::framed::pane;
use super::lit::panel_of;
use super::pane::{Pane, PANES};
use super::screen::RunScreen;
use super::theme::dim;
use super::width::str_width;
use super::window::Window;
use crate::scenario::text::Lang;

impl RunScreen<'_> {
    /// `Log │ Lesson │ Checks │ Locks │ Values Tab`, or when that does not fit,
    /// the current one with its place: `Locks · tab 4/5`, said as a tab so
    /// `Checks 4/5` is never read as four checks of five passed.
    fn tabs_title(&self, shown: Pane, width: usize) -> Line<'static> {
        let tabs: Vec<Pane> = PANES
            .into_iter()
            .filter(|p| p.available(&self.run.model))
            .collect();
        let on = Style::new()
            .fg(Color::LightCyan)
            .add_modifier(Modifier::BOLD);
        let mut spans = vec![Span::raw(" ")];
        for (i, p) in tabs.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" │ ", dim()));
            }
            let style = if *p == shown { on } else { dim() };
            spans.push(Span::styled(self.name_of(*p).get(self.lang()), style));
        }
        spans.push(Span::styled(" Tab ", dim()));
        if Line::from(spans.clone()).width() <= width {
            return Line::from(spans);
        }
        let at = tabs.iter().position(|&p| p == shown).unwrap_or(0) + 1;
        let name = self.name_of(shown).get(self.lang());
        let place = match self.lang() {
            Lang::En => format!(" · tab {at}/{} ", tabs.len()),
            Lang::Zh => format!(" · 标签 {at}/{} ", tabs.len()),
        };
        let fits = str_width(name) + str_width(&place) < width;
        Line::from(vec![
            Span::raw(" "),
            Span::styled(name, on),
            Span::styled(if fits { place } else { String::new() }, dim()),
        ])
    }

    /// The lower-right pane of the narrow layout: tabs in the frame title.
    pub(crate) fn tabbed(&self, area: Rect, buf: &mut Buffer, window: Window) {
        let shown = self.run.tab_pane(self.ui.pane);
        let title = self.tabs_title(shown, usize::from(area.width.saturating_sub(2)));
        let inner = pane(area, buf, title, self.ui.paint.border_type());
        self.light_if(area, buf, panel_of(shown));
        self.body(shown, inner, buf, Some(window));
    }
}
