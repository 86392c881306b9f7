import multiprocessing as mp
import sys
import time


def sleeper():
    time.sleep(30)


def crash():
    raise ValueError("bad input")


def counter(lock, n):
    for _ in range(n):
        with lock:
            pass


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    lock = mp.Lock()
    ev = mp.Event()
    a = mp.Process(target=counter, args=(lock, 3), name="counter")
    b = mp.Process(target=sleeper, name="sleeper")
    c = mp.Process(target=crash)
    for p in (a, b, c):
        p.start()
    a.join()
    c.join()
    print("alive", b.is_alive())
    b.terminate()
    b.join()
    ev.set()
    print("codes", a.exitcode, b.exitcode, c.exitcode)
