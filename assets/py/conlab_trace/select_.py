"""select.select, select.poll and select.epoll over sockets."""
import select

from . import emit
from .sockets import _S, _info, _named, _orig_select, _tcp


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



_orig_poll = getattr(select, "poll", None)
_orig_epoll = getattr(select, "epoll", None)
_IN = select.POLLIN | select.POLLPRI | select.POLLHUP
_EPOLL_IN = (select.EPOLLIN | select.EPOLLPRI | select.EPOLLHUP) if _orig_epoll else 0


def _sock_of(fd):
    """The told TCP socket behind a descriptor (or object with fileno())."""
    if isinstance(fd, _S):
        return fd if _tcp(fd) else None
    n = fd if isinstance(fd, int) else fd.fileno()
    for s in list(_info.keys()):
        try:
            if s.fileno() == n and _tcp(s):
                return s
        except Exception:
            pass
    return None


class _Watch:
    """poll()/epoll(): the real object, and which told sockets it watches for reading."""

    def __init__(self, real, how, readable):
        self._ct_real, self._ct_how, self._ct_in = real, how, readable
        self._ct_socks = {}  # fd -> socket watched for reading

    def _ct_note(self, fd, mask):
        s = _sock_of(fd) if emit.ACTIVE else None
        n = fd if isinstance(fd, int) else fd.fileno()
        if s is not None and mask & self._ct_in:
            self._ct_socks[n] = s
        else:
            self._ct_socks.pop(n, None)

    def register(self, fd, *mask):
        r = self._ct_real.register(fd, *mask)
        self._ct_note(fd, mask[0] if mask else self._ct_in)
        return r

    def modify(self, fd, mask):
        r = self._ct_real.modify(fd, mask)
        self._ct_note(fd, mask)
        return r

    def unregister(self, fd):
        r = self._ct_real.unregister(fd)
        self._ct_socks.pop(fd if isinstance(fd, int) else fd.fileno(), None)
        return r

    def poll(self, *args, **kwargs):
        f = emit.caller_is_user(1) if emit.ACTIVE and not emit.busy() else None
        if f is None or not self._ct_socks:
            return self._ct_real.poll(*args, **kwargs)
        socks = dict(self._ct_socks)
        names = [_named(s)[0] for s in socks.values()]
        emit.step(self._ct_how, "waiting", "%s.poll()" % self._ct_how)
        # Asked without waiting first: what it finds is what the call
        # would return at once (nothing is asked twice of an edge).
        r = self._ct_real.poll(0, *args[1:], **{k: v for k, v in kwargs.items()
                                                if k != "timeout"})
        if not r and not _zero(args, kwargs):
            emit.tell("sock_wait", {"sock": ",".join(names), "op": self._ct_how})
            r = self._ct_real.poll(*args, **kwargs)
        ready = [_named(socks[fd])[0] for fd, ev in r if fd in socks and ev & self._ct_in]
        emit.tell("sock_ready", {"how": self._ct_how, "watched": names, "ready": ready})
        return r

    def __getattr__(self, attr):
        return getattr(self._ct_real, attr)

    def __enter__(self):
        self._ct_real.__enter__()
        return self

    def __exit__(self, *a):
        return self._ct_real.__exit__(*a)


def _zero(args, kwargs):
    t = args[0] if args else kwargs.get("timeout")
    return t is not None and t == 0


def _poll():
    return _Watch(_orig_poll(), "poll", _IN)


class epoll(_Watch):
    """select.epoll as a class of its own (isinstance and fromfd still work)."""

    def __init__(self, *args, **kwargs):
        real = kwargs.pop("_ct_real", None) or _orig_epoll(*args, **kwargs)
        super().__init__(real, "epoll", _EPOLL_IN)

    @classmethod
    def fromfd(cls, fd):
        return cls(_ct_real=_orig_epoll.fromfd(fd))


def install():
    select.select = _select
    if _orig_poll is not None:
        select.poll = _poll
    if _orig_epoll is not None:
        select.epoll = epoll
