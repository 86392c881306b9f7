"""TCP sockets (listen, accept, connect, send, recv, close), and the pools:
multiprocessing.Pool and concurrent.futures executors."""
import errno as _errno
import linecache
import re
import select
import socket
import threading
import weakref

from . import emit

_S = socket.socket
_orig = {n: getattr(_S, n) for n in
         ("__init__", "listen", "accept", "connect", "send", "sendall", "recv", "close",
          "shutdown", "bind", "sendto", "recvfrom")}
_info = weakref.WeakKeyDictionary()  # socket -> [name, conn]
_FIRST = re.compile(r"^\s*\(?\s*([A-Za-z_][\w.]*)\s*[,=:]")
_AS = re.compile(r"\bas\s+([A-Za-z_]\w*)\s*:")
_HOW = {socket.SHUT_RD: "read", socket.SHUT_WR: "write", socket.SHUT_RDWR: "both"}


def _tcp(s):
    try:
        return s.family in (socket.AF_INET, socket.AF_INET6) and s.type == socket.SOCK_STREAM
    except Exception:
        return False


def _udp(s):
    try:
        return s.family in (socket.AF_INET, socket.AF_INET6) and s.type == socket.SOCK_DGRAM
    except Exception:
        return False


def _named(s, frame=None):
    """The socket's [name, conn]: named after its variable when `frame` is
    the learner's line that made it (socket(), accept(), create_connection()),
    else sock-N (a socket first seen in a later call)."""
    entry = _info.get(s)
    if entry is None:
        name = None
        if frame is not None:
            line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
            m = _FIRST.match(line) or _AS.search(line)
            if m:
                name = m.group(1).split(".")[-1]
        entry = [emit.object_name("sock", None) if not name else _unique(name), None]
        _info[s] = entry
    return entry


def _unique(name):
    i, base = 2, name
    while name in emit.OBJECTS:
        name = "%s #%d" % (base, i)
        i += 1
    emit.OBJECTS.add(name)
    return name


def _user(s):
    """The learner's frame when it made this call on a TCP socket, else None."""
    if not emit.ACTIVE or emit.busy() or not _tcp(s):
        return None
    return emit.caller_is_user(2)


def _port(addr):
    return int(addr[1]) if isinstance(addr, tuple) and len(addr) > 1 else 0


def _data(b):
    b = bytes(b[:64]) if not isinstance(b, bytes) else b[:64]
    return repr(b)[2:-1]


def _err(name, op, err):
    code = getattr(err, "errno", None)
    emit.tell("sock_error", {"sock": name, "op": op, "error": type(err).__name__,
                             "errno": _errno.errorcode.get(code, "") if code else ""})


def _ready(s):
    try:
        r, _, _ = _orig_select([s], [], [], 0)
        return bool(r)
    except Exception:
        return True


def _init(self, *args, **kwargs):
    _orig["__init__"](self, *args, **kwargs)
    f = emit.caller_is_user(1) if emit.ACTIVE else None
    if f is not None and (_tcp(self) or _udp(self)):
        _named(self, f)


_orig_create_connection = socket.create_connection


def _create_connection(address, *args, **kwargs):
    f = emit.caller_is_user(1) if emit.ACTIVE and not emit.busy() else None
    if f is None:
        return _orig_create_connection(address, *args, **kwargs)
    emit.step("connect", "running", "socket.create_connection()")
    try:
        s = _orig_create_connection(address, *args, **kwargs)
    except OSError as err:
        _err("sock", "connect", err)
        raise
    _told_connect(s, _named(s, f))
    return s


def _told_connect(s, entry):
    local, peer = s.getsockname()[1], s.getpeername()[1]
    entry[1] = "%d>%d" % (local, peer)
    emit.tell("sock_connected", {"sock": entry[0], "conn": entry[1], "side": "client",
                                 "local_port": local, "peer_port": peer})


def _listen(self, *args):
    r = _orig["listen"](self, *args)
    f = _user(self)
    if f is not None:
        name = _named(self)[0]
        host, port = self.getsockname()[:2]
        backlog = args[0] if args else min(socket.SOMAXCONN, 128)
        emit.step("listen", "running", "%s.listen()" % name)
        emit.tell("sock_listen", {"sock": name, "proto": "tcp", "host": str(host), "port": port,
                                  "backlog": max(0, int(backlog))})
    return r


