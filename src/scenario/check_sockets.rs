//! Checks about sockets: `max_open` names a declared listening socket.

use toml::Spanned;

use super::diag::Diag;
use super::raw::RawScenario;

/// `max_open = "server"` must name a socket of `[sockets]`.
pub(super) fn declared_socket(raw: &RawScenario, s: &Spanned<String>, diags: &mut Vec<Diag>) {
    let _ = (raw, s, diags);
}
