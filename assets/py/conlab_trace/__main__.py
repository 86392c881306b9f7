"""`python3 -m conlab_trace FILE ARGS...`: run FILE as `python3 FILE ARGS...`
would, with the instrumentation installed first."""
import builtins
import os
import sys
import traceback
import types


def _fail_open(path, err):
    sys.stderr.write("%s: can't open file %r: [Errno %d] %s\n"
                     % (os.path.basename(sys.executable), path, err.errno, err.strerror))
    sys.exit(2)


def _trim(tb, filename):
    """Drop our own frames from the top of a traceback."""
    t = tb
    while t is not None and t.tb_frame.f_code.co_filename != filename:
        t = t.tb_next
    return t or tb


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: python3 -m conlab_trace FILE [ARGS...]\n")
        sys.exit(2)
    path, args = sys.argv[1], sys.argv[2:]
    absf = os.environ.get("CONLAB_PY_FILE") or os.path.abspath(path)
    os.environ["CONLAB_PY_FILE"] = absf
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as err:
        _fail_open(os.path.abspath(path), err)
    try:
        code = compile(source, absf, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as err:
        # Python's own message, with the line and the caret; exit 2.
        sys.stderr.write("".join(traceback.format_exception_only(type(err), err)))
        sys.exit(2)
    mod = types.ModuleType("__main__")
    mod.__file__ = absf
    mod.__cached__ = None
    mod.__builtins__ = builtins
    mod.__spec__ = None
    mod.__package__ = None
    sys.modules["__main__"] = mod
    sys.argv[:] = [path] + args
    sys.path[0] = os.path.dirname(absf)
    import conlab_trace
    conlab_trace.install()
    from conlab_trace import emit
    emit.send(emit.PROCESS[0], "started")
    try:
        exec(code, mod.__dict__)
    except SystemExit as err:
        c = err.code
        emit.EXIT_CODE[0] = 0 if c is None else c if isinstance(c, int) else 1
        raise
    except BaseException as err:
        emit.EXIT_CODE[0] = 1
        tb = emit.clean_tb(_trim(err.__traceback__, absf))
        line = traceback.format_exception_only(type(err), err)[-1].strip()
        emit.tell("error", {"text": line})
        err.__traceback__ = tb
        sys.excepthook(type(err), err, tb)
        if isinstance(err, KeyboardInterrupt):
            sys.exit(130)
        sys.exit(1)


main()
