"""The wire: one connection per process, one JSON line per event.

Events go to the host's Unix stream socket (CONLAB_PY_SOCK) or, in test mode,
are appended to a file (CONLAB_PY_EVENTS). Only raw primitives (_thread,
_socket, os) are used here, so nothing this module does is itself traced.
"""
import _socket
import _thread
import json
import linecache
import os
import sys
import sysconfig
import time

from . import control, names

SOCK = os.environ.get("CONLAB_PY_SOCK")
EVENTS = os.environ.get("CONLAB_PY_EVENTS")
ACTIVE = bool(SOCK or EVENTS)
MAIN = os.environ.get("CONLAB_PY_MAIN") or "MainProcess"
# A line on the socket is at most 16 KiB; in the shared file each line stays
# under PIPE_BUF-like 4096 bytes so appends from many processes never mix.
LINE_MAX = 4000 if not SOCK else 16000

if "CONLAB_T0_NS" not in os.environ:
    os.environ["CONLAB_T0_NS"] = str(time.clock_gettime_ns(time.CLOCK_MONOTONIC))
T0 = int(os.environ["CONLAB_T0_NS"])

_lock = _thread.allocate_lock()
_fd = None  # the file descriptor of this process's connection (or file)
_pid = os.getpid()
_local = _thread._local()
# Thread ident -> actor name, for threads of this process.
ACTORS = {}
# Names already given in this run (as far as this process knows).
USED = {MAIN}
_steps = {}
_counters = {}
PROCESS = [MAIN]  # this process's actor name (a list: set after fork)
EXIT_CODE = [0]  # the code the program's code ended with (sys.exit, exception)


