//! Building the UDP and multiplexing steps: `bind`, `sendto`, `recvfrom`,
//! `setblocking`, `select` and `if_listener` (plan_mux.rs).

use std::ops::Range;

use toml::Spanned;

use super::decls::name_problem;
use super::decls_net::may_be;
use super::plan::Step;
use super::plan_mux::{How, MuxStep};
use super::plan_net::Proto;
use super::raw::RawStep;
use super::resolve::eval_int;
use super::steps::StepBuilder;
use super::values::Env;
use super::verbs::Ctx;

/// recvfrom's largest size (the largest UDP payload on loopback is 65507).
pub const MAX_DATAGRAM: i64 = 65_507;
/// The longest text one sendto may carry.
pub const MAX_TEXT: usize = 4096;
/// The most names or patterns one select may watch.
pub const MAX_WATCHED: usize = 64;

impl StepBuilder<'_, '_> {
    /// Build a UDP or multiplexing step; false when the step is another kind.
    pub(super) fn mux_verb(&mut self, r: &RawStep, env: &Env, at: Range<usize>) -> bool {
        let verb = match mux_target(r) {
            Some(v) => v,
            None => return false,
        };
        if matches!(self.ctx, Ctx::Callback | Ctx::Coroutine) {
            let msg = format!(
                "{verb} cannot be used in a callback or a coroutine (a callback runs on the \
                 pool's result thread, a coroutine on its loop): use it in actors and pool tasks"
            );
            self.err(at, msg);
            return true;
        }
        if let Some(step) = self.mux_step(verb, r, env, &at) {
            self.push(Step::Mux(step));
        }
        true
    }

    fn mux_step(
        &mut self,
        verb: &str,
        r: &RawStep,
        env: &Env,
        at: &Range<usize>,
    ) -> Option<MuxStep> {
        let into = |b: &mut Self| r.into.as_ref().and_then(|i| b.local_name(i));
        Some(match verb {
            "bind" => MuxStep::Bind {
                sock: self.udp_declared(r.bind.as_ref()?, env, "bind")?,
            },
            "sendto" => self.sendto(r, env, at)?,
            "recvfrom" => MuxStep::RecvFrom {
                sock: self.udp_sock(r.recvfrom.as_ref()?, env)?,
                size: self.datagram_size(r, env)?,
                timeout: self.mux_timeout(r, env)?,
                into: into(self),
            },
            "setblocking" => self.setblocking(r, env, at)?,
            "select" => self.select(r, env, at)?,
            _ => {
                let sock = self.text(r.if_listener.as_ref()?, env)?;
                MuxStep::IfListener {
                    sock,
                    then: self.nested(r.then.as_deref().unwrap_or_default(), env),
                    otherwise: self.nested(r.otherwise.as_deref().unwrap_or_default(), env),
                }
            }
        })
    }

    fn sendto(&mut self, r: &RawStep, env: &Env, at: &Range<usize>) -> Option<MuxStep> {
        let sock = self.udp_sock(r.sendto.as_ref()?, env);
        let Some(to) = &r.to else {
            let msg = "sendto needs to = \"NAME\", a udp socket declared under [sockets]";
            self.err(at.clone(), msg);
            return None;
        };
        let to = self.udp_declared(to, env, "sendto's to");
        let Some(t) = &r.text else {
            self.err(at.clone(), "sendto needs text = \"the datagram\"");
            return None;
        };
        let text = self.text(t, env)?;
        if text.len() > MAX_TEXT {
            let msg = format!("text is {} bytes: the most is {MAX_TEXT}", text.len());
            self.err(t.span(), msg);
            return None;
        }
        Some(MuxStep::SendTo {
            sock: sock?,
            to: to?,
            text,
        })
    }

    fn setblocking(&mut self, r: &RawStep, env: &Env, at: &Range<usize>) -> Option<MuxStep> {
        let sock = self.mux_sock(r.setblocking.as_ref()?, env);
        let Some(b) = &r.blocking else {
            let msg = "setblocking needs blocking = false (or true), as sock.setblocking(False)";
            self.err(at.clone(), msg);
            return None;
        };
        Some(MuxStep::SetBlocking {
            sock: sock?,
            blocking: *b.get_ref(),
        })
    }

