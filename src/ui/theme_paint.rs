//! The last pass over a drawn screen: the theme's colour table (light, dark,
//! projector) and NO_COLOR are applied to every cell here, so no widget has to
//! know about either.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::BorderType;

use super::theme_table::{Table, DARK, LIGHT, PROJECTOR};

/// The look of the whole screen, chosen with `--theme` or from the terminal's
/// background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Light text on black (the default; `standard` is its old name).
    #[default]
    Dark,
    /// Dark text on white, for light terminals and bright rooms.
    Light,
    /// For a classroom projector: bold everywhere, bright on black, thick borders.
    Projector,
}

impl Theme {
    /// Every theme, in the order `--theme` names them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Projector];

    /// The theme named on the command line (`light`, `dark`, `projector`;
    /// `standard` is still taken for `dark`).
    pub fn parse(s: &str) -> Result<Theme, String> {
        match s {
            "light" => Ok(Theme::Light),
            "dark" | "standard" => Ok(Theme::Dark),
            "projector" => Ok(Theme::Projector),
            _ => Err(format!("{s:?}: use light, dark or projector")),
        }
    }

    /// Its colour table.
    pub(crate) fn table(self) -> &'static Table {
        match self {
            Theme::Dark => &DARK,
            Theme::Light => &LIGHT,
            Theme::Projector => &PROJECTOR,
        }
    }
}

/// How the screen is painted: read once at start-up (`--theme`, `NO_COLOR`)
/// and carried to the screens in `UiState`, like the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paint {
    pub theme: Theme,
    /// NO_COLOR was set (https://no-color.org): weight and reverse only.
    pub no_color: bool,
}

impl Paint {
    /// Frames: rounded, or thick so a projector does not wash them out.
    pub(crate) fn border_type(self) -> BorderType {
        if self.theme == Theme::Projector {
            BorderType::Thick
        } else {
            BorderType::Rounded
        }
    }

    /// Repaint `area` of a drawn screen for this theme and NO_COLOR.
    pub(crate) fn finish(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        let table = self.theme.table();
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &mut buf[(x, y)];
                if self.theme == Theme::Projector {
                    embolden(cell);
                }
                if self.no_color {
                    strip(cell);
                } else {
                    recolour(cell, table);
                }
            }
        }
    }
}

/// Every colour through the table: on the paper a foreground becomes its ink;
/// over a background of its own, the text takes that badge's ink.
fn recolour(cell: &mut Cell, table: &Table) {
    if cell.bg == Color::Reset {
        cell.fg = table.ink(cell.fg);
        cell.bg = Color::Indexed(table.paper);
    } else {
        (cell.bg, cell.fg) = table.badge(cell.bg);
    }
    cell.underline_color = Color::Reset;
}

/// Bold, never dim or italic.
fn embolden(cell: &mut Cell) {
    cell.modifier.insert(Modifier::BOLD);
    cell.modifier.remove(Modifier::DIM | Modifier::ITALIC);
}

/// No colour at all; a cell that stood out by its background is reversed instead.
fn strip(cell: &mut Cell) {
    if cell.bg != Color::Reset {
        cell.modifier.insert(Modifier::REVERSED);
    }
    cell.fg = Color::Reset;
    cell.bg = Color::Reset;
    cell.underline_color = Color::Reset;
}
