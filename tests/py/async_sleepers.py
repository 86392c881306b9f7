"""Three tasks sleep different times on one thread; gather waits for all."""
import asyncio
import threading


async def sleeper(name, secs):
    print(f"{name}: sleeps {secs} s on {threading.current_thread().name}")
    await asyncio.sleep(secs)
    print(f"{name}: woke up")
    return secs


async def main():
    results = await asyncio.gather(
        sleeper("slow", 0.3),
        sleeper("fast", 0.1),
        sleeper("middle", 0.2),
    )
    print(f"main: results {results}")


asyncio.run(main())
