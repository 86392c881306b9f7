import threading

rlock = threading.RLock()
sem = threading.Semaphore(2)
ready = threading.Event()
cond = threading.Condition()
barrier = threading.Barrier(2)
items = []


def consumer():
    with cond:
        while not items:
            cond.wait()
        print("got", items.pop())
    ready.wait()
    barrier.wait()


t = threading.Thread(target=consumer, name="consumer")
t.start()
with rlock:
    with rlock:
        pass
with sem:
    pass
if not sem.acquire(timeout=0.01) or True:
    sem.release()
with cond:
    items.append(7)
    cond.notify()
ready.set()
barrier.wait()
t.join()
print("done")
