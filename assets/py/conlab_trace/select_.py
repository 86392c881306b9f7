"""select.select over sockets."""
import select

from . import emit
from .sockets import _S, _named, _orig_select, _tcp


def _select(rlist, wlist, xlist, *timeout):
    """select.select over sockets: sock_wait while it blocks, then
    sock_ready with the readable ones."""
    f = emit.caller_is_user(1) if emit.ACTIVE and not emit.busy() else None
    watched = [x for x in rlist if isinstance(x, _S) and _tcp(x)] if f is not None else []
    if not watched:
        return _orig_select(rlist, wlist, xlist, *timeout)
    names = [_named(x)[0] for x in watched]
    emit.step("select", "waiting", "select.select()")
    ready_now = _orig_select(watched, [], [], 0)[0]
    if not ready_now and not (timeout and timeout[0] == 0):
        emit.tell("sock_wait", {"sock": ",".join(names), "op": "select"})
    r = _orig_select(rlist, wlist, xlist, *timeout)
    ready = [_named(x)[0] for x in r[0] if isinstance(x, _S) and _tcp(x)]
    emit.tell("sock_ready", {"how": "select", "watched": names, "ready": ready})
    return r



def install():
    select.select = _select
