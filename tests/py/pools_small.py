import multiprocessing as mp
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def square(x):
    return x * x


def show(result):
    print("callback", result)


if __name__ == "__main__":
    mp.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    with mp.Pool(2) as pool:
        print(pool.apply(square, (3,)))
        r = pool.apply_async(square, (4,), callback=show)
        print(r.get())
        print(pool.map(square, [1, 2, 3]))
        pool.close()
        pool.join()
    with ThreadPoolExecutor(max_workers=2) as tpe:
        f = tpe.submit(square, 5)
        print(f.result())
        print(list(tpe.map(square, [6, 7])))
    with ProcessPoolExecutor(max_workers=2) as ppe:
        print(ppe.submit(square, 8).result())
