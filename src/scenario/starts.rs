//! The static bound on processes and threads. An actor starts once, as a
//! Python `Process` or `Thread` object does: a `start` that `repeat` or `each`
//! unrolls into several starts of the same actor is refused (check_restarts).
//! Every other `start` counts once for each unrolled copy, a `start` in either
//! branch of an `if` counts, and it counts again for every time the actor
//! whose script it is may run (started from two steps: twice). A `start`
//! inside a `loop`, which could run without end, is refused. With the main
//! process and the pools' workers, the sum must stay within MAX_PROCESSES and
//! MAX_THREADS. The runtime counts what really starts, too
//! (src/runtime/start_limits.rs).

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::diag::Diag;
use super::plan::ActorSpec;
use super::raw::Targets;
use super::resolve::{Instance, MAX_PROCESSES, MAX_THREADS};
use super::steps::StepBuilder;
use crate::event::ActorKind;

/// One actor named by one `start` step (once per unrolled copy).
pub(super) struct Start {
    /// The actor whose script has the step.
    pub by: String,
    /// The instance it starts.
    pub started: usize,
    pub at: Range<usize>,
}

impl StepBuilder<'_, '_> {
    /// Note each name `start` starts; inside a `loop` it is refused.
    pub(super) fn count_starts(&mut self, t: &Spanned<Targets>, found: &[usize]) {
        if self.loops > 0 {
            let msg = "start inside a loop could start processes or threads without end: \
                       declare count = N on the actor and start them all at once, or use \
                       repeat or each (the limits are 64 processes and 1024 threads)";
            return self.err(t.span(), msg);
        }
        for &i in found {
            self.starts.push(Start {
                by: self.me.name.clone(),
                started: i,
                at: t.span(),
            });
        }
    }
}

/// A `start` step that `repeat` or `each` unrolls into several starts of the
/// same actor: Python starts a `Process` or `Thread` object once, and a second
/// `start()` raises (the runtime refuses it too), so the file says what it
/// cannot mean. Starts in different steps (the branches of an `if`) are left.
pub(super) fn check_restarts(starts: &[Start], instances: &[Instance], diags: &mut Vec<Diag>) {
    let mut seen: HashMap<(usize, usize), u32> = HashMap::new();
    for s in starts {
        let n = seen.entry((s.started, s.at.start)).or_default();
        *n += 1;
        if *n != 2 {
            continue;
        }
        let inst = &instances[s.started];
        let (what, python) = match inst.kind {
            ActorKind::Process => ("process", "AssertionError: cannot start a process twice"),
            ActorKind::Thread => ("thread", "RuntimeError: threads can only be started once"),
            ActorKind::Coroutine => (
                "coroutine",
                "RuntimeError: cannot reuse already awaited coroutine",
            ),
        };
        let msg = format!(
            "this start runs more than once for {name}, but a {what} starts only once \
             (Python: {python}); declare count = N on {name} and start \"{name}*\" \
             (or \"{{it}}\" in an each) to start N of them",
            name = inst.name
        );
        diags.push(Diag::new(s.at.clone(), msg));
    }
}

/// Report the first `start` (in script order, actor by actor) that takes the
/// run past a limit; `fixed` are the actors started without a `start` step
/// (the pools' workers and result threads); main is started once by the host.
pub(super) fn check_bound(
    starts: &[Start],
    instances: &[Instance],
    fixed: &[ActorSpec],
    diags: &mut Vec<Diag>,
) {
    // A step unrolled into starts of one actor starts it once (the rest are
    // refused: see check_restarts).
    let mut once = std::collections::HashSet::new();
    let starts: Vec<&Start> = starts
        .iter()
        .filter(|s| once.insert((s.started, s.at.start)))
        .collect();
    let runs = runs(&starts, instances);
    let index: HashMap<&str, usize> = instances
        .iter()
        .enumerate()
        .map(|(i, inst)| (inst.name.as_str(), i))
        .collect();
    let mut procs = fixed
        .iter()
        .filter(|a| a.kind == ActorKind::Process)
        .count() as u64;
    let mut threads = fixed.len() as u64 - procs;
    procs += 1; // main
    let (mut proc_told, mut thread_told) = (false, false);
    for s in &starts {
        let times = index.get(s.by.as_str()).map_or(1, |&i| runs[i]);
        let (n, max, told, what) = match instances[s.started].kind {
            ActorKind::Process => (&mut procs, MAX_PROCESSES, &mut proc_told, "processes"),
            ActorKind::Thread => (&mut threads, MAX_THREADS, &mut thread_told, "threads"),
            // A task starts no OS thread or process.
            ActorKind::Coroutine => continue,
        };
        *n = n.saturating_add(times);
        if *n > max as u64 && !*told {
            *told = true;
            let msg = format!(
                "this start takes the run past {max} {what} (counting every repeat, both \
                 branches of an if, and each time the actor running it is started): the \
                 limit is {max}"
            );
            diags.push(Diag::new(s.at.clone(), msg));
        }
    }
}

/// How many times each instance runs: main once; another as many times as
/// its parent's script starts it, times the runs of that parent.
fn runs(starts: &[&Start], instances: &[Instance]) -> Vec<u64> {
    let mut steps = vec![0u64; instances.len()];
    for s in starts {
        steps[s.started] += 1;
    }
    let index: HashMap<&str, usize> = instances
        .iter()
        .enumerate()
        .map(|(i, inst)| (inst.name.as_str(), i))
        .collect();
    let mut runs: Vec<Option<u64>> = vec![None; instances.len()];
    for i in 0..instances.len() {
        // Walk up to a known ancestor or to main, then fill in on the way
        // down; a parent that is unknown or a cycle (refused elsewhere) gives 0.
        let mut chain = Vec::new();
        let mut at = i;
        let base = loop {
            if let Some(r) = runs[at] {
                break r;
            }
            chain.push(at);
            let parent = instances[at].parent.as_deref();
            match parent.map(|p| index.get(p)) {
                None => {
                    chain.pop();
                    runs[at] = Some(1);
                    break 1;
                }
                Some(None) => break 0,
                Some(Some(p)) if chain.contains(p) => break 0,
                Some(Some(&p)) => at = p,
            }
        };
        let mut r = base;
        for &k in chain.iter().rev() {
            r = r.saturating_mul(steps[k]);
            runs[k] = Some(r);
        }
    }
    runs.into_iter().map(|r| r.unwrap_or(0)).collect()
}