    fn select(&mut self, r: &RawStep, env: &Env, at: &Range<usize>) -> Option<MuxStep> {
        let how = match &r.how {
            None => How::Select,
            Some(h) => match How::parse(&self.text(h, env)?) {
                Some(how) => how,
                None => {
                    let msg = format!(
                        "how must be {}, not {:?}",
                        How::NAMES.join(", "),
                        self.text(h, env)?
                    );
                    self.err(h.span(), msg);
                    return None;
                }
            },
        };
        let watched = r.select.as_ref()?;
        let items = watched.get_ref().items();
        if items.is_empty() || items.len() > MAX_WATCHED {
            let msg = format!(
                "select watches 1..={MAX_WATCHED} sockets, not {}",
                items.len()
            );
            self.err(watched.span(), msg);
            return None;
        }
        let mut watch = Vec::new();
        for item in &items {
            let s = Spanned::new(watched.span(), item.clone());
            watch.push(self.watched(&s, env)?);
        }
        let name = match &r.as_name {
            Some(a) => self.local_name(a)?,
            None => "s".to_string(),
        };
        let timeout = self.mux_timeout(r, env)?;
        let into = r.into.as_ref().and_then(|i| self.local_name(i));
        let body = self.nested(r.body.as_deref().unwrap_or_default(), env);
        if body.is_empty() {
            self.err(
                at.clone(),
                "select needs do = [ ... ], run once per ready socket",
            );
            return None;
        }
        Some(MuxStep::Select {
            how,
            watch,
            timeout,
            name,
            body,
            into,
        })
    }

    /// A name or a `prefix*` pattern select may watch.
    fn watched(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.text(s, env)?;
        let Some(prefix) = name.strip_suffix('*') else {
            return self.mux_sock(s, env);
        };
        let known = self
            .decls
            .sockets
            .iter()
            .any(|d| d.name.starts_with(prefix))
            || self
                .decls
                .sock_names
                .iter()
                .any(|g| may_be(prefix, g) || g.starts_with(prefix));
        if known {
            return Some(name);
        }
        let msg = format!("{name:?} matches no declared socket and no name an `as` gives");
        self.err(s.span(), msg);
        None
    }

    /// A declared UDP socket's name.
    fn udp_declared(&mut self, s: &Spanned<String>, env: &Env, what: &str) -> Option<String> {
        let name = self.text(s, env)?;
        match self.decls.sockets.iter().find(|d| d.name == name) {
            Some(d) if d.proto == Proto::Udp => Some(name),
            Some(_) => {
                let msg = format!("{what} needs a udp socket; {name} is tcp");
                self.err(s.span(), msg);
                None
            }
            None => {
                let msg = format!(
                    "{what} {name:?} is not a udp socket declared under [sockets] (a lesson \
                     may only send to its own sockets on 127.0.0.1, ::1 or localhost)"
                );
                self.err(s.span(), msg);
                None
            }
        }
    }

    /// A UDP socket a step sends or receives on: a declared one, or a name
    /// of this process's own fresh socket (not a declared TCP socket's).
    fn udp_sock(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.text(s, env)?;
        let tcp = self
            .decls
            .sockets
            .iter()
            .any(|d| d.name == name && d.proto == Proto::Tcp);
        let literal: String = name.split(['{', '}']).step_by(2).collect();
        let problem = match name_problem(&literal) {
            Some(why) if !(literal.is_empty() && name.contains('{')) => Some(why),
            _ => tcp.then(|| "that is a tcp socket; sendto and recvfrom need udp".into()),
        };
        match problem {
            Some(why) => {
                self.err(s.span(), format!("{name:?}: {why}"));
                None
            }
            None => Some(name),
        }
    }

    /// Any socket: declared, given by an `as`, or filled at run time.
    fn mux_sock(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.text(s, env)?;
        let declared = self.decls.sockets.iter().any(|d| d.name == name);
        if declared || self.decls.sock_names.iter().any(|g| may_be(&name, g)) {
            return Some(name);
        }
        let msg = format!(
            "no socket named {name:?}: declare [sockets.{name}], or name one with as = \"...\" \
             on an accept or a connect"
        );
        self.err(s.span(), msg);
        None
    }

    fn datagram_size(&mut self, r: &RawStep, env: &Env) -> Option<u32> {
        let Some(s) = &r.size else {
            return Some(1024);
        };
        let mut diags = Vec::new();
        let n = eval_int(s, env, &mut diags);
        self.diags.extend(diags);
        match n? {
            n if (1..=MAX_DATAGRAM).contains(&n) => Some(n as u32),
            n => {
                self.err(s.span(), format!("size {n} must be 1..={MAX_DATAGRAM}"));
                None
            }
        }
    }

    fn mux_timeout(&mut self, r: &RawStep, env: &Env) -> Option<Option<std::time::Duration>> {
        match &r.timeout {
            None => Some(None),
            Some(t) => self.timeout(t, env).map(Some),
        }
    }
}

/// The UDP or multiplexing verb of a step, if it has one.
fn mux_target(r: &RawStep) -> Option<&'static str> {
    [
        ("bind", r.bind.is_some()),
        ("sendto", r.sendto.is_some()),
        ("recvfrom", r.recvfrom.is_some()),
        ("setblocking", r.setblocking.is_some()),
        ("select", r.select.is_some()),
        ("if_listener", r.if_listener.is_some()),
    ]
    .into_iter()
    .find_map(|(v, p)| p.then_some(v))
}
