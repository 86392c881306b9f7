# Homework 3, exercise 1: count to 4 x 50000 with four threads.
# Expected 200000... but is it?
import threading
import time

counter = 0
N_THREADS = 4
N_INCREMENTS = 50000


def worker(n):
    global counter
    for i in range(n):
        value = counter        # read
        if i % 10000 == 0:
            time.sleep(0.005)  # let the others run (makes the race likely)
        counter = value + 1    # write


threads = []
for k in range(N_THREADS):
    t = threading.Thread(target=worker, args=(N_INCREMENTS,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

print("expected", N_THREADS * N_INCREMENTS)
print("counter ", counter)
print("lost", N_THREADS * N_INCREMENTS - counter, "updates")
