"""A manager's Queue and JoinableQueue (`m.Queue()`): told as process queues
are; the putter travels with the item (tagged in the manager, untagged
before get() returns it)."""
import queue

import multiprocessing.managers as mm

from . import emit
from .mpqueues import _untag
from .queues import MARK, _u32

def _name(p):
    name = getattr(p, "_ct_name", None)
    return None if name is None or not emit.ACTIVE or emit.busy() else name


class QueueProxy(mm.BaseProxy):
    _exposed_ = ("put", "get", "qsize", "empty", "full", "task_done", "join",
                 "__getattribute__")

    def _ct_len(self):
        return _u32(self._callmethod("qsize"))

    def _ct_fill(self):
        return {"len": self._ct_len(), "cap": getattr(self, "_ct_cap", 0)}

    def put(self, obj, block=True, timeout=None):
        name = _name(self)
        if name is None:
            return self._callmethod("put", (obj, block, timeout))
        emit.step("put", "running", "put into " + name)
        actor, tid = emit.me()
        tagged = (MARK, actor, obj)
        t = emit.t_us()
        try:
            self._callmethod("put", (tagged, False))
        except queue.Full:
            if not block:
                emit.tell("queue_full", {"queue": name, "item": emit.item(obj)})
                raise
            emit.tell("queue_wait", dict(self._ct_fill(), queue=name, side="full"))
            try:
                self._callmethod("put", (tagged, True, timeout))
            except queue.Full:
                emit.tell("queue_full", {"queue": name, "item": emit.item(obj)})
                raise
            t = None
        emit.send(actor, "queue_put", dict(self._ct_fill(), queue=name, item=emit.item(obj)),
                  tid=tid, t=t)

    def get(self, block=True, timeout=None):
        name = _name(self)
        if name is None:
            return _untag(self._callmethod("get", (block, timeout)))[0]
        emit.step("get", "running", "get from " + name)
        try:
            res = self._callmethod("get", (False,))
        except queue.Empty:
            if not block:
                emit.tell("queue_empty", {"queue": name})
                raise
            emit.tell("queue_wait", dict(self._ct_fill(), queue=name, side="empty"))
            try:
                res = self._callmethod("get", (True, timeout))
            except queue.Empty:
                emit.tell("queue_empty", {"queue": name})
                raise
        obj, src = _untag(res)
        fields = dict(self._ct_fill(), queue=name, item=emit.item(obj))
        fields["from"] = src
        emit.tell("queue_get", fields)
        return obj

    def put_nowait(self, obj):
        return self.put(obj, False)

    def get_nowait(self):
        return self.get(False)

    def _ct_ask(self, question):
        answer = self._callmethod(question)
        name = _name(self)
        if name is not None and emit.caller_is_user(2):
            emit.tell("queue_asked", {"queue": name, "question": question,
                                      "answer": repr(answer), "len": self._ct_len()})
        return answer

    def qsize(self):
        return self._ct_ask("qsize")

    def empty(self):
        return self._ct_ask("empty")

    def full(self):
        return self._ct_ask("full")

    def task_done(self):
        r = self._callmethod("task_done")
        name = _name(self)
        if name is not None:
            left = self._callmethod("__getattribute__", ("unfinished_tasks",))
            emit.step("task_done", "running", "%s.task_done()" % name)
            emit.tell("task_done", {"queue": name, "unfinished": _u32(left)})
        return r

    def join(self):
        name = _name(self)
        if name is None:
            return self._callmethod("join")
        emit.step("join_queue", "waiting", "%s.join()" % name)
        r = self._callmethod("join")
        emit.tell("queue_joined", {"queue": name})
        return r


def install():
    for typeid in ("Queue", "JoinableQueue"):
        mm.SyncManager.register(typeid, queue.Queue, QueueProxy)
