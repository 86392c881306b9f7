//! What a page waits for, in words, for the socket events (a child module
//! of `wait_words`): `waits for server to bind s` / `等到 server 绑定 s`,
//! `main to accept a connection`, `client to receive "violet"`.

use super::field;
use crate::scenario::plan::CheckSpec;

/// The (English, Chinese) words for a socket event a page waits for, or
/// `None` when the event is not a socket one.
pub(super) fn net(spec: &CheckSpec, who: &str) -> Option<(String, String)> {
    let f = |k: &str| field(spec, k);
    let sock = f("sock").unwrap_or_else(|| "a socket".into());
    let sock_zh = f("sock").unwrap_or_else(|| "某个套接字".into());
    Some(match spec.event.as_str() {
        "sock_listen" if f("proto").as_deref() == Some("udp") => (
            format!("{who} to bind {sock}"),
            format!(" {who} 绑定 {sock_zh}"),
        ),
        "sock_listen" => (
            format!("{who} to listen on {sock}"),
            format!(" {who} 在 {sock_zh} 上监听"),
        ),
        "sock_wait" => match f("op") {
            Some(op) => (
                format!("{who} to wait in {op}()"),
                format!(" {who} 在 {op}() 里等待"),
            ),
            None => (
                format!("{who} to block on a socket"),
                format!(" {who} 阻塞在套接字上"),
            ),
        },
        "sock_connected" => match f("side").as_deref() {
            Some("client") => (format!("{who} to connect"), format!(" {who} 连上")),
            Some(_) => (
                format!("{who} to accept a connection"),
                format!(" {who} 接受一个连接"),
            ),
            None => (
                format!("{who} to make a connection"),
                format!(" {who} 建立连接"),
            ),
        },
        "sock_sent" => (format!("{who} to send bytes"), format!(" {who} 发送数据")),
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
            format!("{who} to see the peer close"),
            format!(" {who} 读到对方关闭"),
        ),
        "sock_closed" => (
            format!("{who} to close {sock}"),
            format!(" {who} 关闭 {sock_zh}"),
        ),
        "sock_error" => match f("error") {
            Some(e) => (format!("{who} to get {e}"), format!(" {who} 遇到 {e}")),
            None => (
                format!("{who} to get a socket error"),
                format!(" {who} 遇到套接字错误"),
            ),
        },
        "sock_ready" => {
            let how = f("how").unwrap_or_else(|| "select".into());
            (
                format!("{who}'s {how} to return ready sockets"),
                format!(" {who} 的 {how} 返回就绪的套接字"),
            )
        }
        _ => return None,
    })
}
