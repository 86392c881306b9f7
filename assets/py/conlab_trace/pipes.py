"""multiprocessing.Pipe: send, recv, end of file, close; ends named after
the variables of the line that made them."""
import linecache
import re

import multiprocessing.connection as mpc
from multiprocessing import reduction

from . import emit

_orig_Pipe = mpc.Pipe
_ENDS = re.compile(r"^\s*\(?\s*([A-Za-z_][\w.]*)\s*,\s*([A-Za-z_][\w.]*)\s*\)?\s*=")


def Pipe(duplex=True):
    a, b = _orig_Pipe(duplex)
    f = emit.caller_is_user(1) if emit.ACTIVE else None
    if f is not None:
        m = _ENDS.match(linecache.getline(f.f_code.co_filename, f.f_lineno))
        ends = (m.group(1).split(".")[-1], m.group(2).split(".")[-1]) if m else ("0", "1")
        name = emit.object_name("Pipe", None)
        a._ct_pipe, a._ct_end = name, ends[0]
        b._ct_pipe, b._ct_end = name, ends[1]
    return a, b


_Base = mpc._ConnectionBase
_send, _recv, _close = _Base.send, _Base.recv, _Base.close


def _c_send(self, obj):
    pipe = getattr(self, "_ct_pipe", None)
    if pipe is not None and not emit.busy():
        emit.step("send", "running", "%s.send()" % self._ct_end)
        emit.tell("pipe_send", {"pipe": pipe, "end": self._ct_end, "item": emit.item(obj)})
    return _send(self, obj)


def _c_recv(self):
    pipe = getattr(self, "_ct_pipe", None)
    if pipe is None or emit.busy():
        return _recv(self)
    emit.step("recv", "waiting", "%s.recv()" % self._ct_end)
    try:
        obj = _recv(self)
    except EOFError:
        emit.tell("pipe_eof", {"pipe": pipe, "end": self._ct_end})
        raise
    emit.tell("pipe_recv", {"pipe": pipe, "end": self._ct_end, "item": emit.item(obj)})
    return obj


def _c_close(self):
    pipe = getattr(self, "_ct_pipe", None)
    if pipe is not None and self._handle is not None and not emit.busy():
        emit.step("close", "running", "%s.close()" % self._ct_end)
        emit.tell("pipe_closed", {"pipe": pipe, "end": self._ct_end})
    return _close(self)


def _rebuild_named(rebuild, args, pipe, end):
    c = rebuild(*args)
    c._ct_pipe, c._ct_end = pipe, end
    return c


def _reducer(orig):
    def reduce_named(conn):
        rv = orig(conn)
        pipe = getattr(conn, "_ct_pipe", None)
        if pipe is None:
            return rv
        return _rebuild_named, (rv[0], rv[1], pipe, conn._ct_end)
    return reduce_named




def install():
    mpc.Pipe = Pipe
    _Base.send, _Base.recv, _Base.close = _c_send, _c_recv, _c_close
    red = reduction.ForkingPickler._extra_reducers
    if mpc.Connection in red:
        reduction.register(mpc.Connection, _reducer(red[mpc.Connection]))
