"""sys.stderr in a child process: each line it writes is told as that
child's `print` ("stderr: …"), so a crashed child's traceback shows under
its own actor. The root's stderr is left alone (the host reads its pipe).

With the host (CONLAB_PY_SOCK) a child's stderr pipe is the host's, which
tells every line it reads there as MainProcess: a line told here is not
written there too. Without the host (CONLAB_PY_EVENTS, tests) the text goes
to the real stream unchanged. Writes that bypass sys.stderr (its .buffer,
os.write(2, …), C code, faulthandler) still reach the pipe."""
import _thread
import sys

from . import emit

PREFIX = "stderr: "


class _Err:
    """A proxy forwarding every call to the real stream."""

    def __init__(self, real):
        self._ct_real = real
        self._ct_bufs = {}

    def write(self, s):
        if not isinstance(s, str) or emit.PROCESS[0] == emit.MAIN or not emit.ACTIVE \
                or emit.busy():
            return self._ct_real.write(s)
        key = _thread.get_ident()
        parts = (self._ct_bufs.pop(key, "") + s).split("\n")
        rest = parts.pop()
        if rest:
            self._ct_bufs[key] = rest[-8000:]
        for line in parts:
            emit.tell("print", {"text": PREFIX + line})
        if emit.SOCK and emit.ACTIVE:
            return len(s)  # told: the host has it
        return self._ct_real.write(s)

    def writelines(self, lines):
        for s in lines:
            self.write(s)

    def flush_lines(self):
        """Unfinished lines, told as they are as the process ends (under the
        host they were not written anywhere else)."""
        mine = self._ct_bufs.pop(_thread.get_ident(), None)
        rests = ([mine] if mine else []) + list(self._ct_bufs.values())
        self._ct_bufs.clear()
        if emit.ACTIVE and emit.PROCESS[0] != emit.MAIN:
            for rest in rests:
                emit.tell("print", {"text": PREFIX + rest})

    def __getattr__(self, attr):
        return getattr(self._ct_real, attr)

    def __iter__(self):
        return iter(self._ct_real)


def flush():
    if isinstance(sys.stderr, _Err):
        sys.stderr.flush_lines()


def install():
    if sys.stderr is not None and not isinstance(sys.stderr, _Err):
        sys.stderr = _Err(sys.stderr)
