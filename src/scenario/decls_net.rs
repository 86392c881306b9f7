//! `[sockets.NAME]`: the sockets a scenario declares (loopback only), and the
//! socket names its steps give with `as`.

use serde::Deserialize;
use toml::Spanned;

use super::decls::name_problem;
use super::diag::Diag;
use super::plan_net::{Proto, SocketSpec};
use super::raw::{IntOrText, RawScenario, RawStep};
use super::resolve::eval_int;
use super::values::{substitute, Env};

/// The largest backlog a lesson may ask for.
pub const MAX_BACKLOG: i64 = 128;
/// listen()'s backlog when the file does not say.
pub const DEFAULT_BACKLOG: u32 = 5;
/// The most sockets one file may declare.
pub const MAX_SOCKETS: usize = 16;

/// The only addresses a lesson may bind, listen on or connect to.
pub const LOOPBACK: &[&str] = &["127.0.0.1", "::1", "localhost"];

/// `[sockets.NAME]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSocket {
    pub proto: Option<Spanned<String>>,
    pub host: Option<Spanned<String>>,
    pub backlog: Option<Spanned<IntOrText>>,
}

/// Every declared socket, checked.
pub(super) fn sockets(raw: &RawScenario, env: &Env, diags: &mut Vec<Diag>) -> Vec<SocketSpec> {
    if let Some((name, _)) = raw.sockets.iter().nth(MAX_SOCKETS) {
        let msg = format!("more than {MAX_SOCKETS} sockets are declared");
        diags.push(Diag::new(name.span(), msg));
    }
    raw.sockets
        .iter()
        .take(MAX_SOCKETS)
        .filter_map(|(name, s)| socket(name, s.get_ref(), env, diags))
        .collect()
}

fn socket(
    name: &Spanned<String>,
    s: &RawSocket,
    env: &Env,
    diags: &mut Vec<Diag>,
) -> Option<SocketSpec> {
    if let Some(why) = name_problem(name.get_ref()) {
        diags.push(Diag::new(
            name.span(),
            format!("socket {:?}: {why}", name.get_ref()),
        ));
        return None;
    }
    let proto = match s.proto.as_ref().map(|p| (p.get_ref().as_str(), p.span())) {
        None | Some(("tcp", _)) => Proto::Tcp,
        Some(("udp", _)) => Proto::Udp,
        Some((other, at)) => {
            let msg = format!("proto must be tcp or udp, not {other:?}");
            diags.push(Diag::new(at, msg));
            Proto::Tcp
        }
    };
    // A wrong host or backlog is reported; the socket stays declared, so
    // the steps that name it are not reported too.
    let host = s.host.as_ref().and_then(|h| loopback(h, env, diags));
    let host = host.unwrap_or_else(|| "127.0.0.1".to_string());
    let backlog = match (&s.backlog, proto) {
        (None, _) => DEFAULT_BACKLOG,
        (Some(b), Proto::Udp) => {
            let msg = "backlog goes with a tcp socket (a udp socket does not listen)";
            diags.push(Diag::new(b.span(), msg));
            DEFAULT_BACKLOG
        }
        (Some(b), Proto::Tcp) => match eval_int(b, env, diags) {
            Some(n) if (0..=MAX_BACKLOG).contains(&n) => n as u32,
            Some(n) => {
                let msg = format!("backlog {n} must be 0..={MAX_BACKLOG}");
                diags.push(Diag::new(b.span(), msg));
                DEFAULT_BACKLOG
            }
            None => DEFAULT_BACKLOG,
        },
    };
    Some(SocketSpec {
        name: name.get_ref().clone(),
        proto,
        host,
        backlog,
    })
}

/// The host, when it is a loopback address; else an error at its place.
fn loopback(h: &Spanned<String>, env: &Env, diags: &mut Vec<Diag>) -> Option<String> {
    let host = substitute(h.get_ref(), env)
        .map_err(|m| diags.push(Diag::new(h.span(), m)))
        .ok()?;
    if LOOPBACK.contains(&host.as_str()) {
        return Some(host);
    }
    let msg =
        format!("host {host:?} is not loopback: a lesson may only use 127.0.0.1, ::1 or localhost");
    diags.push(Diag::new(h.span(), msg));
    None
}

/// Every name an `accept` or a `connect` gives with `as`, anywhere in the
/// file (actors, variants, pools' tasks, the module), as written: a socket
/// step may name one of them (threads of a process share their sockets).
pub(super) fn given_names(raw: &RawScenario) -> Vec<String> {
    let mut out = Vec::new();
    for a in &raw.actors {
        scan(&a.get_ref().script, &mut out);
    }
    for v in &raw.variants {
        v.scripts.values().for_each(|s| scan(s, &mut out));
    }
    for p in raw.pools.values() {
        scan(&p.get_ref().task, &mut out);
    }
    if let Some(m) = &raw.module {
        scan(&m.get_ref().script, &mut out);
    }
    out
}

fn scan(steps: &[Spanned<RawStep>], out: &mut Vec<String>) {
    for s in steps {
        let r = s.get_ref();
        if r.accept.is_some() || r.connect.is_some() {
            let given = r.as_name.as_ref().map(|a| a.get_ref().clone());
            let default = if r.accept.is_some() { "conn" } else { "client" };
            out.push(given.unwrap_or_else(|| default.to_string()));
        }
        let nested = [&r.body, &r.then, &r.otherwise, &r.loop_body, &r.callback];
        for list in nested.into_iter().flatten() {
            scan(list, out);
        }
    }
}

/// Whether a socket name as a step writes it (placeholders left for run
/// time) may be the name `given` by an `as`: each `{...}` stands for any text.
pub(super) fn may_be(name: &str, given: &str) -> bool {
    let lit = |s: &str| s.split('{').next().unwrap_or("").to_string();
    let (a, b) = (lit(name), lit(given));
    let open = |s: &str| s.contains('{');
    match (open(name), open(given)) {
        (false, false) => name == given,
        (false, true) => name.starts_with(&b),
        (true, false) => given.starts_with(&a),
        (true, true) => a.starts_with(&b) || b.starts_with(&a),
    }
}