def _accept(self):
    f = _user(self)
    if f is None:
        return _orig["accept"](self)
    name = _named(self)[0]
    emit.step("accept", "waiting", "%s.accept()" % name)
    if not _ready(self):
        emit.tell("sock_wait", {"sock": name, "op": "accept"})
    try:
        conn, addr = _orig["accept"](self)
    except OSError as err:
        _err(name, "accept", err)
        raise
    entry = _named(conn, f)
    local = conn.getsockname()[1]
    entry[1] = "%d>%d" % (_port(addr), local)
    emit.tell("sock_connected", {"sock": entry[0], "conn": entry[1], "side": "server",
                                 "local_port": local, "peer_port": _port(addr), "listener": name})
    return conn, addr


def _connect(self, address):
    f = _user(self)
    if f is None:
        return _orig["connect"](self, address)
    entry = _named(self)
    emit.step("connect", "running", "%s.connect()" % entry[0])
    try:
        r = _orig["connect"](self, address)
    except OSError as err:
        _err(entry[0], "connect", err)
        raise
    _told_connect(self, entry)
    return r


def _sender(op):
    def send(self, data, *args):
        f = _user(self)
        if f is None:
            return _orig[op](self, data, *args)
        entry = _named(self)
        emit.step("send", "running", "%s.%s()" % (entry[0], op))
        try:
            r = _orig[op](self, data, *args)
        except OSError as err:
            _err(entry[0], "send", err)
            raise
        n = r if op == "send" else len(memoryview(data).cast("B"))
        fields = {"sock": entry[0], "n": n, "data": _data(memoryview(data).cast("B")[:n])}
        if entry[1]:
            fields["conn"] = entry[1]
        if n > 64:
            fields["more"] = True
        emit.tell("sock_sent", fields)
        return r
    return send


def _recv(self, *args):
    f = _user(self)
    if f is None:
        return _orig["recv"](self, *args)
    entry = _named(self)
    emit.step("recv", "waiting", "%s.recv()" % entry[0])
    if not _ready(self):
        emit.tell("sock_wait", {"sock": entry[0], "op": "recv"})
    try:
        data = _orig["recv"](self, *args)
    except OSError as err:
        _err(entry[0], "recv", err)
        raise
    fields = {"sock": entry[0]}
    if entry[1]:
        fields["conn"] = entry[1]
    if data:
        fields.update({"n": len(data), "data": _data(data)})
        if len(data) > 64:
            fields["more"] = True
        emit.tell("sock_recv", fields)
    else:
        emit.tell("sock_eof", fields)
    return data


def _user_udp(s):
    if not emit.ACTIVE or emit.busy() or not _udp(s):
        return None
    return emit.caller_is_user(2)


def _bind(self, address):
    r = _orig["bind"](self, address)
    if _user_udp(self) is not None:
        name = _named(self)[0]
        host, port = self.getsockname()[:2]
        emit.step("bind", "running", "%s.bind()" % name)
        emit.tell("sock_listen", {"sock": name, "proto": "udp", "host": str(host), "port": port,
                                  "backlog": 0})
    return r


def _sendto(self, data, *args):
    if _user_udp(self) is None or not args:
        return _orig["sendto"](self, data, *args)
    name = _named(self)[0]
    emit.step("send", "running", "%s.sendto()" % name)
    try:
        n = _orig["sendto"](self, data, *args)
    except OSError as err:
        _err(name, "send", err)
        raise
    fields = {"sock": name, "n": n, "data": _data(memoryview(data).cast("B")[:n]),
              "peer_port": _port(args[-1])}
    if n > 64:
        fields["more"] = True
    emit.tell("sock_sent", fields)
    return n


