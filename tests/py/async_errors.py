"""A task that raises, one that is cancelled, one that is never awaited;
asyncio is imported only after the first line printed."""
import sys

print("asyncio imported before:", "asyncio" in sys.modules)

import asyncio  # noqa: E402


async def fails():
    await asyncio.sleep(0.01)
    raise ValueError("bad input")


async def forever():
    await asyncio.sleep(3600)


async def forgotten():
    print("forgotten: ran")


async def main():
    asyncio.create_task(forgotten())
    victim = asyncio.create_task(forever())
    results = await asyncio.gather(fails(), return_exceptions=True)
    print("main: gather gave", repr(results[0]))
    victim.cancel()
    try:
        await victim
    except asyncio.CancelledError:
        print("main: victim cancelled")


asyncio.run(main())
