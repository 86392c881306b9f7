//! Tables of measured times: declared up front (rows, columns, headings),
//! their cells filled by `measured` events as the run goes.

use crate::scenario::tables::TableSpec;

/// One declared table and the times measured so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub spec: TableSpec,
    /// Seconds per cell, row-major (`rows × columns`); None until measured.
    cells: Vec<Option<f64>>,
}

impl Table {
    fn new(spec: TableSpec) -> Table {
        let n = spec.rows.len() * spec.columns.len();
        Table {
            spec,
            cells: vec![None; n],
        }
    }

    fn at(&self, row: &str, column: &str) -> Option<usize> {
        let r = self.spec.rows.iter().position(|h| h.name == row)?;
        let c = self.spec.columns.iter().position(|h| h.name == column)?;
        Some(r * self.spec.columns.len() + c)
    }

    /// The seconds measured in a cell, if any yet.
    pub fn seconds(&self, row: &str, column: &str) -> Option<f64> {
        self.at(row, column).and_then(|i| self.cells[i])
    }

    /// A cell's time over its column's baseline time, once both are measured.
    pub fn ratio(&self, row: &str, column: &str) -> Option<f64> {
        let base = self.seconds(self.spec.baseline.as_deref()?, column)?;
        let t = self.seconds(row, column)?;
        (base > 0.0).then(|| t / base)
    }

    /// How many cells are measured.
    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| c.is_some()).count()
    }
}

/// Every table of the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tables {
    pub tables: Vec<Table>,
}

impl Tables {
    pub fn declare(&mut self, specs: &[TableSpec]) {
        self.tables = specs.iter().cloned().map(Table::new).collect();
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }

    /// A `measured` event; a table or cell not declared (a recording of
    /// another version of the scenario) is left out.
    pub fn measured(&mut self, table: &str, row: &str, column: &str, seconds: f64) {
        let Some(t) = self.tables.iter_mut().find(|t| t.spec.name == table) else {
            return;
        };
        if let Some(i) = t.at(row, column) {
            t.cells[i] = Some(seconds);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::tables::Heading;
    use crate::scenario::text::Text;

    fn h(n: &str) -> Heading {
        Heading {
            name: n.into(),
            label: Text::new(n, n),
        }
    }

    fn spec() -> TableSpec {
        TableSpec {
            name: "times".into(),
            title: Text::new("t", "t"),
            rows: vec![h("serial"), h("threads")],
            columns: vec![h("cpu"), h("io")],
            baseline: Some("serial".into()),
        }
    }

    #[test]
    fn cells_fill_and_ratios_need_the_baseline() {
        let mut t = Tables::default();
        t.declare(&[spec()]);
        t.measured("times", "threads", "cpu", 1.0);
        let table = &t.tables[0];
        assert_eq!(table.seconds("threads", "cpu"), Some(1.0));
        assert_eq!(table.ratio("threads", "cpu"), None, "no serial time yet");
        t.measured("times", "serial", "cpu", 2.0);
        t.measured("times", "nope", "cpu", 9.0);
        t.measured("other", "serial", "cpu", 9.0);
        let table = &t.tables[0];
        assert_eq!(table.ratio("threads", "cpu"), Some(0.5));
        assert_eq!(table.filled(), 2);
        assert_eq!(table.seconds("serial", "io"), None);
    }
}
