import multiprocessing as mp
import threading
import time


def ring():
    print("ring")


def forever():
    while True:
        time.sleep(0.05)


def fail():
    raise KeyError("missing")


def in_child():
    t = threading.Thread(target=print, args=("hello from a thread of a child",))
    t.start()
    t.join()


if __name__ == "__main__":
    alarm = threading.Timer(0.05, ring)
    alarm.start()
    alarm.join()
    late = threading.Timer(10, ring)
    late.start()
    late.cancel()
    late.join()
    threading.Thread(target=forever, name="watcher", daemon=True).start()
    bad = threading.Thread(target=fail, name="bad")
    bad.start()
    bad.join()
    slow = threading.Thread(target=time.sleep, args=(0.3,), name="slow")
    slow.start()
    slow.join(timeout=0.01)
    slow.join()
    p = mp.Process(target=in_child, name="kid")
    p.start()
    p.join()
    print("main ends")
