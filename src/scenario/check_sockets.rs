//! Checks about sockets: `max_open` names a declared listening socket.

use toml::Spanned;

use super::diag::Diag;
use super::raw::RawScenario;

/// `max_open = "server"` must name a TCP socket of `[sockets]`.
pub(super) fn declared_socket(raw: &RawScenario, s: &Spanned<String>, diags: &mut Vec<Diag>) {
    if raw.sockets.keys().any(|k| k.get_ref() == s.get_ref()) {
        return;
    }
    let names: Vec<&str> = raw.sockets.keys().map(|k| k.get_ref().as_str()).collect();
    let declared = if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    };
    let msg = format!("no socket is named {:?}; declared: {declared}", s.get_ref());
    diags.push(Diag::new(s.span(), msg));
}
