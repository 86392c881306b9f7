//! `[tables.NAME]`: a table of measured times (rows × columns), and the
//! `measure` step that times a block of steps into one of its cells.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::decls::name_problem;
use super::diag::Diag;
use super::raw::{RawPrint, RawScenario};
use super::text::Text;
use crate::event::Activity;

/// The most rows, and the most columns, a table may have.
pub const MAX_CELLS_PER_SIDE: usize = 8;

/// `[tables.NAME]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub title: Option<RawPrint>,
    pub rows: Spanned<Vec<Spanned<RawHeading>>>,
    pub columns: Spanned<Vec<Spanned<RawHeading>>>,
    /// The row every cell's ratio is taken to, in the same column.
    pub baseline: Option<Spanned<String>>,
}

/// A row or a column: `{ name = "threads", label = { en = ..., zh = ... } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeading {
    pub name: Spanned<String>,
    pub label: Option<RawPrint>,
}

/// A row or a column of a table: its name (for `measure`) and its heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    pub name: String,
    pub label: Text,
}

/// A declared table of measured times, filled in as `measured` events come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSpec {
    pub name: String,
    pub title: Text,
    pub rows: Vec<Heading>,
    pub columns: Vec<Heading>,
    /// The row of the times each cell is compared with (`×0.5`).
    pub baseline: Option<String>,
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cell {
    pub table: String,
    pub row: String,
    pub column: String,
}

/// The two ends of a `measure` block: the steps between them are timed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Begin(Cell),
    End(Cell),
}

impl Measure {
    /// The verb, its activity and the step in words (as `Step::info`).
    pub(super) fn info(&self) -> (&'static str, Activity, String) {
        let (what, c) = match self {
            Measure::Begin(c) => ("measure", c),
            Measure::End(c) => ("measured", c),
        };
        let text = format!("{what} {}[{}, {}]", c.table, c.row, c.column);
        (what, Activity::Running, text)
    }
}

fn label(p: &Option<RawPrint>, name: &str) -> Text {
    match p {
        Some(p) => {
            let (en, zh) = p.texts();
            Text::new(en, zh)
        }
        None => Text::new(name, name),
    }
}

/// Every `[tables.*]`, checked: names, at least one row and one column,
/// no heading twice, the baseline one of the rows.
pub(super) fn build(raw: &RawScenario, diags: &mut Vec<Diag>) -> Vec<TableSpec> {
    let mut out = Vec::new();
    for (name, t) in &raw.tables {
        if let Some(why) = name_problem(name.get_ref()) {
            let msg = format!("table {:?}: {why}", name.get_ref());
            diags.push(Diag::new(name.span(), msg));
            continue;
        }
        let t = t.get_ref();
        let rows = headings(&t.rows, "row", diags);
        let columns = headings(&t.columns, "column", diags);
        if let Some(b) = &t.baseline {
            if !rows.iter().any(|r| &r.name == b.get_ref()) {
                let msg = format!(
                    "baseline {:?} is not a row of this table (its rows: {})",
                    b.get_ref(),
                    names(&rows)
                );
                diags.push(Diag::new(b.span(), msg));
            }
        }
        out.push(TableSpec {
            name: name.get_ref().clone(),
            title: label(&t.title, name.get_ref()),
            rows,
            columns,
            baseline: t.baseline.as_ref().map(|b| b.get_ref().clone()),
        });
    }
    out
}

fn headings(
    list: &Spanned<Vec<Spanned<RawHeading>>>,
    what: &str,
    diags: &mut Vec<Diag>,
) -> Vec<Heading> {
    let n = list.get_ref().len();
    if n == 0 || n > MAX_CELLS_PER_SIDE {
        let msg = format!("a table has 1 to {MAX_CELLS_PER_SIDE} {what}s, not {n}");
        diags.push(Diag::new(list.span(), msg));
    }
    let mut out: Vec<Heading> = Vec::new();
    for h in list.get_ref() {
        let (name, at) = (h.get_ref().name.get_ref(), h.get_ref().name.span());
        if let Some(why) = name_problem(name) {
            diags.push(Diag::new(at, format!("{what} {name:?}: {why}")));
        } else if out.iter().any(|o| &o.name == name) {
            diags.push(Diag::new(at, format!("{what} {name:?} is named twice")));
        } else {
            let label = label(&h.get_ref().label, name);
            out.push(Heading {
                name: name.clone(),
                label,
            });
        }
    }
    out
}

fn names(h: &[Heading]) -> String {
    let v: Vec<&str> = h.iter().map(|h| h.name.as_str()).collect();
    v.join(", ")
}

/// The cell a `measure` step names, or why it names none.
pub(super) fn cell(
    tables: &[TableSpec],
    table: &str,
    row: Option<(&str, Range<usize>)>,
    column: Option<(&str, Range<usize>)>,
) -> Result<Cell, (Option<Range<usize>>, String)> {
    let Some(t) = tables.iter().find(|t| t.name == table) else {
        let known: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let known = if known.is_empty() {
            "none is declared".to_string()
        } else {
            format!("the tables: {}", known.join(", "))
        };
        return Err((
            None,
            format!("no table named {table:?} under [tables] ({known})"),
        ));
    };
    let (Some((row, row_at)), Some((column, col_at))) = (row, column) else {
        return Err((
            None,
            "measure needs row = \"...\" and column = \"...\"".into(),
        ));
    };
    if !t.rows.iter().any(|r| r.name == row) {
        let msg = format!(
            "table {table} has no row {row:?} (its rows: {})",
            names(&t.rows)
        );
        return Err((Some(row_at), msg));
    }
    if !t.columns.iter().any(|c| c.name == column) {
        let msg = format!(
            "table {table} has no column {column:?} (its columns: {})",
            names(&t.columns)
        );
        return Err((Some(col_at), msg));
    }
    Ok(Cell {
        table: table.into(),
        row: row.into(),
        column: column.into(),
    })
}
