//! Tiny integer expressions for scripts: `t - 1`, `n * 2 + k`, `t > 0`,
//! `item == None`. Enough to write "read, check, decrement, write" and
//! "stop at the sentinel", and no more.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Python's None, as a whole number no arithmetic can reach: the identifier
/// `None` parses to it, items and locals carry it, `==` and `!=` compare it.
pub const NONE: i64 = i64::MIN;

/// A value as Python prints it: `None` for [`NONE`], else the number.
pub fn show(v: i64) -> String {
    if v == NONE {
        "None".to_string()
    } else {
        v.to_string()
    }
}

/// A value as an event's optional item: None for [`NONE`].
pub fn item(v: i64) -> Option<i64> {
    (v != NONE).then_some(v)
}

/// An expression over whole numbers and local variables; comparisons give 1 or 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    Num(i64),
    Var(String),
    Bin(Op, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    /// Binding strength: comparisons bind loosest.
    pub(super) fn level(self) -> u8 {
        match self {
            Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Eq | Op::Ne => 1,
            Op::Add | Op::Sub => 2,
            Op::Mul | Op::Div | Op::Rem => 3,
        }
    }

    fn apply(self, a: i64, b: i64) -> Result<i64, String> {
        if (a == NONE || b == NONE) && !matches!(self, Op::Eq | Op::Ne) {
            // Python: TypeError, unsupported operand type(s) for +: 'NoneType' and 'int'.
            return Err("unsupported operand: None".into());
        }
        let overflow = || "integer overflow".to_string();
        let n = match self {
            Op::Add => a.checked_add(b).ok_or_else(overflow)?,
            Op::Sub => a.checked_sub(b).ok_or_else(overflow)?,
            Op::Mul => a.checked_mul(b).ok_or_else(overflow)?,
            Op::Div | Op::Rem if b == 0 => return Err("division by zero".into()),
            Op::Div => a.checked_div(b).ok_or_else(overflow)?,
            Op::Rem => a.checked_rem(b).ok_or_else(overflow)?,
            Op::Lt => (a < b) as i64,
            Op::Le => (a <= b) as i64,
            Op::Gt => (a > b) as i64,
            Op::Ge => (a >= b) as i64,
            Op::Eq => (a == b) as i64,
            Op::Ne => (a != b) as i64,
        };
        // No sum may pose as None.
        if n == NONE {
            return Err(overflow());
        }
        Ok(n)
    }
}

impl Expr {
    /// Parse `text`; the error is a message for a teacher.
    pub fn parse(text: &str) -> Result<Expr, String> {
        super::expr_parse::parse(text).map_err(|e| e.message)
    }

    /// Parse `text`; the error says where in the text it went wrong.
    pub fn parse_at(text: &str) -> Result<Expr, super::expr_parse::ExprError> {
        super::expr_parse::parse(text)
    }

    pub fn eval(&self, vars: &BTreeMap<String, i64>) -> Result<i64, String> {
        match self {
            Expr::Num(n) => Ok(*n),
            Expr::Var(v) => vars
                .get(v)
                .copied()
                .ok_or_else(|| format!("{v} has no value yet (read or let it first)")),
            Expr::Bin(op, a, b) => op.apply(a.eval(vars)?, b.eval(vars)?),
        }
    }

    /// Local variable names the expression uses.
    pub fn vars(&self, out: &mut Vec<String>) {
        match self {
            Expr::Num(_) => {}
            Expr::Var(v) => out.push(v.clone()),
            Expr::Bin(_, a, b) => {
                a.vars(out);
                b.vars(out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, vars: &[(&str, i64)]) -> i64 {
        let vars = vars.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        Expr::parse(text).unwrap().eval(&vars).unwrap()
    }

    #[test]
    fn arithmetic_and_comparisons_follow_precedence() {
        assert_eq!(eval("t - 1", &[("t", 5)]), 4);
        assert_eq!(eval("2 + 3 * 4", &[]), 14);
        assert_eq!(eval("(2 + 3) * 4", &[]), 20);
        assert_eq!(eval("t > 0", &[("t", 1)]), 1);
        assert_eq!(eval("t - 1 >= 1", &[("t", 1)]), 0);
        assert_eq!(eval("-3 + n", &[("n", 3)]), 0);
        assert_eq!(eval("10 - 3 - 2", &[]), 5);
    }

    #[test]
    fn bad_text_and_unknown_names_are_errors() {
        assert!(Expr::parse("t -").is_err());
        assert!(Expr::parse("t ? 1").is_err());
        assert!(Expr::parse("(1 + 2").is_err());
        let e = Expr::parse("x + 1").unwrap();
        assert!(e.eval(&BTreeMap::new()).unwrap_err().contains("x"));
        assert!(Expr::parse("1 / 0")
            .unwrap()
            .eval(&BTreeMap::new())
            .is_err());
    }

    #[test]
    fn none_compares_but_does_not_compute() {
        assert_eq!(Expr::parse("None").unwrap(), Expr::Num(NONE));
        assert_eq!(eval("item == None", &[("item", NONE)]), 1);
        assert_eq!(eval("item == None", &[("item", 0)]), 0);
        assert_eq!(eval("item != None", &[("item", 3)]), 1);
        assert_eq!(eval("None == None", &[]), 1);
        for text in ["item + 1", "item * 2", "item < 3", "1 >= item", "item % 2"] {
            let vars = [("item".to_string(), NONE)].into();
            let err = Expr::parse(text).unwrap().eval(&vars).unwrap_err();
            assert_eq!(err, "unsupported operand: None", "{text}");
        }
        assert!(Expr::parse("-None").is_err());
        assert_eq!(
            Expr::parse("Nonesuch").unwrap(),
            Expr::Var("Nonesuch".into())
        );
        let mut used = Vec::new();
        Expr::parse("x == None").unwrap().vars(&mut used);
        assert_eq!(used, vec!["x".to_string()]);
        assert_eq!(
            (show(NONE), show(-4)),
            ("None".to_string(), "-4".to_string())
        );
        assert_eq!((item(NONE), item(7)), (None, Some(7)));
    }

    #[test]
    fn no_arithmetic_reaches_none() {
        let min = [("m".to_string(), -9_223_372_036_854_775_807)].into();
        let e = Expr::parse("m - 1").unwrap();
        assert_eq!(e.eval(&min).unwrap_err(), "integer overflow");
        let big = [("b".to_string(), i64::MAX)].into();
        assert!(Expr::parse("b + 1").unwrap().eval(&big).is_err());
    }
}
