"""Every way of handing a list to a pool: imap, imap_unordered, starmap,
map_async, starmap_async. Argument: fork, spawn, or thread (a ThreadPool)."""
import multiprocessing as mp
import sys
from multiprocessing.pool import ThreadPool


def square(x):
    return x * x


def add(a, b):
    return a + b


def show(results):
    print("callback", results)


def numbers():
    yield 2
    yield 3


if __name__ == "__main__":
    how = sys.argv[1] if len(sys.argv) > 1 else "fork"
    if how != "thread":
        mp.set_start_method(how)
    with (ThreadPool(2) if how == "thread" else mp.Pool(2)) as pool:
        print("imap", list(pool.imap(square, numbers())))
        print("imap_unordered", sorted(pool.imap_unordered(square, [4, 5])))
        print("starmap", pool.starmap(add, [(1, 2), (3, 4)]))
        r = pool.map_async(square, [6, 7], callback=show)
        print("map_async", r.get(timeout=20))
        print("starmap_async", pool.starmap_async(add, [(5, 6)]).get(timeout=20))
