//! What one run of either side left to compare: its printed lines, how it
//! ended, and how long it took; and the small matchers the lesson specs use.

use std::time::Duration;

/// One run of a program (Python) or a lesson (the lab).
#[derive(Debug, Clone)]
pub struct Out {
    /// Printed lines in the order they appeared; errors as `error: TEXT`,
    /// is_alive answers as `is_alive: True`.
    pub lines: Vec<String>,
    /// Only what was printed: the program's stdout lines (less the suite's
    /// own `fidelity: …` notes), the lab's `print` events, in order.
    pub prints: Vec<String>,
    /// `finished`, `exit N`, or `stuck` (Python: still running when killed;
    /// the lab: a deadlock was found, which it then breaks and Python never would).
    pub end: String,
    pub wall: Duration,
}

/// `^text` matches at the start of a line, anything else anywhere in it.
fn hit(line: &str, pat: &str) -> bool {
    match pat.strip_prefix('^') {
        Some(p) => line.starts_with(p),
        None => line.contains(pat),
    }
}

impl Out {
    /// Only the lines `f` keeps.
    pub fn keep(&self, f: impl Fn(&str) -> bool) -> Out {
        let lines = self.lines.iter().filter(|l| f(l)).cloned().collect();
        Out {
            lines,
            ..self.clone()
        }
    }

    pub fn count(&self, pat: &str) -> usize {
        self.lines.iter().filter(|l| hit(l, pat)).count()
    }

    /// The word (letters, digits, `-`) right after `pat`, on each line that has it.
    pub fn grab(&self, pat: &str) -> Vec<String> {
        let key = pat.trim_start_matches('^');
        self.lines
            .iter()
            .filter(|l| hit(l, pat))
            .filter_map(|l| {
                let at = l.find(key)? + key.len();
                let word: String = l[at..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '-')
                    .collect();
                Some(word)
            })
            .collect()
    }

    /// `grab`, joined in printed order.
    pub fn seq(&self, pat: &str) -> String {
        self.grab(pat).join(",")
    }

    /// `grab`, sorted (who, not in what order).
    pub fn set(&self, pat: &str) -> String {
        let mut v = self.grab(pat);
        v.sort_by(|a, b| match (a.parse::<i64>(), b.parse::<i64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            _ => a.cmp(b),
        });
        v.dedup();
        v.join(",")
    }

    /// The last `grab`, or `none`.
    pub fn last(&self, pat: &str) -> String {
        self.grab(pat).pop().unwrap_or_else(|| "none".into())
    }

    /// Every line matching `a` printed before every line matching `b`
    /// (`before`), every one after (`after`), or neither (`mixed`).
    pub fn order(&self, a: &str, b: &str) -> String {
        let pos = |p: &str| -> Vec<usize> {
            (0..self.lines.len())
                .filter(|&i| hit(&self.lines[i], p))
                .collect()
        };
        let (xs, ys) = (pos(a), pos(b));
        let (Some(&xl), Some(&yf), Some(&xf), Some(&yl)) =
            (xs.last(), ys.first(), xs.first(), ys.last())
        else {
            return "missing".into();
        };
        if xl < yf {
            "before".into()
        } else if xf > yl {
            "after".into()
        } else {
            "mixed".into()
        }
    }

    /// `same` when every word after `b` equals the first word after `a`,
    /// `different` when none does, else `mixed`; `missing` when either is absent.
    pub fn rel(&self, a: &str, b: &str) -> String {
        let Some(x) = self.grab(a).into_iter().next() else {
            return "missing".into();
        };
        let ys = self.grab(b);
        if ys.is_empty() {
            "missing".into()
        } else if ys.iter().all(|y| *y == x) {
            "same".into()
        } else if ys.iter().all(|y| *y != x) {
            "different".into()
        } else {
            "mixed".into()
        }
    }
}

/// A fact's value over several runs: the most frequent one, ties to the
/// first seen, with how many runs gave it.
pub fn majority(values: &[String]) -> (String, usize) {
    let mut best = (String::new(), 0);
    for v in values {
        let n = values.iter().filter(|w| *w == v).count();
        if n > best.1 {
            best = (v.clone(), n);
        }
    }
    best
}
