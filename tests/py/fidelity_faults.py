"""What the fidelity suite found (issue 18), one case per argument:
os_exit, pool, daemon, spawn_fail, executor, threads, tuple, event."""
import os
import sys
import threading
import time
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def ends_with_os_exit():
    os._exit(3)


def forever():
    while True:
        time.sleep(0.05)


def square(n):
    return n * n


def slow_square(n):
    time.sleep(0.3)  # done after the callback is added: it runs on the executor's side
    return n * n


def case_os_exit():
    p = mp.Process(target=ends_with_os_exit, name="quitter")
    p.start()
    p.join()
    print("exitcode", p.exitcode)


def case_pool():
    with mp.Pool(2) as pool:
        print(pool.apply_async(abs, (-3,)).get())
    pool.join()


def case_daemon():
    p = mp.Process(target=forever, name="watcher", daemon=True)
    p.start()
    time.sleep(0.2)
    print("main ends")


def case_spawn_fail():
    # Without a __main__ guard a spawn child starts a process while it boots.
    p = mp.get_context("spawn").Process(target=square, args=(2,), name="booter")
    p.start()
    p.join()
    print("exitcode", p.exitcode)


def case_executor(kind):
    with kind(max_workers=2) as ex:
        f = ex.submit(slow_square, 4)
        called = threading.Event()

        def callback(done):
            print("callback got", done.result())
            called.set()
        f.add_done_callback(callback)
        called.wait(10)  # the callback's result() comes first
        print(f.result())


def case_tuple():
    A, B = threading.Lock(), threading.Lock()
    with A:
        with B:
            print("both")


def case_event():
    ev = threading.Event()
    ev.set()
    ev.wait()
    print("passed")


def case_pool_race():
    # Workers finishing (told exited 0) while terminate() sends SIGTERM.
    for _ in range(15):
        with mp.Pool(2) as pool:
            pool.apply_async(abs, (-3,)).get()


CASES = {"os_exit": case_os_exit, "pool": case_pool, "daemon": case_daemon,
         "executor": lambda: case_executor(ProcessPoolExecutor),
         "threads": lambda: case_executor(ThreadPoolExecutor),
         "tuple": case_tuple, "event": case_event, "pool_race": case_pool_race}

if sys.argv[1:] == ["spawn_fail"]:
    case_spawn_fail()
elif __name__ == "__main__":
    CASES[sys.argv[1]]()
