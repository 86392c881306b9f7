# Producer/consumer homework: the producer makes 5 orders, the consumer
# handles them. The consumer stops when it gets None... which nobody sends.
import queue
import threading
import time

orders = queue.Queue(maxsize=2)


def producer():
    for n in range(5):
        orders.put(n)
        print("made order", n)
    # forgot: orders.put(None)


def consumer():
    while True:
        order = orders.get()
        if order is None:
            break
        time.sleep(0.05)  # handling an order takes a while
        print("handled order", order)


p = threading.Thread(target=producer, name="producer")
c = threading.Thread(target=consumer, name="consumer")
p.start()
c.start()
p.join()
c.join()  # waits forever: the consumer waits for an order that never comes
print("all orders handled")