def _recvfrom(self, *args):
    if _user_udp(self) is None:
        return _orig["recvfrom"](self, *args)
    name = _named(self)[0]
    emit.step("recv", "waiting", "%s.recvfrom()" % name)
    if not _ready(self):
        emit.tell("sock_wait", {"sock": name, "op": "recvfrom"})
    try:
        data, addr = _orig["recvfrom"](self, *args)
    except OSError as err:
        _err(name, "recvfrom", err)
        raise
    fields = {"sock": name, "n": len(data), "data": _data(data), "peer_port": _port(addr)}
    if len(data) > 64:
        fields["more"] = True
    emit.tell("sock_recv", fields)
    return data, addr


def _closed(self, how):
    entry = _info.get(self)
    if entry is not None and emit.ACTIVE and not emit.busy():
        fields = {"sock": entry[0], "how": how}
        if entry[1]:
            fields["conn"] = entry[1]
        emit.tell("sock_closed", fields)


def _close(self):
    if not getattr(self, "_closed", True):
        _closed(self, "close")
    return _orig["close"](self)


def _shutdown(self, how):
    r = _orig["shutdown"](self, how)
    _closed(self, _HOW.get(how, "both"))
    return r



# --- pools: multiprocessing.Pool and concurrent.futures executors ----------------
_flags = threading.local()


class Task:
    """The learner's function as a pool runs it: the worker tells the task's
    start and finish around the call. Picklable, so process workers get it."""

    def __init__(self, fn, pool, task, star=False):
        self.fn, self.pool, self.task, self.star = fn, pool, task, star

    def __call__(self, *args, **kwargs):
        task = self.task
        if self.star:  # map: (task id, item)
            task, item = args[0]
            args = (item,)
        emit.tell("task_started", {"pool": self.pool, "task": task,
                                   "arg": emit.item(args[0]) if args else None})
        result = None
        try:
            result = self.fn(*args, **kwargs)
            return result
        finally:
            emit.tell("task_finished", {"pool": self.pool, "task": task,
                                        "result": emit.item(result)})


def _pool_name(pool, frame):
    entry = getattr(pool, "_ct_pool", None)
    if entry is None:
        entry = [emit.object_name("Pool", frame), 0]
        pool._ct_pool = entry
    return entry


def _next_task(entry):
    entry[1] += 1
    return entry[1]


def _submitted(entry, how, arg):
    task = _next_task(entry)
    emit.step(how, "running", "%s.%s()" % (entry[0], how))
    emit.tell("task_submitted", {"pool": entry[0], "task": task, "arg": emit.item(arg), "how": how})
    return task


def _results(pool, task, result):
    emit.tell("task_result", {"pool": pool, "task": task, "result": emit.item(result)})


def _callback(cb, pool, task):
    def told(result):
        emit.tell("callback", {"pool": pool, "task": task, "result": emit.item(result)})
        return cb(result)
    return told


def _patch_mp_pool():
    from multiprocessing import pool as mpool
    P, AR = mpool.Pool, mpool.ApplyResult
    init, apply_async, apply, pmap, close = P.__init__, P.apply_async, P.apply, P.map, P.close
    get = AR.get

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        f = emit.caller_is_user(1) if emit.ACTIVE else None
        if f is None:
            return
        entry = _pool_name(self, f)
        thread = isinstance(self, mpool.ThreadPool)
        workers = [getattr(p, "_ct_actor", None) or p.name for p in self._pool]
        emit.tell("pool_created", {"pool": entry[0], "kind": "thread" if thread else "process",
                                   "size": len(self._pool), "workers": workers})
        h = self._result_handler
        if h.ident is not None:
            name = emit.unique("%s-results" % entry[0])
            emit.ACTORS[h.ident] = name
            emit.send(name, "spawned", {"kind": "thread", "parent": emit.me()[0], "daemon": True})
            emit.send(name, "started", tid=getattr(h, "native_id", None))

    def _apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        entry = getattr(self, "_ct_pool", None)
        if entry is None or emit.busy():
            return apply_async(self, func, args, kwds, callback, error_callback)
        how = getattr(_flags, "how", None) or "apply_async"
        task = _submitted(entry, how, args[0] if args else None)
        if callback is not None:
            callback = _callback(callback, entry[0], task)
        r = apply_async(self, Task(func, entry[0], task), args, kwds, callback, error_callback)
        r._ct_task = (entry[0], task)
        return r

    def _apply(self, func, args=(), kwds={}):
        _flags.how = "apply"
        try:
            return apply(self, func, args, kwds)
        finally:
            _flags.how = None

    def _map(self, func, iterable, chunksize=None):
        entry = getattr(self, "_ct_pool", None)
        if entry is None or emit.busy():
            return pmap(self, func, iterable, chunksize)
        items = list(iterable)
        tasks = [_submitted(entry, "map", x) for x in items]
        out = pmap(self, Task(func, entry[0], 0, star=True), list(zip(tasks, items)), chunksize)
        for task, result in zip(tasks, out):
            _results(entry[0], task, result)
        return out

    def _get(self, timeout=None):
        r = get(self, timeout)
        told = getattr(self, "_ct_task", None)
        if told is not None and not getattr(self, "_ct_got", False):
            self._ct_got = True
            _results(told[0], told[1], r)
        return r

    def _close(self):
        entry = getattr(self, "_ct_pool", None)
        if entry is not None and self._state == mpool.RUN:
            emit.step("close", "running", "%s.close()" % entry[0])
            emit.tell("pool_closed", {"pool": entry[0]})
        return close(self)

    P.__init__, P.apply_async, P.apply, P.map, P.close = __init__, _apply_async, _apply, _map, _close
    AR.get = _get


