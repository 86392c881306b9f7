"""An asyncio echo server and two clients on loopback; a blocking call runs
in a thread of the loop's executor."""
import asyncio
import time


async def handle(reader, writer):
    line = await reader.readline()
    writer.write(line.upper())
    await writer.drain()
    writer.close()


async def client(port, text):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(text.encode() + b"\n")
    await writer.drain()
    answer = await reader.readline()
    writer.close()
    return answer.decode().strip()


def blocking(n):
    time.sleep(0.01)
    return n * 2


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    answers = await asyncio.gather(client(port, "hello"), client(port, "world"))
    print("answers:", answers)
    loop = asyncio.get_running_loop()
    print("from a thread:", await loop.run_in_executor(None, blocking, 21))
    server.close()
    await server.wait_closed()


asyncio.run(main())
