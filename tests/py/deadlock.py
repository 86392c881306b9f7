# Bank transfer homework: move money between two accounts, each with its own lock.
# Two clerks transfer in opposite directions at the same time...
import threading
import time

lock_a = threading.Lock()
lock_b = threading.Lock()
balance = {"a": 100, "b": 100}


def transfer(first, second, src, dst, amount):
    with first:
        time.sleep(0.5)  # look up the rate
        with second:
            balance[src] -= amount
            balance[dst] += amount


alice = threading.Thread(target=transfer, args=(lock_a, lock_b, "a", "b", 10), name="alice")
bob = threading.Thread(target=transfer, args=(lock_b, lock_a, "b", "a", 20), name="bob")
alice.start()
bob.start()
alice.join()
bob.join()
print("balances", balance)