def _patch_executors():
    from concurrent.futures import _base, process, thread
    for cls, kind in ((thread.ThreadPoolExecutor, "thread"), (process.ProcessPoolExecutor, "process")):
        _patch_executor(cls, kind)
    result, add_done = _base.Future.result, _base.Future.add_done_callback

    def _result(self, timeout=None):
        r = result(self, timeout)
        told = getattr(self, "_ct_task", None)
        if told is not None and not getattr(self, "_ct_got", False):
            self._ct_got = True
            _results(told[0], told[1], r)
        return r

    def _add_done_callback(self, fn):
        told = getattr(self, "_ct_task", None)
        if told is not None:
            def done(fut):
                if not fut.cancelled() and fut.exception() is None:
                    emit.tell("callback", {"pool": told[0], "task": told[1],
                                           "result": emit.item(fut._result)})
                return fn(fut)
            return add_done(self, done)
        return add_done(self, fn)

    _base.Future.result, _base.Future.add_done_callback = _result, _add_done_callback


def _patch_executor(cls, kind):
    init, submit, shutdown = cls.__init__, cls.submit, cls.shutdown

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        f = emit.caller_is_user(1) if emit.ACTIVE else None
        if f is not None:
            entry = _pool_name(self, f)
            emit.tell("pool_created", {"pool": entry[0], "kind": kind,
                                       "size": int(self._max_workers), "workers": []})

    def _submit(self, fn, *args, **kwargs):
        entry = getattr(self, "_ct_pool", None)
        if entry is None or emit.busy():
            return submit(self, fn, *args, **kwargs)
        user = emit.caller_is_user(1)
        task = _submitted(entry, "submit" if user else "map", args[0] if args else None)
        fut = submit(self, Task(fn, entry[0], task), *args, **kwargs)
        fut._ct_task = (entry[0], task)
        return fut

    def _shutdown(self, *args, **kwargs):
        entry = getattr(self, "_ct_pool", None)
        if entry is not None and not getattr(self, "_ct_closed", False):
            self._ct_closed = True
            emit.tell("pool_closed", {"pool": entry[0]})
        return shutdown(self, *args, **kwargs)

    cls.__init__, cls.submit, cls.shutdown = __init__, _submit, _shutdown

_orig_select = select.select


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
    _S.__init__ = _init
    _S.listen = _listen
    _S.accept = _accept
    _S.connect = _connect
    _S.send = _sender("send")
    _S.sendall = _sender("sendall")
    _S.recv = _recv
    _S.close = _close
    _S.shutdown = _shutdown
    _S.bind, _S.sendto, _S.recvfrom = _bind, _sendto, _recvfrom
    socket.create_connection = _create_connection
    select.select = _select
    _patch_mp_pool()
    _patch_executors()
