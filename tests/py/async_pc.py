"""A producer and a consumer task over an asyncio.Queue of size 2."""
import asyncio


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print(f"producer: put {i}")
    await q.put(-1)  # the sentinel: no more items


async def consumer(q):
    total = 0
    while True:
        item = await q.get()
        if item < 0:
            break
        await asyncio.sleep(0.01)  # handle it
        total += item
        print(f"consumer: got {item}")
    return total


async def main():
    q = asyncio.Queue(maxsize=2)
    prod = asyncio.create_task(producer(q, 5))
    cons = asyncio.create_task(consumer(q), name="eater")
    await prod
    total = await cons
    print(f"main: total {total}")


asyncio.run(main())
