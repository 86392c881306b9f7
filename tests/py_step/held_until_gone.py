# One lock operation: held in step mode until the host lets it go or goes.
import threading

lock = threading.Lock()
with lock:
    pass
print("done")
