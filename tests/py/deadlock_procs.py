# The same transfer deadlock, with two processes and multiprocessing locks.
import multiprocessing as mp
import sys
import time


def transfer(first, second):
    with first:
        time.sleep(0.2)
        with second:
            pass


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    lock_a = mp.Lock()
    lock_b = mp.Lock()
    alice = mp.Process(target=transfer, args=(lock_a, lock_b), name="alice")
    bob = mp.Process(target=transfer, args=(lock_b, lock_a), name="bob")
    alice.start()
    bob.start()
    alice.join()
    bob.join()
