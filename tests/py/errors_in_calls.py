import sys
import threading

lock = threading.Lock()


def worker():
    lock.release()  # RuntimeError: release unlocked lock


t = threading.Thread(target=worker, name="worker")
t.start()
t.join()
if len(sys.argv) > 1:
    lock.release()
print("done")
