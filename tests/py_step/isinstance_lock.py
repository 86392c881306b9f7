# isinstance(x, threading.Lock): a TypeError before 3.13, True from 3.13, as in plain Python.
import threading, sys
l = threading.Lock()
try:
    print(sys.version_info[:2], isinstance(l, threading.Lock))
except TypeError as e:
    print(sys.version_info[:2], "TypeError", e)
