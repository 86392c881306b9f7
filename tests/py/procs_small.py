import multiprocessing as mp
import sys
import time


def sleeper(ready):
    ready.set()
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
    b = mp.Process(target=sleeper, args=(ev,), name="sleeper")
    c = mp.Process(target=crash)
    for p in (a, b, c):
        p.start()
    a.join()
    c.join()
    ev.wait()
    print("alive", b.is_alive())
    b.terminate()
    b.join()
    print("codes", a.exitcode, b.exitcode, c.exitcode)
