"""A child process that complains on stderr and then crashes; the parent
says so on stderr too. Argument: the start method (fork by default)."""
import multiprocessing as mp
import sys


def worker(n):
    print("child warning", n, file=sys.stderr)
    sys.stderr.write("half a line, ")
    sys.stderr.write("finished\n")
    raise ValueError("boom %d" % n)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    p = mp.Process(target=worker, args=(7,), name="crasher")
    p.start()
    p.join()
    print("parent: child exit code", p.exitcode, file=sys.stderr)
    print("done", p.exitcode)
