import os
import sys
import threading

print(sys.argv[1:], __name__, os.path.basename(sys.argv[0]))
print(sys.path[0] == os.path.dirname(os.path.abspath(__file__)))
print(threading.active_count(), [t.name for t in threading.enumerate()])
print("partial line", end="")
print(" finished")
print("x" * 10000)
