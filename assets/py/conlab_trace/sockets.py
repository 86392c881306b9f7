"""TCP and UDP sockets: listen, accept, connect, send, recv, close."""
import errno as _errno
import linecache
import re
import select
import socket
import weakref

from . import emit

_S = socket.socket
_orig = {n: getattr(_S, n) for n in
         ("__init__", "listen", "accept", "connect", "send", "sendall", "recv", "close",
          "shutdown", "bind", "sendto", "recvfrom")}
_info = weakref.WeakKeyDictionary()  # socket -> [name, conn]
_FIRST = re.compile(r"^\s*\(?\s*([A-Za-z_][\w.]*)\s*[,=:]")
_AS = re.compile(r"\bas\s+([A-Za-z_]\w*)\s*:")
_orig_select = select.select  # before select_ patches it
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
