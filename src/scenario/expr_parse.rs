//! The expression scanner and parser: char-aware (any Unicode space is a
//! space), bounded in length and depth so that no text can overflow the
//! stack here, in `eval`, or in serde_json when the plan is sent to the host.

use super::expr::{Expr, Op, NONE};
use super::fullwidth;

/// Longest expression text, in bytes.
pub const MAX_EXPR_LEN: usize = 1_000;
/// Deepest expression tree (`1+1+1` is 2 deep) and deepest `(` nesting. A plan
/// carries expressions as nested JSON: 32 levels stay far below serde_json's
/// recursion limit of 128 with the plan's own nesting on top.
pub const MAX_EXPR_DEPTH: usize = 32;

/// Why an expression was refused, and where (a byte offset in its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub at: usize,
    pub message: String,
}

const OPS: [(&str, Op); 11] = [
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<", Op::Lt),
    (">", Op::Gt),
    ("+", Op::Add),
    ("-", Op::Sub),
    ("*", Op::Mul),
    ("/", Op::Div),
    ("%", Op::Rem),
];

/// An expression with the depth of its tree.
type Node = (Expr, usize);

pub fn parse(text: &str) -> Result<Expr, ExprError> {
    if text.len() > MAX_EXPR_LEN {
        return Err(ExprError {
            at: 0,
            message: format!(
                "the expression is {} characters long: the limit is {MAX_EXPR_LEN}",
                text.chars().count()
            ),
        });
    }
    let mut p = Parser {
        s: text,
        at: 0,
        parens: 0,
    };
    let (e, _) = p.binary(0)?;
    p.skip_ws();
    match p.peek() {
        None => Ok(e),
        Some(')') => Err(p.fail("this ')' has no '(' before it")),
        Some(c) => Err(p.unexpected(c)),
    }
}

struct Parser<'a> {
    s: &'a str,
    /// A byte offset, always on a char boundary.
    at: usize,
    parens: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.at += c.len_utf8();
        }
    }

    fn fail(&self, message: impl Into<String>) -> ExprError {
        ExprError {
            at: self.at,
            message: format!("in {}: {}", quoted(self.s), message.into()),
        }
    }

    fn unexpected(&self, c: char) -> ExprError {
        match fullwidth::hint(c) {
            Some(h) => self.fail(h),
            None => self.fail(format!(
                "unexpected {} (an expression has numbers, names, + - * / %, \
                 comparisons and parentheses)",
                fullwidth::describe(c)
            )),
        }
    }

    fn op(&mut self) -> Option<Op> {
        self.skip_ws();
        let (t, op) = OPS.iter().find(|(t, _)| self.rest().starts_with(t))?;
        self.at += t.len();
        Some(*op)
    }

    /// Precedence climbing: operands joined by operators binding tighter than
    /// `min`. A chain at one level (`1+1+1`) loops here rather than recursing,
    /// so the recursion is as deep as the levels and parentheses only.
    fn binary(&mut self, min: u8) -> Result<Node, ExprError> {
        let (mut left, mut depth) = self.atom()?;
        loop {
            let save = self.at;
            match self.op() {
                Some(op) if op.level() > min => {
                    let (right, d) = self.binary(op.level())?;
                    depth = 1 + depth.max(d);
                    if depth > MAX_EXPR_DEPTH {
                        self.at = save;
                        return Err(self.fail(format!(
                            "the expression is too deep (more than {MAX_EXPR_DEPTH} operators \
                             in a chain or nested): split it with let"
                        )));
                    }
                    left = Expr::Bin(op, Box::new(left), Box::new(right));
                }
                _ => {
                    self.at = save;
                    return Ok((left, depth));
                }
            }
        }
    }

    fn atom(&mut self) -> Result<Node, ExprError> {
        self.skip_ws();
        if self.rest().starts_with('(') {
            if self.parens >= MAX_EXPR_DEPTH {
                return Err(self.fail(format!(
                    "more than {MAX_EXPR_DEPTH} parentheses inside each other"
                )));
            }
            let open = self.at;
            self.at += 1;
            self.parens += 1;
            let inner = self.binary(0)?;
            self.parens -= 1;
            self.skip_ws();
            return match self.peek() {
                Some(')') => {
                    self.at += 1;
                    Ok(inner)
                }
                Some(c) if fullwidth::ascii_for(c).is_some() => Err(self.unexpected(c)),
                _ => {
                    self.at = open;
                    Err(self.fail("this '(' is not closed"))
                }
            };
        }
        self.number_or_name()
    }

    fn number_or_name(&mut self) -> Result<Node, ExprError> {
        let start = self.at;
        let negative = self.rest().starts_with('-');
        let s = self.s;
        let body = &s[self.at + negative as usize..];
        let len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let word = &body[..len];
        if word.is_empty() {
            self.at += negative as usize;
            return Err(match self.peek() {
                None => self.fail("a number or a name is missing at the end"),
                Some(c) if fullwidth::ascii_for(c).is_some() => self.unexpected(c),
                Some(c) => self.fail(format!(
                    "expected a number or a name, found {}",
                    fullwidth::describe(c)
                )),
            });
        }
        self.at += len + negative as usize;
        if word.bytes().all(|c| c.is_ascii_digit()) {
            let n: i64 = word.parse().map_err(|_| ExprError {
                at: start,
                message: format!(
                    "in {}: {word} is too large for a whole number",
                    quoted(self.s)
                ),
            })?;
            return Ok((Expr::Num(if negative { -n } else { n }), 0));
        }
        if word == "None" && !negative {
            return Ok((Expr::Num(NONE), 0));
        }
        if negative || word.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(ExprError {
                at: start,
                message: format!("in {}: {word:?} is not a number or a name", quoted(self.s)),
            });
        }
        Ok((Expr::Var(word.to_string()), 0))
    }
}

/// The expression as the message quotes it, cut when long.
fn quoted(s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() <= SHOWN {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(SHOWN).collect();
        format!("{head:?}…")
    }
}
