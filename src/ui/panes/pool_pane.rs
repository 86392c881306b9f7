//! The pools panel: per pool its workers busy or idle with their pids, the
//! tasks from pending to collected, callbacks as they fired, and how few
//! pids served how many tasks (a pool reuses its workers). The rows of one
//! pool are built in `pool_rows`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::actors::Actors;
use super::blocks::{draw_blocks, rows_of, Rows};
use super::pool_rows::{kind_look, PoolRows};
use super::theme::dim;
use super::words::tr;
use crate::model::Model;
use crate::scenario::text::Lang;

/// Every pool of the run, one block each.
pub struct PoolPane<'a> {
    pub model: &'a Model,
    pub lang: Lang,
}

impl PoolPane<'_> {
    fn blocks(&self, width: u16, task_rows: usize) -> Vec<Rows> {
        let actors = Actors::new(self.model);
        let width = usize::from(width.max(1));
        let pools = self.model.pools.iter();
        pools
            .map(|pool| {
                let look = kind_look(pool.kind);
                let (actors, lang) = (&actors, self.lang);
                let rows = PoolRows {
                    pool,
                    look,
                    actors,
                    lang,
                    width,
                };
                rows.block(task_rows)
            })
            .collect()
    }

    /// Rows the pane needs at `width` to show every block whole, a task a row.
    pub fn rows_wanted(&self, width: u16) -> u16 {
        rows_of(&self.blocks(width, usize::MAX))
    }
}

impl Widget for &PoolPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        if self.model.pools.is_empty() {
            let text = tr(self.lang, "no pools in this run", "本次运行没有进程池");
            buf.set_stringn(area.x, area.y, text, area.width.into(), dim());
            return;
        }
        // What is left once every block has its head, workers and callbacks goes to the tasks.
        let bare = usize::from(rows_of(&self.blocks(area.width, 0)));
        let pools = self.model.pools.iter().count().max(1);
        let room = usize::from(area.height).saturating_sub(bare) / pools;
        draw_blocks(self.blocks(area.width, room), area, buf, self.lang);
    }
}
