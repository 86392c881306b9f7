"""A Manager's dict, list, value, locks, semaphore, event and queue used by worker
processes. Argument: the start method (fork by default)."""
import multiprocessing as mp
import sys


def worker(dic, lst, lock, rlock, sem, ready, q, total, i):
    ready.wait()
    with lock:
        dic["count"] = dic["count"] - 1
        total.value += 1
    with rlock:
        with rlock:
            lst[i] = i + 10
    with sem:
        q.put(i)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    with mp.Manager() as m:
        dic = m.dict({"count": 10})
        lst = m.list([0, 0])
        lock = m.Lock()
        rlock = m.RLock()
        sem = m.BoundedSemaphore(1)
        ready = m.Event()
        q = m.Queue()
        total = m.Value("i", 0)
        ps = [mp.Process(target=worker, args=(dic, lst, lock, rlock, sem, ready, q, total, i))
              for i in range(2)]
        for p in ps:
            p.start()
        ready.set()
        got = sorted([q.get(timeout=20), q.get(timeout=20)])
        for p in ps:
            p.join()
        print("count", dic["count"], "list", list(lst), "got", got, "empty", q.empty(),
              "total", total.value)
