import multiprocessing as mp
import queue
import sys


def child(q, jq, conn):
    q.put(41)
    jq.put(1)
    conn.send(5)
    conn.close()


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    lifo = queue.LifoQueue()
    lifo.put(1)
    lifo.put(2)
    print(lifo.get(), lifo.get(), lifo.empty())
    sq = queue.SimpleQueue()
    sq.put(3)
    print(sq.get())
    try:
        sq.get(timeout=0.01)
    except queue.Empty:
        print("empty")
    jobs = queue.Queue()
    jobs.put("job")
    jobs.get()
    jobs.task_done()
    jobs.join()
    q = mp.Queue()
    jq = mp.JoinableQueue()
    parent_end, child_end = mp.Pipe()
    p = mp.Process(target=child, args=(q, jq, child_end), name="child")
    p.start()
    child_end.close()
    print(q.get(), jq.get(), parent_end.recv())
    print(q.empty(), q.qsize())
    jq.task_done()
    jq.join()
    try:
        parent_end.recv()
    except EOFError:
        print("eof")
    p.join()
