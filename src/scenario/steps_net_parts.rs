//! The parts of a socket step: the sockets it names (declared, or given by
//! an `as`), the name an `as` gives, timeout, size and how.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::decls::name_problem;
use super::decls_net::may_be;
use super::plan_net::{Proto, ShutHow};
use super::raw::RawStep;
use super::resolve::eval_int;
use super::steps::StepBuilder;
use super::steps_net::{DEFAULT_RECV, MAX_RECV};
use super::values::Env;

impl StepBuilder<'_, '_> {
    /// A declared TCP socket's name (listen, connect).
    pub(super) fn declared(
        &mut self,
        s: &Spanned<String>,
        env: &Env,
        verb: &str,
    ) -> Option<String> {
        let name = self.name(s, env)?;
        let found = self.decls.sockets.iter().find(|d| d.name == name);
        match found.map(|d| d.proto) {
            Some(Proto::Tcp) => Some(name),
            Some(Proto::Udp) => {
                self.err(
                    s.span(),
                    format!("{verb} needs a tcp socket; {name} is udp"),
                );
                None
            }
            None => {
                let msg = format!(
                    "{verb} needs a socket declared under [sockets]; {name:?} is not one ({})",
                    self.declared_list()
                );
                self.err(s.span(), msg);
                None
            }
        }
    }

    /// accept's socket: a declared TCP socket, or a name filled at run time.
    pub(super) fn listener(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        if self.text(s, env)?.contains('{') {
            return self.sock(s, env);
        }
        self.declared(s, env, "accept")
    }

    pub(super) fn declared_list(&self) -> String {
        let names: Vec<&str> = self.decls.sockets.iter().map(|s| s.name.as_str()).collect();
        if names.is_empty() {
            "none is declared".into()
        } else {
            format!("declared: {}", names.join(", "))
        }
    }

    /// A socket a step works on: declared, or a name some `as` gives.
    pub(super) fn sock(&mut self, s: &Spanned<String>, env: &Env) -> Option<String> {
        let name = self.text(s, env)?;
        let declared = self.decls.sockets.iter().any(|d| d.name == name);
        if declared || self.decls.sock_names.iter().any(|g| may_be(&name, g)) {
            return Some(name);
        }
        let msg = format!(
            "no socket named {name:?}: declare [sockets.{name}], or name one with as = \"...\" \
             on an accept or a connect ({})",
            self.declared_list()
        );
        self.err(s.span(), msg);
        None
    }

    /// The name `as` gives a new socket (placeholders kept for run time).
    pub(super) fn given(&mut self, r: &RawStep, env: &Env, default: &str) -> Option<String> {
        let Some(a) = &r.as_name else {
            return Some(default.to_string());
        };
        let name = self.text(a, env)?;
        let literal: String = name.split(['{', '}']).step_by(2).collect();
        let problem = match name_problem(&literal) {
            Some(why) if !(literal.is_empty() && name.contains('{')) => Some(why),
            _ => self
                .decls
                .sockets
                .iter()
                .any(|d| d.name == name)
                .then(|| "that is a declared socket's name; give the new one its own".into()),
        };
        match problem {
            Some(why) => {
                self.err(a.span(), format!("as {name:?}: {why}"));
                None
            }
            None => Some(name),
        }
    }

    /// `timeout = "2s"`: Some(None) when absent, None when it is wrong.
    pub(super) fn net_timeout(&mut self, r: &RawStep, env: &Env) -> Option<Option<Duration>> {
        match &r.timeout {
            None => Some(None),
            Some(t) => self.timeout(t, env).map(Some),
        }
    }

    pub(super) fn recv_size(&mut self, r: &RawStep, env: &Env) -> Option<u32> {
        let Some(s) = &r.size else {
            return Some(DEFAULT_RECV);
        };
        let mut diags = Vec::new();
        let n = eval_int(s, env, &mut diags);
        self.diags.extend(diags);
        match n? {
            n if (1..=MAX_RECV).contains(&n) => Some(n as u32),
            n => {
                self.err(s.span(), format!("size {n} must be 1..={MAX_RECV}"));
                None
            }
        }
    }

    pub(super) fn shut_how(&mut self, r: &RawStep, at: &Range<usize>) -> Option<ShutHow> {
        let Some(h) = &r.how else {
            let msg = "shutdown needs how = \"read\", \"write\" or \"both\"";
            self.err(at.clone(), msg);
            return None;
        };
        match h.get_ref().as_str() {
            "read" => Some(ShutHow::Read),
            "write" => Some(ShutHow::Write),
            "both" => Some(ShutHow::Both),
            other => {
                let msg = format!("how must be read, write or both, not {other:?}");
                self.err(h.span(), msg);
                None
            }
        }
    }
}
