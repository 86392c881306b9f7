# Lab 5: start three workers that each do a little job and exit.
# The parent "forgets" to join them and keeps running for a while.
import multiprocessing as mp
import os
import sys
import time


def job(k):
    time.sleep(0.3)  # a little job (still running while the others start)
    print("worker", k, "done")


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    workers = [mp.Process(target=job, args=(k,)) for k in range(3)]
    for w in workers:
        w.start()
    time.sleep(float(os.environ.get("ZOMBIE_SECONDS", "1.5")))  # children are zombies now
    print("parent done")
