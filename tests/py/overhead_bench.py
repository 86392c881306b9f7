# The measured program: per-operation times in microseconds, as JSON.
import json
import queue
import threading
import time

N_THREADS, N_HANDOFF, N_QUEUE, N_LOCK, N_CPU = 200, 2000, 5000, 20000, 2_000_000


def clock(fn):
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1e6


def thread_start():
    for _ in range(N_THREADS):
        t = threading.Thread(target=int)
        t.start()
        t.join()


def handoff():
    ping, pong = threading.Lock(), threading.Lock()
    ping.acquire()
    pong.acquire()

    def other():
        for _ in range(N_HANDOFF):
            ping.acquire()
            pong.release()

    t = threading.Thread(target=other)
    t.start()
    for _ in range(N_HANDOFF):
        ping.release()
        pong.acquire()
    t.join()


def put_get():
    q = queue.Queue()

    def consumer():
        for _ in range(N_QUEUE):
            q.get()

    t = threading.Thread(target=consumer)
    t.start()
    for i in range(N_QUEUE):
        q.put(i)
    t.join()


def uncontended():
    lock = threading.Lock()
    for _ in range(N_LOCK):
        with lock:
            pass


def cpu():
    total = 0
    for i in range(N_CPU):
        total += i * i
    return total


print(json.dumps({
    "thread start+join": clock(thread_start) / N_THREADS,
    "lock handoff": clock(handoff) / (2 * N_HANDOFF),
    "queue put->get": clock(put_get) / N_QUEUE,
    "uncontended with lock": clock(uncontended) / N_LOCK,
    "CPU loop (per 1M iterations)": clock(cpu) / (N_CPU / 1e6),
}))
