"""Two tasks take turns on an asyncio.Lock; an Event lets them begin together."""
import asyncio

lock_holder = []


async def worker(name, lock, go):
    await go.wait()
    for _ in range(2):
        async with lock:
            lock_holder.append(name)
            await asyncio.sleep(0.02)  # holds the lock across an await
        await asyncio.sleep(0)


async def main():
    lock = asyncio.Lock()
    go = asyncio.Event()
    tasks = [asyncio.create_task(worker(n, lock, go), name=n) for n in ("ann", "bob")]
    await asyncio.sleep(0.01)
    go.set()
    await asyncio.gather(*tasks)
    print("order:", " ".join(lock_holder))


asyncio.run(main())
