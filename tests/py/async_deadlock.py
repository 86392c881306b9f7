"""Two tasks take two asyncio locks in opposite orders: each holds one and
awaits the other, and the loop has nothing left to run (it hangs)."""
import asyncio


async def worker(first, second):
    async with first:
        await asyncio.sleep(0.05)
        async with second:
            print("never")


async def main():
    a = asyncio.Lock()
    b = asyncio.Lock()
    await asyncio.gather(worker(a, b), worker(b, a))


asyncio.run(main())
