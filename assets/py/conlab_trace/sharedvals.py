"""multiprocessing.Value and Array: each read and write of `.value` (or of
an item, `arr[i]`) is told as the lessons' shared values are (`value_read`,
`value`), named after the variable (`counter = Value('i', 0)` -> counter,
`arr[2]`). Its lock (get_lock(), or the object used as a context manager)
is told as a lock named `counter.lock`; the lock each access takes for
itself is not told (one access is atomic)."""
import multiprocessing.context
import multiprocessing.sharedctypes as sc

from . import emit

_prop = sc.Synchronized.value
_getitem, _setitem = sc.SynchronizedArray.__getitem__, sc.SynchronizedArray.__setitem__
_reduce = sc.SynchronizedBase.__reduce__


def _json(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, bytes):
        return v.decode("latin-1")
    return repr(v)


def _told(obj):
    name = getattr(obj, "_ct_name", None)
    return None if name is None or not emit.ACTIVE or emit.busy() else name


def _told_at(event, name, what, v, t):
    actor, tid = emit.me()
    emit.send(actor, event, {"name": name, "value": _json(v)}, tid=tid, t=t)


def _locked(self, op):
    """Do `op` on the raw object under the wrapper's own lock (not told),
    with the time taken inside it: the told order of the accesses of every
    process is the order they happened in, even if one is preempted
    between its access and its event."""
    with emit.quiet():
        with self._lock:
            return emit.t_us(), op()


def _get_value(self):
    name = _told(self)
    if name is None:
        return _prop.fget(self)
    emit.step("read", "running", name + ".value")
    t, v = _locked(self, lambda: self._obj.value)
    _told_at("value_read", name, name, v, t)
    return v


def _set_value(self, v):
    name = _told(self)
    if name is None:
        return _prop.fset(self, v)
    emit.step("write", "running", name + ".value = ...")

    def write():
        self._obj.value = v
        return self._obj.value
    t, now = _locked(self, write)
    _told_at("value", name, name, now, t)


def _index(name, i):
    return "%s[%d]" % (name, i) if isinstance(i, int) else None


def _get_item(self, i):
    name = _told(self)
    item = _index(name, i) if name is not None else None
    if item is None:
        if name is None:
            return _getitem(self, i)
        with emit.quiet():  # a slice: not told
            return _getitem(self, i)
    emit.step("read", "running", item)
    t, v = _locked(self, lambda: self._obj[i])
    _told_at("value_read", item, item, v, t)
    return v


def _set_item(self, i, v):
    name = _told(self)
    item = _index(name, i) if name is not None else None
    if item is None:
        if name is None:
            return _setitem(self, i, v)
        with emit.quiet():
            return _setitem(self, i, v)
    emit.step("write", "running", item + " = ...")

    def write():
        self._obj[i] = v
        return self._obj[i]
    t, now = _locked(self, write)
    _told_at("value", item, item, now, t)


def _named(obj, name, own_lock):
    """Name the wrapper and, when it made its own lock, that lock."""
    if name is None or not isinstance(obj, sc.SynchronizedBase):
        return obj
    obj._ct_name = name
    lock = obj._lock
    if own_lock and getattr(lock, "_ct_name", 1) is None:
        lock._ct_name = name + ".lock"
        lock._make_methods()
        obj.acquire, obj.release = lock.acquire, lock.release
    return obj


def _rebuild(obj, lock, name):
    """A wrapper unpickled in a spawned child keeps its name."""
    return _named(sc.synchronized(obj, lock), name, False)


def _reduce_named(self):
    rv = _reduce(self)
    name = getattr(self, "_ct_name", None)
    return rv if name is None else (_rebuild, rv[1] + (name,))


def _value(self, typecode_or_type, *args, lock=True):
    name = emit.traced_name("Value")
    obj = sc.Value(typecode_or_type, *args, lock=lock, ctx=self.get_context())
    return _named(obj, name, lock in (True, None))


def _array(self, typecode_or_type, size_or_initializer, *, lock=True):
    name = emit.traced_name("Array")
    obj = sc.Array(typecode_or_type, size_or_initializer, lock=lock, ctx=self.get_context())
    return _named(obj, name, lock in (True, None))


def install():
    sc.Synchronized.value = property(_get_value, _set_value)
    sc.SynchronizedArray.__getitem__ = _get_item
    sc.SynchronizedArray.__setitem__ = _set_item
    sc.SynchronizedBase.__reduce__ = _reduce_named
    ctx = multiprocessing.context.BaseContext
    ctx.Value, ctx.Array = _value, _array
    for n in ("Value", "Array"):
        setattr(multiprocessing, n, getattr(multiprocessing.context._default_context, n))
