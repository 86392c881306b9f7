//! The socket verbs: `listen`, `accept`, `connect`, `send`, `sendall`,
//! `recv`, `close`, `shutdown`. `send`, `recv` and `close` on a pipe end (or
//! `close` on a pool) stay the pipe's (or pool's) steps.

use std::ops::Range;

use toml::Spanned;

use super::plan::Step;
use super::plan_net::NetStep;
use super::raw::RawStep;
use super::steps::StepBuilder;
use super::values::Env;
use super::verbs::Ctx;

/// recv's largest size.
pub const MAX_RECV: i64 = 65_536;
/// recv's size when the step does not say.
pub const DEFAULT_RECV: u32 = 1024;
/// The longest text one send may carry.
pub const MAX_TEXT: usize = 4096;

/// Options only a socket step takes (a pipe's send/recv does not).
const SOCKET_ONLY: &[&str] = &["text", "framed", "size", "timeout"];

impl StepBuilder<'_, '_> {
    /// Build a socket step; false when the step is of another kind (a pipe
    /// end's or a pool's send, recv or close among them).
    pub(super) fn net_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        let Some((verb, target)) = net_target(r) else {
            return false;
        };
        if matches!(verb, "send" | "recv" | "close") && self.not_a_socket(target, env, r) {
            return self.pipe_options(r, verb, at);
        }
        if self.ctx == Ctx::Callback {
            let msg = format!(
                "{verb} cannot be used in a callback: it runs on the pool's result thread; \
                 use sockets in actors, coroutines and pool tasks"
            );
            self.err(at, msg);
            return true;
        }
        let Some(step) = self.net_step(verb, target, r, env, &at) else {
            return true;
        };
        self.push(Step::Net(step));
        true
    }

    /// Whether `target` names a pipe end or a pool (not a socket); in a file
    /// without sockets, a send, recv or close without a socket's option is a
    /// pipe's too (its errors speak of pipes).
    fn not_a_socket(&self, target: &Spanned<String>, env: &Env, r: &RawStep) -> bool {
        let no_sockets = self.decls.sockets.is_empty() && self.decls.sock_names.is_empty();
        let socket_options = super::verbs::present(r)
            .iter()
            .any(|k| SOCKET_ONLY.contains(k));
        if no_sockets && !socket_options {
            return true;
        }
        let Ok(name) = super::values::substitute(target.get_ref(), env) else {
            return false;
        };
        self.decls.pipe_of_end(&name).is_some() || self.decls.pool(&name).is_some()
    }

    /// A pipe's step with a socket's option is refused here; false: build it as usual.
    fn pipe_options(&mut self, r: &RawStep, verb: &str, at: Range<usize>) -> bool {
        let keys = super::verbs::present(r);
        let Some(bad) = keys.iter().find(|k| SOCKET_ONLY.contains(k)) else {
            return false;
        };
        let msg = format!("{bad} goes with a socket's {verb}, not a pipe end's or a pool's");
        self.err(at, msg);
        true
    }

    fn net_step(
        &mut self,
        verb: &str,
        target: &Spanned<String>,
        r: &RawStep,
        env: &Env,
        at: &Range<usize>,
    ) -> Option<NetStep> {
        let sock = match verb {
            "listen" | "connect" => self.declared(target, env, verb),
            "accept" => self.listener(target, env),
            _ => self.sock(target, env),
        };
        // Every part is built (and each wrong one reported) before giving up,
        // so a local named by `into` is known to the steps after.
        let step = match verb {
            "accept" | "connect" => {
                let default = if verb == "accept" { "conn" } else { "client" };
                let name = self.given(r, env, default);
                let timeout = self.net_timeout(r, env);
                let into = self.local_of(r);
                let (sock, name, timeout) = (sock?, name?, timeout?);
                if verb == "accept" {
                    NetStep::Accept {
                        sock,
                        name,
                        timeout,
                        into,
                    }
                } else {
                    let server = sock;
                    NetStep::Connect {
                        server,
                        name,
                        timeout,
                        into,
                    }
                }
            }
            "send" | "sendall" => self.send_step(verb, sock, r, env, at)?,
            "recv" => {
                let size = self.recv_size(r, env);
                let timeout = self.net_timeout(r, env);
                let into = self.local_of(r);
                NetStep::Recv {
                    sock: sock?,
                    size: size?,
                    framed: r.framed.as_ref().is_some_and(|f| *f.get_ref()),
                    timeout: timeout?,
                    into,
                }
            }
            "listen" => NetStep::Listen { sock: sock? },
            "close" => NetStep::Close { sock: sock? },
            _ => {
                let how = self.shut_how(r, at);
                NetStep::Shutdown {
                    sock: sock?,
                    how: how?,
                }
            }
        };
        Some(step)
    }

    fn local_of(&mut self, r: &RawStep) -> Option<String> {
        r.into.as_ref().and_then(|i| self.local_name(i))
    }

    fn send_step(
        &mut self,
        verb: &str,
        sock: Option<String>,
        r: &RawStep,
        env: &Env,
        at: &Range<usize>,
    ) -> Option<NetStep> {
        if let Some(v) = &r.value {
            let msg = format!("a socket's {verb} takes text = \"...\" (value is a pipe's item)");
            self.err(v.span(), msg);
            return None;
        }
        let Some(t) = &r.text else {
            let msg = format!("{verb} on a socket needs text = \"the bytes to send\"");
            self.err(at.clone(), msg);
            return None;
        };
        let into = self.local_of(r);
        let text = self.text(t, env)?;
        if text.len() > MAX_TEXT {
            let msg = format!("text is {} bytes: the most is {MAX_TEXT}", text.len());
            self.err(t.span(), msg);
            return None;
        }
        Some(NetStep::Send {
            sock: sock?,
            text,
            all: verb == "sendall",
            framed: r.framed.as_ref().is_some_and(|f| *f.get_ref()),
            into,
        })
    }
}

/// The socket verb of a step and what it names, if it has one.
fn net_target(r: &RawStep) -> Option<(&'static str, &Spanned<String>)> {
    [
        ("listen", &r.listen),
        ("accept", &r.accept),
        ("connect", &r.connect),
        ("send", &r.send),
        ("sendall", &r.sendall),
        ("recv", &r.recv),
        ("close", &r.close),
        ("shutdown", &r.shutdown),
    ]
    .into_iter()
    .find_map(|(v, t)| t.as_ref().map(|t| (v, t)))
}
