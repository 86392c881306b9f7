"""multiprocessing.Manager() proxies: Lock, RLock, Semaphore,
BoundedSemaphore, Event, Queue and JoinableQueue from a manager are told as
their multiprocessing twins; a manager dict's and list's items as the
lessons' manager values (`value_read`, `value`: `dic['count']` is the value
`count`, a list's `lst[2]`), a manager Value's `.value` as the value named
after its variable. A proxy's name travels with it to a child."""
import sys

import multiprocessing.managers as mm

from . import emit, sync
from .queues import _u32
from .sharedvals import _json

_KINDS = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Event", "Queue", "JoinableQueue",
          "dict", "list", "Value")
_reduce = mm.BaseProxy.__reduce__
_A, _E, _D, _L, _V = mm.AcquirerProxy, mm.EventProxy, mm.DictProxy, mm.ListProxy, mm.ValueProxy
_orig = {(c, n): getattr(c, n) for c, names in (
    (_A, ("acquire", "release", "__enter__", "__exit__")), (_E, ("set", "clear", "wait")),
    (_D, ("__getitem__", "__setitem__", "get")), (_L, ("__getitem__", "__setitem__")),
    (_V, ("get", "set")))
    for n in names}


def _name(p):
    name = getattr(p, "_ct_name", None)
    return None if name is None or not emit.ACTIVE or emit.busy() else name


# --- naming, and keeping the name across pickling ---------------------------------
def _made(kind, make):
    def made(self, *args, **kwargs):
        name = emit.traced_name(kind if kind[0].isupper() else kind.capitalize())
        p = make(self, *args, **kwargs)
        if name is not None:
            p._ct_name = name
            if kind.endswith("Queue"):
                p._ct_cap = _u32(args[0] if args else kwargs.get("maxsize", 0))
        return p
    made.__name__ = kind
    return made


def _rebuild(rv, name, cap):
    p = rv[0](*rv[1])
    p._ct_name, p._ct_cap = name, cap
    return p


def _reduce_named(self):
    rv = _reduce(self)
    name = getattr(self, "_ct_name", None)
    return rv if name is None else (_rebuild, (rv, name, getattr(self, "_ct_cap", 0)))


# --- locks and semaphores -------------------------------------------------------------
def _acquire(self, blocking=True, timeout=None):
    name = _name(self)
    orig = _orig[(_A, "acquire")]
    if name is None or (not blocking and timeout is not None):
        return orig(self, blocking, timeout)
    return sync.take(name, lambda: orig(self, False), lambda: orig(self, True, timeout),
                     blocking, timeout, lambda: 1)


def _release(self):
    name = _name(self)
    if name is not None:
        emit.step("release", "running", "release " + name)
        emit.tell("lock_released", {"lock": name, "count": 0})
    return _orig[(_A, "release")](self)


def _enter(self):
    return _acquire(self)


def _exit(self, *a):
    return _release(self)


# --- events ---------------------------------------------------------------------------
def _set(how):
    def told(self):
        name = _name(self)
        if name is not None:
            emit.step(how, "running", "%s %s" % (how, name))
            emit.tell("event_set", {"lock": name, "set": how == "set"})
        return _orig[(_E, how)](self)
    return told


def _wait(self, timeout=None):
    name = _name(self)
    orig = _orig[(_E, "wait")]
    if name is None:
        return orig(self, timeout)
    emit.step("wait", "blocked", "wait " + name)
    # Told even when the event is set already (then passed at once), as the lab does.
    emit.tell("event_wait", {"lock": name})
    if self.is_set():
        emit.tell("event_passed", {"lock": name})
        return True
    ok = orig(self, timeout)
    if ok:
        emit.tell("event_passed", {"lock": name})
    else:
        emit.tell("timed_out", {"op": "wait", "object": name, "timeout": float(timeout or 0)})
    return ok


# --- dict and list items --------------------------------------------------------------
def _key(self, key):
    name = _name(self)
    if name is None:
        return None
    if isinstance(self, _D):
        return key if isinstance(key, str) else "%s[%r]" % (name, key)
    return "%s[%d]" % (name, key) if isinstance(key, int) else None


def _getter(cls, method):
    def get(self, key, *args):
        v = _orig[(cls, method)](self, key, *args)
        item = _key(self, key)
        if item is not None:
            emit.step("read", "running", "%s[%r]" % (self._ct_name, key))
            emit.tell("value_read", {"name": item, "value": _json(v)})
        return v
    return get


def _setter(cls):
    def put(self, key, v):
        item = _key(self, key)
        if item is None:
            return _orig[(cls, "__setitem__")](self, key, v)
        emit.step("write", "running", "%s[%r] = ..." % (self._ct_name, key))
        # A read is told when its answer is in, a write with the time its
        # request leaves: a write told after a read did start after it.
        actor, tid = emit.me()
        t = emit.t_us()
        r = _orig[(cls, "__setitem__")](self, key, v)
        emit.send(actor, "value", {"name": item, "value": _json(v)}, tid=tid, t=t)
        return r
    return put


def _value_get(self):
    v = _orig[(_V, "get")](self)
    name = _name(self)
    if name is not None:
        emit.step("read", "running", name + ".value")
        emit.tell("value_read", {"name": name, "value": _json(v)})
    return v


def _value_set(self, v):
    name = _name(self)
    if name is None:
        return _orig[(_V, "set")](self, v)
    emit.step("write", "running", name + ".value = ...")
    actor, tid = emit.me()
    t = emit.t_us()  # as a dict's write: the time its request leaves
    r = _orig[(_V, "set")](self, v)
    emit.send(actor, "value", {"name": name, "value": _json(v)}, tid=tid, t=t)
    return r


def _current(registry):
    """The manager's registry names the standard library's classes as they were
    at import (threading.Event, queue.Queue...): give it the module's current
    ones (ours), so a spawned manager can unpickle them and a
    BoundedSemaphore's `Semaphore.__init__` is the class it subclasses. The
    manager makes them for itself, so they are not told."""
    for typeid, entry in list(registry.items()):
        made = entry[0]
        mod = sys.modules.get(getattr(made, "__module__", None) or "")
        now = getattr(mod, getattr(made, "__qualname__", ""), made) if mod else made
        if now is not made:
            registry[typeid] = (now,) + tuple(entry[1:])


def install():
    """After mgrqueues.install (which registers the queues' proxy)."""
    _current(mm.SyncManager._registry)
    for (cls, n), f in (((_A, "acquire"), _acquire), ((_A, "release"), _release),
                        ((_A, "__enter__"), _enter), ((_A, "__exit__"), _exit),
                        ((_E, "set"), _set("set")), ((_E, "clear"), _set("clear")),
                        ((_E, "wait"), _wait), ((_D, "__getitem__"), _getter(_D, "__getitem__")),
                        ((_D, "get"), _getter(_D, "get")), ((_D, "__setitem__"), _setter(_D)),
                        ((_L, "__getitem__"), _getter(_L, "__getitem__")),
                        ((_L, "__setitem__"), _setter(_L))):
        setattr(cls, n, f)
    _V.get, _V.set = _value_get, _value_set
    _V.value = property(_value_get, _value_set)
    mm.BaseProxy.__reduce__ = _reduce_named
    for kind in _KINDS:
        setattr(mm.SyncManager, kind, _made(kind, getattr(mm.SyncManager, kind)))
