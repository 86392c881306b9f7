"""Processes add to a shared Value without and with its lock, and fill a
shared Array. Argument: the start method (fork by default)."""
import multiprocessing as mp
import sys


def add(counter, n):
    for _ in range(n):
        counter.value += 1


def add_locked(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def fill(arr, i):
    arr[i] = i * 10


def run(target, counter):
    ps = [mp.Process(target=target, args=(counter, 50)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    counter = mp.Value("i", 0)
    run(add, counter)
    print("unlocked at most", 100, counter.value <= 100)
    safe = mp.Value("i", 0)
    run(add_locked, safe)
    print("locked", safe.value)
    arr = mp.Array("i", 3)
    ps = [mp.Process(target=fill, args=(arr, i)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("array", arr[:])
