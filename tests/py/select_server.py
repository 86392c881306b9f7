# Networking homework 2: one thread serves two clients with select().
import select
import socket
import threading

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
port = srv.getsockname()[1]


def client(word):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(word.encode())
        print("client got", s.recv(100).decode())


clients = [threading.Thread(target=client, args=(w,)) for w in ("ping", "pong")]
for c in clients:
    c.start()
open_socks = [srv]
served = 0
while served < 2:
    readable, _, _ = select.select(open_socks, [], [], 5)
    for s in readable:
        if s is srv:
            conn, _ = srv.accept()
            open_socks.append(conn)
        else:
            data = s.recv(100)
            if data:
                s.sendall(data.upper())
            else:
                open_socks.remove(s)
                s.close()
                served += 1
for c in clients:
    c.join()
srv.close()
print("served", served)