def t_us():
    return max(0, (time.clock_gettime_ns(time.CLOCK_MONOTONIC) - T0) // 1000)


def _after_fork():
    global _fd, _lock, _pid
    if _fd is not None:
        # The parent's connection is not ours (and our copy would keep it
        # open after the parent closed it): open our own lazily.
        try:
            os.close(_fd)
        except OSError:
            pass
    _fd = None
    _lock = _thread.allocate_lock()
    _pid = os.getpid()
    me = _thread.get_ident()
    name = ACTORS.get(me)
    ACTORS.clear()
    if name is not None:
        ACTORS[me] = name
    _steps.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _connect():
    global _fd
    if SOCK:
        s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        s.connect(SOCK)
        # The host greets each connection with its gate rule (who is held):
        # read before the first step of this process is let go or held.
        first = _greeting(s)
        _fd = s.detach()
        control.start(_fd, first)
    else:
        _fd = os.open(EVENTS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)


def _greeting(s):
    """The host's first line (its gate rule), applied; the bytes read past
    it are handed to the control reader. Bounded: no greeting, no gate."""
    buf = b""
    try:
        s.settimeout(5.0)
        while b"\n" not in buf:
            data = s.recv(4096)
            if not data:
                break
            buf += data
    except OSError:
        pass
    finally:
        s.settimeout(None)
    if b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        control.apply_line(line)
    return buf


def connected():
    """Open this process's connection now (so the gate rule is known)."""
    if _fd is None and ACTIVE:
        try:
            with _lock:
                if _fd is None:
                    _connect()
        except OSError:
            _off()


def _write(obj, t):
    global _fd
    with _lock:
        # The time is taken under the lock, so a process's lines are in order.
        obj["t_us"] = t_us() if t is None else t
        data = _encode(obj)
        if _fd is None:
            _connect()
        n = os.write(_fd, data)
        while n < len(data):
            data = data[n:]
            n = os.write(_fd, data)


def _cut(s, n):
    return s if len(s) <= n else s[: max(0, n - 1)] + "\u2026"


# One encoder for every line (json.dumps with options builds a new one each
# call); the C encoder itself when there is one (no circular-check markers, so
# it can be used again and again).
_slow = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_c_make = getattr(json.encoder, "c_make_encoder", None)
_fast = _c_make and _c_make(None, None, json.encoder.encode_basestring, None, ":", ",",
                            False, False, True)


def _json(obj):
    if _fast is not None:
        try:
            return "".join(_fast(obj, 0))
        except Exception:
            pass
    return _slow(obj)


def _encode(obj):
    line = _json(obj)
    data = (line + "\n").encode("utf-8", "replace")
    # Texts are cut (with an ellipsis) until the line fits.
    while len(data) > LINE_MAX:
        strs = [(len(v), k) for k, v in obj.items()
                if isinstance(v, str) and k not in ("actor", "event")]
        if not strs:
            break
        n, k = max(strs)
        obj[k] = _cut(obj[k], max(8, n - (len(data) - LINE_MAX) - 16))
        if n <= 8:
            break
        data = (_json(obj) + "\n").encode("utf-8", "replace")
    return data


def send(actor, event, fields=None, pid=None, tid=None, t=None):
    """Tell one event; never raises into the learner's program."""
    if not ACTIVE or getattr(_local, "busy", False):
        return
    _local.busy = True
    try:
        obj = {"t_us": 0, "actor": actor, "pid": _pid if pid is None else pid}
        if tid is not None:
            obj["tid"] = tid
        obj["event"] = event
        if fields:
            obj.update(fields)
        _write(obj, t)
    except OSError:
        # The host is gone (or the file cannot be written): the program
        # goes on untold rather than failing or retrying every event.
        _off()
    except Exception:
        pass
    finally:
        _local.busy = False


def _off():
    global ACTIVE
    ACTIVE = False


def busy():
    return getattr(_local, "busy", False)


class quiet:
    """Within it, this thread's operations are not told (our own work)."""

    def __enter__(self):
        self.was = getattr(_local, "busy", False)
        _local.busy = True

    def __exit__(self, *a):
        _local.busy = self.was


def unique(name):
    """A name not used yet in the run: `x`, then `x #2`, `x #3`..."""
    if name not in USED:
        USED.add(name)
        return name
    i = 2
    while "%s #%d" % (name, i) in USED:
        i += 1
    name = "%s #%d" % (name, i)
    USED.add(name)
    return name


def counter(kind):
    n = _counters.get(kind, 0) + 1
    _counters[kind] = n
    return n


def me():
    """(actor, tid) of the calling thread; a thread nobody told about yet is
    named now and told as spawned and started."""
    ident = _thread.get_ident()
    name = ACTORS.get(ident)
    if name is not None:
        return name, (None if name == PROCESS[0] else _native())
    import threading
    t = threading.current_thread()
    if t is threading.main_thread():
        ACTORS[ident] = PROCESS[0]
        return PROCESS[0], None
    name = thread_actor(t.name)
    ACTORS[ident] = name
    send(name, "spawned", {"kind": "thread", "parent": PROCESS[0], "daemon": bool(t.daemon)})
    send(name, "started", tid=_native())
    return name, _native()


def thread_actor(tname):
    if PROCESS[0] == MAIN:
        return unique(tname)
    return unique("%s/%s" % (PROCESS[0], tname))


def _native():
    try:
        return _thread.get_native_id()
    except AttributeError:
        return None


def tell(event, fields=None):
    """Tell an event about the calling actor."""
    if not ACTIVE or busy():
        return
    actor, tid = me()
    send(actor, event, fields, tid=tid)


# --- where in the learner's file -------------------------------------------
FILE = os.environ.get("CONLAB_PY_FILE")
_OURS = os.path.dirname(os.path.abspath(__file__))
_OURS_AS_IMPORTED = (_OURS, os.path.dirname(__file__) or ".")
_paths = sysconfig.get_paths()
_SYSTEM = tuple(
    sorted({os.path.realpath(_paths[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib")
            if k in _paths} | {_OURS}))
_user_cache = {}


def is_user(filename):
    """True for code the learner wrote (not the standard library, not us)."""
    r = _user_cache.get(filename)
    if r is None:
        if filename.startswith("<"):
            r = filename in ("<string>", "<stdin>")
        else:
            real = os.path.realpath(filename)
            r = not any(real == p or real.startswith(p + os.sep) for p in _SYSTEM)
        _user_cache[filename] = r
    return r


def caller_is_user(depth, skip=("multiprocessing" + os.sep + "context.py",)):
    """Is the frame `depth` levels above our caller learner's code? Frames of
    the factory modules in `skip` are looked through."""
    try:
        f = sys._getframe(depth + 1)
    except ValueError:
        return None
    while f is not None and (f.f_code.co_filename.endswith(skip)
                             or f.f_code.co_filename.startswith(_OURS_AS_IMPORTED)):
        f = f.f_back
    if f is not None and is_user(f.f_code.co_filename):
        return f
    return None


def where():
    """(line, text) of the innermost frame in the learner's file, or (None, None)."""
    f = sys._getframe(1)
    while f is not None:
        if f.f_code.co_filename == FILE:
            n = f.f_lineno
            return n, linecache.getline(FILE, n).strip()
        f = f.f_back
    return None, None


def step(op, activity, what):
    """A `step` event: the actor begins an instrumented operation."""
    if not ACTIVE or busy():
        return
    actor, tid = me()
    i = _steps.get(actor, 0)
    _steps[actor] = i + 1
    line, text = where()
    fields = {"index": i, "op": op, "text": _cut(text or what, 300), "activity": activity}
    if line is not None:
        fields["line"] = line
    if SOCK:
        connected()
        if control.holds(actor):
            held = {"index": i, "text": fields["text"]}
            control.pass_gate(actor, lambda: send(actor, "held", held, tid=tid))
    send(actor, "step", fields, tid=tid)


def item(x):
    """A queue/pipe item as the log shows it: an integer, else null."""
    if type(x) is int and -(2 ** 63) <= x < 2 ** 63:
        return x
    return None


# --- names of locks, queues, events... ----------------------------------------
import re  # noqa: E402

_ASSIGN = re.compile(r"^\s*(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)")
_AS = re.compile(r"\bwith\b.*\bas\s+([A-Za-z_]\w*)\s*:")
OBJECTS = set()


def object_name(kind, frame):
    """The variable the object is first assigned to on its creating line
    (`lock = Lock()` -> lock, `self.q = Queue()` -> q), else KIND-N."""
    name = None
    if frame is not None:
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        name = names.tuple_target(line, frame)
        m = None if name else (_ASSIGN.match(line) or _AS.search(line))
        if m:
            name = m.group(1)
    if not name:
        name = "%s-%d" % (kind, counter(kind))
    if name in OBJECTS:
        i = 2
        while "%s #%d" % (name, i) in OBJECTS:
            i += 1
        name = "%s #%d" % (name, i)
    OBJECTS.add(name)
    return name


def traced_name(kind, depth=1):
    """A name when the object is created by the learner's code (the frame
    `depth` above our caller), else None: objects the standard library makes
    for itself (a Queue's own lock) are not told."""
    if not ACTIVE:
        return None
    f = caller_is_user(depth + 1)
    return object_name(kind, f) if f is not None else None


def clean_tb(tb):
    """The traceback without our own frames (relinked in place), so Python
    prints what it would have printed without the module."""
    head = tb
    while head is not None and head.tb_frame.f_code.co_filename.startswith(_OURS_AS_IMPORTED):
        head = head.tb_next
    t = head
    while t is not None:
        nxt = t.tb_next
        while nxt is not None and nxt.tb_frame.f_code.co_filename.startswith(_OURS_AS_IMPORTED):
            nxt = nxt.tb_next
        try:
            t.tb_next = nxt
        except (AttributeError, TypeError, ValueError):
            return tb
        t = nxt
    return head
