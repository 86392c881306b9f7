//! The static bound on processes and threads (issue 11): every `start` in a
//! script counts once for each time `repeat` or `each` unrolls it (they are
//! unrolled in the plan), a `start` in either branch of an `if` counts, and a
//! `start` inside a `loop`, which could run without end, is refused. With the
//! main process and the pools' workers, the sum must stay within
//! MAX_PROCESSES and MAX_THREADS. The runtime counts live and total starts too.

use std::ops::Range;

use toml::Spanned;

use super::diag::Diag;
use super::plan::ActorSpec;
use super::raw::Targets;
use super::resolve::{MAX_PROCESSES, MAX_THREADS};
use super::steps::StepBuilder;
use crate::event::ActorKind;

impl StepBuilder<'_, '_> {
    /// Note each name `start` starts; inside a `loop` it is refused.
    pub(super) fn count_starts(&mut self, t: &Spanned<Targets>, found: &[usize]) {
        if self.loops > 0 {
            let msg = "start inside a loop could start processes or threads without end: \
                       use repeat = N (the limits are 64 processes and 256 threads)";
            return self.err(t.span(), msg);
        }
        for &i in found {
            self.starts.push((self.all[i].kind, t.span()));
        }
    }
}

/// Report the first `start` (in script order, actor by actor) that takes the
/// run past a limit; `fixed` are the actors started without a `start` step
/// (main, the pools' workers and result threads).
pub(super) fn check_bound(
    starts: &[(ActorKind, Range<usize>)],
    fixed: &[ActorSpec],
    main: Option<ActorKind>,
    diags: &mut Vec<Diag>,
) {
    let mut procs = fixed
        .iter()
        .filter(|a| a.kind == ActorKind::Process)
        .count();
    let mut threads = fixed.len() - procs;
    if main == Some(ActorKind::Process) {
        procs += 1;
    }
    let (mut proc_told, mut thread_told) = (false, false);
    for (kind, at) in starts {
        let (n, max, told, what) = match kind {
            ActorKind::Process => (&mut procs, MAX_PROCESSES, &mut proc_told, "processes"),
            ActorKind::Thread => (&mut threads, MAX_THREADS, &mut thread_told, "threads"),
        };
        *n += 1;
        if *n > max && !*told {
            *told = true;
            let msg = format!(
                "this start takes the run past {max} {what} (counting every repeat and \
                 both branches of an if): the limit is {max}"
            );
            diags.push(Diag::new(at.clone(), msg));
        }
    }
}
