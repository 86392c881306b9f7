"""asyncio overhead: run it with and without the module (docs/python.md,
"Overhead"); prints microseconds per task switch, task start and queue item."""
import asyncio
import time

async def spinner(n):
    for _ in range(n):
        await asyncio.sleep(0)

async def starter(n):
    async def nothing():
        pass
    for _ in range(n):
        await asyncio.create_task(nothing())

async def pc(n):
    q = asyncio.Queue()
    async def prod():
        for i in range(n):
            await q.put(i)
            await asyncio.sleep(0)
    async def cons():
        for _ in range(n):
            await q.get()
    await asyncio.gather(prod(), cons())

async def main():
    N = 5000
    for name, coro, per in [("switch", lambda: asyncio.gather(spinner(N), spinner(N)), 2 * N),
                            ("task start+await", lambda: starter(N), N),
                            ("queue put->get", lambda: pc(N), N)]:
        t = time.perf_counter()
        await coro()
        print("%s %.2f" % (name, (time.perf_counter() - t) / per * 1e6))

asyncio.run(main())
