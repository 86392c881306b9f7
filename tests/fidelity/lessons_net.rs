//! The facts compared for the networking lessons:
//! tcp-echo, sticky-packets and threaded-server. Ports and pids are digits,
//! which the printed-line shapes mask; the facts read bytes, counts and the
//! order of the lines the lessons promise.

use super::outcome::Out;
use super::specs::{n, Facts};

/// The echo: what main got, what came back, and that the client connected.
pub fn tcp_echo(o: &Out) -> Facts {
    vec![
        ("listening", n(o.count("^main (pid "))),
        ("connected", n(o.count("): connected"))),
        (
            "main got",
            n(o.count("^main: got hello, server (13 bytes)")),
        ),
        ("echo", n(o.count("^client: the echo is hello, server"))),
        ("done", n(o.count("^main: done"))),
    ]
}

/// The echo after a refused first connect, which comes before the listen.
pub fn tcp_echo_refused(o: &Out) -> Facts {
    let mut f = tcp_echo(o);
    f.push(("refused", n(o.count("ConnectionRefusedError"))));
    f.push((
        "refused vs listening",
        o.order("ConnectionRefusedError", "listening on"),
    ));
    f
}

/// What the client sent, and what each of main's three reads returned.
pub fn sticky(o: &Out) -> Facts {
    vec![("sent", o.seq("^client: sent ")), ("read", reads(o))]
}

/// main's three reads as `SIZE:TEXT`, in order (`recv k returned N bytes:
/// T` for raw, `message k is N bytes: T` for framed).
fn reads(o: &Out) -> String {
    o.lines
        .iter()
        .filter(|l| l.starts_with("main: recv ") || l.starts_with("main: message "))
        .filter_map(|l| {
            let (head, text) = l.split_once(" bytes: ").unwrap_or((l, ""));
            let size = head.rsplit(' ').next()?;
            Some(format!("{size}:{text}"))
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Every client served; whether connection 1 was accepted before or after
/// connection 0 was done; main's time, as the longest or the sum of the 1 s
/// pieces of work.
pub fn threaded(o: &Out) -> Facts {
    let secs = o
        .lines
        .iter()
        .find_map(|l| l.split(" clients served in ").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|x| x.parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    let kind = if (secs - 1.0).abs() <= 0.4 {
        "about 1 s"
    } else if (secs - 3.0).abs() <= 1.0 {
        "about 3 s"
    } else {
        "neither"
    };
    vec![
        ("got", n(o.count(": got hello from client"))),
        ("served", n(o.count(": served on connection "))),
        ("done", n(o.count(": done"))),
        (
            "accepted 1 vs connection 0 done",
            o.order("^main: accepted connection 1", "^connection 0: done"),
        ),
        ("took", kind.to_string()),
    ]
}
