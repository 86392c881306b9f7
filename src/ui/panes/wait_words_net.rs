//! What a page waits for, in words, for the socket events (a child module
//! of `wait_words`): `main to accept a connection`, `client to receive
//! "violet"`.

use super::field;
use crate::scenario::plan::CheckSpec;

/// `sock_listen`, `sock_wait`, `sock_connected`, `sock_sent`, `sock_recv`,
/// `sock_eof`, `sock_closed`, `sock_error`, `sock_ready`.
pub(super) fn net(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    let f = |k: &str| field(spec, k);
    let sock = f("sock").unwrap_or_else(|| "a socket".into());
    Some(match spec.event.as_str() {
        "sock_listen" => (format!("{who} to listen"), format!(" {who} 开始监听")),
        "sock_wait" => {
            let op = f("op").unwrap_or_else(|| "a socket call".into());
            (
                format!("{who} to wait in {op}()"),
                format!(" {who} 在 {op}() 里等待"),
            )
        }
        "sock_connected" => match f("side").as_deref() {
            Some("client") => (format!("{who} to connect"), format!(" {who} 连上")),
            _ => (
                format!("{who} to accept a connection"),
                format!(" {who} 接受一个连接"),
            ),
        },
        "sock_sent" => (format!("{who} to send"), format!(" {who} 发送数据")),
        "sock_recv" => match f("data") {
            Some(d) => (
                format!("{who} to receive \"{d}\""),
                format!(" {who} 收到“{d}”"),
            ),
            None => (
                format!("{who} to receive bytes"),
                format!(" {who} 收到数据"),
            ),
        },
        "sock_eof" => (
            format!("{who} to read the end of the stream"),
            format!(" {who} 读到流的结束"),
        ),
        "sock_closed" => (
            format!("{who} to close {sock}"),
            format!(" {who} 关闭 {sock}"),
        ),
        "sock_error" => {
            let err = f("error").unwrap_or_else(|| "an error".into());
            (format!("{who} to get {err}"), format!(" {who} 遇到 {err}"))
        }
        "sock_ready" => (
            format!("{who}'s select to return"),
            format!(" {who} 的 select 返回"),
        ),
        _ => return None,
    })
}
