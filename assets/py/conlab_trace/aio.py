"""asyncio: each Task the learner's code makes is a `coroutine` actor taking
turns on its loop's thread; asyncio's Lock, Semaphore, Event and Queue are
told as threading's are. Hooks: the loop's task factory (a task is made),
events.Handle._run (one turn of a task: started or resumed, then suspended
or ended) and subclasses of the primitives. Nothing is scheduled, awaited
or kept alive that would not be without the module: the loop runs the same
callbacks in the same order. Patched only once the program imports asyncio
(importing it costs ~25 ms, which other programs do not pay)."""
import _thread
import linecache
import re
import sys
import weakref

from . import emit

_local = _thread._local()
# Task -> _State; weak, so a task nobody keeps is collected as without us.
TASKS = weakref.WeakKeyDictionary()
# Every task's state, kept past its task: asyncio.run's end reaps the ones
# nobody awaited (and those may be collected by then).
STATES = []
_DEFAULT = re.compile(r"^Task-\d+$")
# What an await waits on, by the name of the coroutine it awaits.
_OPS = {"sleep": ("sleep", "sleeping"), "wait_for": ("wait_for", "waiting"),
        "wait": ("wait", "waiting"), "read": ("recv", "waiting"),
        "readline": ("recv", "waiting"), "readexactly": ("recv", "waiting"),
        "readuntil": ("recv", "waiting"), "drain": ("send", "waiting"),
        "open_connection": ("connect", "waiting"), "start_server": ("listen", "waiting")}


class _State:
    __slots__ = ("name", "parent", "runs", "ended", "reaped", "waiting")

    def __init__(self, name, parent):
        self.name, self.parent = name, parent
        self.runs, self.ended, self.reaped, self.waiting = 0, False, False, False


def _code(coro):
    return getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)


def _spawn(task, coro, name):
    """A task of the learner's coroutine was made: tell it `spawned`."""
    code = _code(coro)
    if emit.busy() or code is None or not emit.is_user(code.co_filename):
        return
    if not name or _DEFAULT.match(name):
        name = getattr(coro, "__name__", None) or "task"
    parent, _ = emit.me()
    actor = _unique(name)
    TASKS[task] = st = _State(actor, parent)
    STATES.append(st)
    if getattr(_local, "task", None) is not None:
        # A task made by a task. asyncio.run's own main task is no step: the
        # thread stays at its `run_loop` wait while the loop runs.
        emit.step("start", "running", "create task " + actor)
    emit.send(actor, "spawned", {"kind": "coroutine", "parent": parent, "daemon": False},
              tid=emit._native())


_next = {}


def _unique(name):
    """emit.thread_actor's name, without its scan from #2 for every task of
    the same coroutine (thousands of `worker` tasks)."""
    if emit.PROCESS[0] != emit.MAIN:
        name = "%s/%s" % (emit.PROCESS[0], name)
    if name not in emit.USED:
        emit.USED.add(name)
        return name
    i = _next.get(name, 2)
    while "%s #%d" % (name, i) in emit.USED:
        i += 1
    _next[name] = i + 1
    full = "%s #%d" % (name, i)
    emit.USED.add(full)
    return full


def _factory(loop, coro, **kw):
    task = _asyncio.Task(coro, loop=loop, **kw)
    if emit.ACTIVE:
        _spawn(task, coro, kw.get("name") or getattr(_local, "name", None))
    return task


def _chain(task):
    """(line of the learner's innermost frame, what that frame awaits) for a
    suspended task: its coroutine and what each awaits, down the chain."""
    line, below, obj = None, None, task.get_coro()
    while obj is not None:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
        if frame is None:
            break
        nxt = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
        if frame.f_code.co_filename == emit.FILE:
            line, below = frame.f_lineno, nxt
        obj = nxt
    return line, below


def _what(task, below):
    """(op, activity, words) for what a suspended learner's frame awaits."""
    if _code(below) is None:
        # A future's own iterator: the future is the one the task waits on.
        below = getattr(task, "_fut_waiter", None)
    if isinstance(below, _asyncio.Task):
        st = TASKS.get(below)
        return "join", "waiting", "await " + (st.name if st else below.get_name())
    if isinstance(below, _asyncio.Future):
        if type(below).__name__ == "_GatheringFuture":
            return "join", "waiting", "await gather"
        return "await", "waiting", "await a future"
    name = getattr(below, "__name__", None)
    op, activity = _OPS.get(name, ("await", "waiting"))
    return op, activity, "await %s()" % name if name else "await"


def _step(st, op, activity, line, words):
    """A `step` of a task at a line of the learner's file (not its stack)."""
    i = emit._steps.get(st.name, 0)
    emit._steps[st.name] = i + 1
    text = linecache.getline(emit.FILE, line).strip() if line else ""
    fields = {"index": i, "op": op, "text": emit._cut(text or words, 300), "activity": activity}
    if line:
        fields["line"] = line
    emit.send(st.name, "step", fields, tid=emit._native())


