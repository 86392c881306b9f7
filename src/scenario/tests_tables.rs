//! Tables of measured times and the `measure` step: what a good file plans,
//! and every wrong declaration or use reported at its FILE:LINE:COL.

use super::plan::Step;
use super::tables::{Cell, Measure};
use super::tests_flow::{at, errors, only_error_in};
use super::Scenario;

const TABLED: &str = r#"
id = "t"
title = { en = "t", zh = "t" }
summary = { en = "s", zh = "s" }

[tables.times]
title = { en = "times", zh = "耗时" }
baseline = "serial"
rows = [{ name = "serial", label = { en = "one by one", zh = "串行" } }, { name = "threads" }]
columns = [{ name = "cpu", label = "CPU" }]

[[actors]]
name = "main"
kind = "process"
script = [
  { measure = "times", row = "serial", column = "cpu", do = [{ work = "10ms" }] },
  { print = "serial: {seconds} s x{ratio}" },
]
"#;

fn cell(row: &str) -> Cell {
    Cell {
        table: "times".into(),
        row: row.into(),
        column: "cpu".into(),
    }
}

#[test]
fn a_table_and_a_measure_block_plan() {
    let sc = Scenario::parse("f.toml", TABLED).expect("valid");
    let plan = sc.plan(None, &[]).expect("plans");
    let t = &plan.tables[0];
    assert_eq!(t.rows[0].label.zh, "串行");
    assert_eq!(t.rows[1].label.en, "threads", "no label: the name");
    assert_eq!(
        t.columns[0].label.zh, "CPU",
        "a label given once serves both"
    );
    assert_eq!(t.baseline.as_deref(), Some("serial"));
    let script = &plan.root().script;
    assert_eq!(script[0], Step::Measure(Measure::Begin(cell("serial"))));
    assert!(matches!(script[1], Step::Work(_)));
    assert_eq!(script[2], Step::Measure(Measure::End(cell("serial"))));
    let json = serde_json::to_string(&plan).unwrap();
    let back: super::plan::Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan, "the plan crosses to the host as JSON");
}

#[test]
fn wrong_cells_are_refused_where_they_are_written() {
    let t = TABLED;
    only_error_in(
        t,
        "row = \"serial\", col",
        "row = \"parallel\", col",
        "\"parallel\"",
        "no row \"parallel\" (its rows: serial, threads)",
    );
    only_error_in(
        t,
        "column = \"cpu\", do",
        "column = \"gpu\", do",
        "\"gpu\"",
        "no column \"gpu\"",
    );
    only_error_in(
        t,
        "measure = \"times\"",
        "measure = \"speeds\"",
        "\"speeds\"",
        "no table named \"speeds\"",
    );
    only_error_in(
        t,
        "row = \"serial\", col",
        "col",
        "\"times\", column",
        "needs row",
    );
    only_error_in(
        t,
        ", do = [{ work = \"10ms\" }] }",
        " }",
        "{ measure",
        "needs a do",
    );
}

#[test]
fn wrong_tables_are_refused_where_they_are_written() {
    let t = TABLED;
    only_error_in(
        t,
        "baseline = \"serial\"",
        "baseline = \"fast\"",
        "\"fast\"",
        "not a row of this table",
    );
    only_error_in(
        t,
        "{ name = \"threads\" }",
        "{ name = \"serial\" }",
        "\"serial\" }",
        "named twice",
    );
    // No columns: the measure's column is then missing too (two errors).
    let src = t.replace(
        "columns = [{ name = \"cpu\", label = \"CPU\" }]",
        "columns = []",
    );
    let want = format!("{}: a table has 1 to 8 columns, not 0", at(&src, "[]"));
    assert!(errors(&src).contains(&want), "{:?}", errors(&src));
    only_error_in(
        t,
        "rows = [",
        "rows = [{ name = \"a b\" }, ",
        "\"a b\"",
        "row \"a b\"",
    );
    only_error_in(
        t,
        "baseline = \"serial\"",
        "colour = \"red\"\nbaseline = \"serial\"",
        "colour",
        "colour",
    );
}

#[test]
fn seconds_and_ratio_are_known_only_after_a_measure() {
    let before = TABLED.replace("script = [\n", "script = [\n  { print = \"{seconds}\" },\n");
    let errs = errors(&before);
    assert!(
        errs.iter()
            .any(|e| e.contains("unknown placeholder {seconds}")),
        "{errs:?}"
    );
}

#[test]
fn a_break_cannot_leave_a_measure_block() {
    let src = TABLED.replace(
        "do = [{ work = \"10ms\" }]",
        "do = [{ loop = [{ measure = \"times\", row = \"threads\", column = \"cpu\", do = [{ break = true }] }] }]",
    );
    let errs = errors(&src);
    assert!(errs.iter().any(|e| e.contains("break")), "{errs:?}");
}
