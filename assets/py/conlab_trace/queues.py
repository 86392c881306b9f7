"""queue.Queue/LifoQueue/PriorityQueue/SimpleQueue (multiprocessing's are
in mpqueues.py, Pipe in pipes.py)."""
import _thread
import queue

from . import emit

_Queue, _Lifo, _Prio, _Simple = queue.Queue, queue.LifoQueue, queue.PriorityQueue, queue.SimpleQueue
MARK = "\x00conlab"  # an item put by a told process queue travels as (MARK, actor, item)


def _u32(n):
    return max(0, min(int(n), 2 ** 32 - 1))


def _bad_timeout(block, timeout):
    return block and timeout is not None and timeout < 0


class _QMixin:
    """The queue module's queues; the putter of each item is kept beside it."""

    _ct_kind = "Queue"

    def __init__(self, maxsize=0):
        self._ct_from = []
        super().__init__(maxsize)
        self._ct_name = emit.traced_name(self._ct_kind)

    def _ct_cap(self):
        return _u32(self.maxsize) if self.maxsize > 0 else 0

    def _put(self, item):
        super()._put(item)
        if self._ct_name is not None:
            self._ct_from.append((item, emit.me()[0] if emit.ACTIVE else "?"))
            emit.tell("queue_put", {"queue": self._ct_name, "item": emit.item(item),
                                    "len": _u32(self._qsize()), "cap": self._ct_cap()})

    def _get(self):
        item = super()._get()
        if self._ct_name is not None:
            src = "?"
            order = range(len(self._ct_from) - 1, -1, -1) if self._ct_kind == "LifoQueue" \
                else range(len(self._ct_from))
            for i in order:
                if self._ct_from[i][0] is item:
                    src = self._ct_from.pop(i)[1]
                    break
            emit.tell("queue_get", {"queue": self._ct_name, "item": emit.item(item), "from": src,
                                    "len": _u32(self._qsize()), "cap": self._ct_cap()})
        return item

    def put(self, item, block=True, timeout=None):
        name = self._ct_name
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return super().put(item, block, timeout)
        emit.step("put", "running", "put into " + name)
        try:
            return super().put(item, False)
        except queue.Full:
            if not block:
                emit.tell("queue_full", {"queue": name, "item": emit.item(item)})
                raise
        emit.tell("queue_wait", {"queue": name, "side": "full", "len": _u32(self._qsize()),
                                 "cap": self._ct_cap()})
        try:
            return super().put(item, True, timeout)
        except queue.Full:
            emit.tell("queue_full", {"queue": name, "item": emit.item(item)})
            raise

    def get(self, block=True, timeout=None):
        name = self._ct_name
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return super().get(block, timeout)
        emit.step("get", "running", "get from " + name)
        try:
            return super().get(False)
        except queue.Empty:
            if not block:
                emit.tell("queue_empty", {"queue": name})
                raise
        emit.tell("queue_wait", {"queue": name, "side": "empty", "len": 0, "cap": self._ct_cap()})
        try:
            return super().get(True, timeout)
        except queue.Empty:
            emit.tell("queue_empty", {"queue": name})
            raise

    def task_done(self):
        r = super().task_done()
        if self._ct_name is not None:
            emit.step("task_done", "running", "%s.task_done()" % self._ct_name)
            emit.tell("task_done", {"queue": self._ct_name,
                                    "unfinished": _u32(self.unfinished_tasks)})
        return r

    def join(self):
        if self._ct_name is None or emit.busy():
            return super().join()
        emit.step("join_queue", "waiting", "%s.join()" % self._ct_name)
        r = super().join()
        emit.tell("queue_joined", {"queue": self._ct_name})
        return r

    def _ct_ask(self, question, answer, length):
        if self._ct_name is not None and not emit.busy() and emit.caller_is_user(2):
            emit.tell("queue_asked", {"queue": self._ct_name, "question": question,
                                      "answer": repr(answer), "len": _u32(length)})
        return answer

    def qsize(self):
        n = super().qsize()
        return self._ct_ask("qsize", n, n)

    def empty(self):
        return self._ct_ask("empty", super().empty(), self._qsize())

    def full(self):
        return self._ct_ask("full", super().full(), self._qsize())


class Queue(_QMixin, _Queue):
    _ct_kind = "Queue"


class LifoQueue(_QMixin, _Lifo):
    _ct_kind = "LifoQueue"


class PriorityQueue(_QMixin, _Prio):
    _ct_kind = "PriorityQueue"


class SimpleQueue(_Simple):
    """queue.SimpleQueue (a C type): puts never wait; a get may."""

    def __init__(self):
        super().__init__()
        self._ct_name = emit.traced_name("SimpleQueue")
        self._ct_from = []
        self._ct_lock = _thread.allocate_lock()

    def put(self, item, block=True, timeout=None):
        if self._ct_name is None or emit.busy():
            return super().put(item, block, timeout)
        emit.step("put", "running", "put into " + self._ct_name)
        with self._ct_lock:
            super().put(item, block, timeout)
            self._ct_from.append(emit.me()[0])
            n = super().qsize()
        emit.tell("queue_put", {"queue": self._ct_name, "item": emit.item(item), "len": _u32(n),
                                "cap": 0})

    def put_nowait(self, item):
        return self.put(item, False)

    def get(self, block=True, timeout=None):
        name = self._ct_name
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return super().get(block, timeout)
        emit.step("get", "running", "get from " + name)
        try:
            item = super().get(False)
        except queue.Empty:
            if not block:
                emit.tell("queue_empty", {"queue": name})
                raise
            emit.tell("queue_wait", {"queue": name, "side": "empty", "len": 0, "cap": 0})
            try:
                item = super().get(True, timeout)
            except queue.Empty:
                emit.tell("queue_empty", {"queue": name})
                raise
        with self._ct_lock:
            src = self._ct_from.pop(0) if self._ct_from else "?"
            n = super().qsize()
        emit.tell("queue_get", {"queue": name, "item": emit.item(item), "from": src,
                                "len": _u32(n), "cap": 0})
        return item

    def get_nowait(self):
        return self.get(False)



def install():
    queue.Queue, queue.LifoQueue, queue.PriorityQueue = Queue, LifoQueue, PriorityQueue
    queue.SimpleQueue = SimpleQueue