def _ended(task, st):
    st.ended = True
    tid = emit._native()
    if task.cancelled():
        emit.send(st.name, "exited", {"cause": "cancelled"}, tid=tid)
        return
    # Not task.exception(): that would silence "Task exception was never retrieved".
    err = getattr(task, "_exception", None)
    if err is None:
        emit.send(st.name, "exited", {"code": 0}, tid=tid)
    else:
        text = "%s: %s" % (type(err).__name__, err) if str(err) else type(err).__name__
        emit.send(st.name, "error", {"text": text}, tid=tid)
        emit.send(st.name, "exited", {"cause": type(err).__name__}, tid=tid)


def _reap(st):
    if st.ended and not st.reaped:
        st.reaped = True
        emit.send(st.name, "reaped", {"by": st.parent}, tid=emit._native())


def _handle_run(self):
    """One callback of the loop. A task's step or wakeup is the task's turn:
    the thread's actor is the task's for its length."""
    if not emit.ACTIVE or emit.busy():
        return _orig_run(self)
    try:
        st, task = _turn(self)
    except Exception:
        st = None  # never an error of ours in the learner's loop
    if st is None:
        return _orig_run(self)
    ident = _thread.get_ident()
    prev = emit.ACTORS.get(ident)
    saved = getattr(_local, "task", None)
    _local.task = st
    emit.ACTORS[ident] = st.name
    try:
        return _orig_run(self)
    finally:
        if prev is None:
            emit.ACTORS.pop(ident, None)
        else:
            emit.ACTORS[ident] = prev
        _local.task = saved
        try:
            _after(st, task)
        except Exception:
            pass


def _turn(handle):
    """Before a callback runs: reap a finished task whose end it delivers;
    if it is a told task's turn, tell `started` or `resume`: (state, task)."""
    args = handle._args
    if args and isinstance(args[0], _asyncio.Task):
        # A finished task's done callback: its awaiter (an await, gather,
        # asyncio.run) learns of its end now.
        st = TASKS.get(args[0])
        if st is not None:
            _reap(st)
    task = getattr(handle._callback, "__self__", None)
    st = TASKS.get(task) if isinstance(task, _asyncio.Task) else None
    if st is None or st.ended:
        return None, None
    emit.me()  # the thread's own actor is known before a task stands in
    if st.runs == 0:
        emit.send(st.name, "started", tid=emit._native())
    else:
        line, below = _chain(task)
        _step(st, "resume", "running", line, "resume")
    st.runs += 1
    st.waiting = False
    return st, task


def _after(st, task):
    """After a task's turn: it ended, or it suspended (a step, unless a
    primitive already told its wait)."""
    if task.done():
        _ended(task, st)
    elif not st.waiting:
        line, below = _chain(task)
        op, activity, words = _what(task, below)
        _step(st, op, activity, line, words)


def _waits():
    """The running task will suspend in a told wait: no second step for it."""
    st = getattr(_local, "task", None)
    if st is not None:
        st.waiting = True


def _run(main, **kw):
    if emit.ACTIVE and not emit.busy() and emit.caller_is_user(1):
        emit.step("run_loop", "waiting", "asyncio.run()")
    try:
        return _orig_arun(main, **kw)
    finally:
        for st in STATES:
            _reap(st)
        STATES[:] = [st for st in STATES if not st.reaped]


def _create_task(coro, **kw):
    _local.name = kw.get("name")
    try:
        return _orig_create_task(coro, **kw)
    finally:
        _local.name = None


def _loop_init(self, *a, **kw):
    _orig_init(self, *a, **kw)
    if emit.ACTIVE:
        self.set_task_factory(_factory)


_asyncio = None


def _patch(asyncio):
    global _asyncio, _orig_run, _orig_init, _orig_arun, _orig_create_task
    _asyncio = asyncio
    import asyncio.base_events as base
    import asyncio.events as events
    from . import aio_sync
    _orig_run, events.Handle._run = events.Handle._run, _handle_run
    _orig_init, base.BaseEventLoop.__init__ = base.BaseEventLoop.__init__, _loop_init
    _orig_arun, asyncio.run = asyncio.run, _run
    _orig_create_task, asyncio.create_task = asyncio.create_task, _create_task
    aio_sync.install(asyncio, _waits)


class _Finder:
    """Patches asyncio right after the program first imports it."""

    def find_spec(self, name, path=None, target=None):
        if name != "asyncio":
            return None
        sys.meta_path.remove(self)
        import importlib.util
        spec = importlib.util.find_spec(name)
        loader = getattr(spec, "loader", None)
        run = getattr(loader, "exec_module", None)
        if run is None:
            return spec

        def exec_module(module):
            run(module)
            _patch(module)
        loader.exec_module = exec_module
        return spec


def install():
    if "asyncio" in sys.modules:
        _patch(sys.modules["asyncio"])
    else:
        sys.meta_path.insert(0, _Finder())
