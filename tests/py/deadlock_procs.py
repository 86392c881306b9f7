# The same transfer deadlock, with two processes and multiprocessing locks.
import multiprocessing as mp
import sys


def transfer(first, second, both_ready):
    with first:
        both_ready.wait()  # each clerk holds one account before taking the other
        with second:
            pass


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    lock_a = mp.Lock()
    lock_b = mp.Lock()
    both_ready = mp.Barrier(2)
    alice = mp.Process(target=transfer, args=(lock_a, lock_b, both_ready), name="alice")
    bob = mp.Process(target=transfer, args=(lock_b, lock_a, both_ready), name="bob")
    alice.start()
    bob.start()
    alice.join()
    bob.join()
