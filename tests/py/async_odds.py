"""asyncio odds and ends: an async generator, a custom awaitable, a Condition,
a Semaphore, wait_for with a timeout, asyncio.wait, and a loop run without
asyncio.run."""
import asyncio

async def ticks(n):
    for i in range(n):
        await asyncio.sleep(0.001)
        yield i

class Later:
    def __await__(self):
        yield from asyncio.sleep(0.001).__await__()
        return 7

async def waiter(cond, box):
    async with cond:
        await cond.wait_for(lambda: box)
        print("waiter got", box[0])

async def main():
    cond = asyncio.Condition()
    box = []
    t = asyncio.ensure_future(waiter(cond, box))
    async for i in ticks(3):
        print("tick", i)
    print("later", await Later())
    async with cond:
        box.append(1)
        cond.notify_all()
    await t
    sem = asyncio.Semaphore(value=2)
    async with sem:
        print("sem", sem.locked())
    try:
        await asyncio.wait_for(asyncio.sleep(1), 0.01)
    except asyncio.TimeoutError:
        print("timed out")
    done, _ = await asyncio.wait([asyncio.ensure_future(asyncio.sleep(0.001, result=5))])
    print("wait", [d.result() for d in done])

loop = asyncio.new_event_loop()
loop.run_until_complete(main())
loop.close()
