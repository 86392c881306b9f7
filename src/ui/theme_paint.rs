//! The last pass over a drawn screen: the projector theme and NO_COLOR are
//! applied to every cell here, so no widget has to know about either.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::BorderType;

/// The look of the whole screen, chosen with `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Colours on the terminal's own background.
    #[default]
    Standard,
    /// For a classroom projector: bold everywhere, bright on black, thick borders.
    Projector,
}

impl Theme {
    /// The theme named on the command line (`standard` or `projector`).
    pub fn parse(s: &str) -> Result<Theme, String> {
        match s {
            "standard" => Ok(Theme::Standard),
            "projector" => Ok(Theme::Projector),
            _ => Err(format!("{s:?}: use standard or projector")),
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
        match self.theme {
            Theme::Standard => BorderType::Rounded,
            Theme::Projector => BorderType::Thick,
        }
    }

    /// Repaint `area` of a drawn screen for this theme and NO_COLOR.
    pub(crate) fn finish(self, area: Rect, buf: &mut Buffer) {
        if self == Paint::default() {
            return;
        }
        let area = area.intersection(buf.area);
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let cell = &mut buf[(x, y)];
                if self.theme == Theme::Projector {
                    projector(cell, self.no_color);
                }
                if self.no_color {
                    strip(cell);
                }
            }
        }
    }
}

/// Bold, never dim or italic; with colour, bright on black, alarms black on yellow.
fn projector(cell: &mut Cell, no_color: bool) {
    cell.modifier.insert(Modifier::BOLD);
    cell.modifier.remove(Modifier::DIM | Modifier::ITALIC);
    if no_color {
        return;
    }
    match cell.bg {
        Color::Reset | Color::Black => {
            cell.bg = Color::Black;
            cell.fg = bright(cell.fg);
        }
        Color::Red | Color::LightRed => {
            cell.bg = Color::LightYellow;
            cell.fg = Color::Black;
        }
        Color::DarkGray | Color::Gray => {
            cell.bg = Color::White;
            cell.fg = Color::Black;
        }
        _ => {}
    }
}

/// A foreground at full intensity: greys turn white, dark colours light.
fn bright(c: Color) -> Color {
    match c {
        Color::Reset | Color::Black | Color::Gray | Color::DarkGray | Color::White => Color::White,
        Color::Red => Color::LightRed,
        Color::Green => Color::LightGreen,
        Color::Yellow => Color::LightYellow,
        Color::Blue => Color::LightBlue,
        Color::Magenta => Color::LightMagenta,
        Color::Cyan => Color::LightCyan,
        other => other,
    }
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
