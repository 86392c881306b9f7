import json, os, random, time
from multiprocessing import Process, Lock

def load(path):
    with open(path) as f:
        return json.load(f)

def save(path, data):
    with open(path, "w") as f:
        json.dump(data, f)

def buyer(name, lock):
    left = load("tickets.json")["tickets"]    # look: no lock needed
    print(f"{name}: {left} ticket(s) left")
    with lock:                                # buy: one buyer at a time
        data = load("tickets.json")
        time.sleep(random.uniform(0.1, 0.3))  # the network
        if data["tickets"] > 0:
            data["tickets"] -= 1
            save("tickets.json", data)
            save("sold.json", load("sold.json") + 1)
            print(f"{name}: bought a ticket!")
        else:
            print(f"{name}: sold out, no ticket")

if __name__ == "__main__":
    # The lab's host writes these two files before main starts.  # fidelity: added
    save("tickets.json", {"tickets": 1})  # fidelity: added
    save("sold.json", 0)  # fidelity: added
    print(f"main (pid {os.getpid()}): 10 buyers, 1 ticket")
    lock = Lock()
    buyers = [Process(target=buyer, args=(f"buyer{i}", lock))
              for i in range(10)]
    for p in buyers:
        p.start()
    for p in buyers:
        p.join()
    final = load("tickets.json")["tickets"]
    sold = load("sold.json")
    print(f"main: the file says {final} left; {sold} sold")
