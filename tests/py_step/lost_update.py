# Two clerks add 1 to a shared counter: read, think, write.
import threading
import time

counter = 0


def clerk():
    global counter
    value = counter    # read
    time.sleep(0)      # think (an operation the lab can hold)
    counter = value + 1  # write


t1 = threading.Thread(target=clerk, name="t1")
t2 = threading.Thread(target=clerk, name="t2")
t1.start()
t2.start()
t1.join()
t2.join()
print("counter", counter)
