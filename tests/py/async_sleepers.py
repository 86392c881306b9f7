"""Three tasks sleep different times on one thread; gather waits for all."""
import asyncio
import threading
import time


async def sleeper(name, secs):
    print(f"{name}: sleeps {secs} s on {threading.current_thread().name}")
    await asyncio.sleep(secs)
    print(f"{name}: woke up")
    return secs


async def main():
    began = time.monotonic()
    results = await asyncio.gather(
        sleeper("slow", 0.3),
        sleeper("fast", 0.1),
        sleeper("middle", 0.2),
    )
    took = time.monotonic() - began
    print(f"main: results {results}, took {'under' if took < 0.55 else 'over'} 0.55 s")


asyncio.run(main())
