//! What every conlab benchmark shares: its flags (`--quick`, `--guard`), the
//! statistics it prints (median, p95), and the guard that turns a ratio that fell
//! below half its target into exit status 1, so CI sees a regression.
//!
//! Included by each bench with `#[path = "support/mod.rs"] mod support;` (a
//! directory without `main.rs` is not a bench target of its own).

#![allow(dead_code)] // Each bench uses its own part of this.

use std::time::Duration;

/// The command line a bench was given after `cargo bench --bench NAME --`.
pub struct Flags {
    /// A run of a few seconds: fewer rounds, the largest sizes skipped.
    pub quick: bool,
    /// Exit 1 when any ratio is below half its target.
    pub guard: bool,
}

impl Flags {
    /// Read the flags; anything else (cargo passes `--bench`) is ignored.
    pub fn parse() -> Flags {
        let args: Vec<String> = std::env::args().skip(1).collect();
        Flags {
            quick: args.iter().any(|a| a == "--quick"),
            guard: args.iter().any(|a| a == "--guard"),
        }
    }

    /// `cargo test --benches` runs each bench with `--list`: say nothing and end.
    pub fn listing() -> bool {
        std::env::args().any(|a| a == "--list")
    }
}

/// The value half-way through the sorted samples.
pub fn median(samples: &[Duration]) -> Duration {
    percentile(samples, 50)
}

/// The value `pct` percent of the way through the sorted samples.
pub fn percentile(samples: &[Duration], pct: usize) -> Duration {
    let mut v = samples.to_vec();
    v.sort();
    let i = ((v.len() - 1) * pct + 50) / 100;
    v[i.min(v.len() - 1)]
}

/// Microseconds as a float, for printing.
pub fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Milliseconds as a float, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// How a figure compares with its target. Every figure is put as a "score",
/// where higher is better and 1.0 is exactly on target (e.g. budget / time, or
/// target ratio / measured ratio), so "half the target" means score < 0.5.
pub struct Guard {
    name: &'static str,
    failures: Vec<String>,
}

impl Guard {
    pub fn new(name: &'static str) -> Guard {
        Guard {
            name,
            failures: Vec::new(),
        }
    }

    /// Record a figure's score against its target (1.0 = on target).
    pub fn score(&mut self, figure: &str, score: f64) {
        if score < 0.5 {
            self.failures.push(format!(
                "{figure}: at {score:.2} of its target, below half of it"
            ));
        }
    }

    /// With `--guard`, exit 1 naming every figure below half its target.
    pub fn finish(self, flags: &Flags) {
        if self.failures.is_empty() {
            if flags.guard {
                println!("guard ({}): every figure within half its target", self.name);
            }
            return;
        }
        for f in &self.failures {
            eprintln!("guard ({}): {f}", self.name);
        }
        if flags.guard {
            eprintln!(
                "guard ({}): {} figure(s) below half their target; failing",
                self.name,
                self.failures.len()
            );
            std::process::exit(1);
        }
    }
}
