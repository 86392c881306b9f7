//! Facts of the server lessons (pool-server, many-clients), read from the
//! prints alone, the same way on both sides.

use super::outcome::Out;
use super::specs::{n, Facts};

/// The most clients a worker was serving at once: +1 at each `serving`,
/// -1 at each `done with`, in printed order (each worker prints its own
/// pair in order, so the count never runs ahead of the truth by more than
/// a line printed late by another worker).
fn most_served(o: &Out) -> usize {
    let (mut now, mut most) = (0i64, 0i64);
    for l in &o.lines {
        if l.contains(": serving ") {
            now += 1;
        } else if l.contains(": done with ") {
            now -= 1;
        }
        most = most.max(now);
    }
    most as usize
}

pub(crate) fn pool_server(o: &Out) -> Facts {
    let mut pids = o.grab("^worker ");
    pids.sort();
    pids.dedup();
    vec![
        ("connected", n(o.count(": connected"))),
        ("replies", o.set("got served hello ")),
        ("served", o.set(": serving hello ")),
        ("worker processes", n(pids.len())),
        ("most served at once", n(most_served(o))),
        (
            "main's last line",
            n(o.count("^main: 6 clients served by 2 workers")),
        ),
    ]
}

pub(crate) fn many_clients(o: &Out) -> Facts {
    vec![
        ("replies", o.last("^main: ")),
        ("out of", o.last(" of ")),
        (
            "server's count",
            [o.grab("^server: accepted "), o.grab("^server: served ")]
                .concat()
                .join(","),
        ),
    ]
}
