# One thread serves two clients with select.poll() or select.epoll() (argument).
import select
import socket
import sys
import threading

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
port = srv.getsockname()[1]


def client(word):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(word.encode())
        print("client got", s.recv(100).decode())


use_epoll = len(sys.argv) > 1 and sys.argv[1] == "epoll"
watcher = select.epoll() if use_epoll else select.poll()
IN = select.EPOLLIN if use_epoll else select.POLLIN
watcher.register(srv, IN)
by_fd = {srv.fileno(): srv}
clients = [threading.Thread(target=client, args=(w,)) for w in ("ping", "pong")]
for c in clients:
    c.start()
served = 0
while served < 2:
    for fd, _ in watcher.poll(5 if use_epoll else 5000):
        s = by_fd[fd]
        if s is srv:
            conn, _ = srv.accept()
            by_fd[conn.fileno()] = conn
            watcher.register(conn.fileno(), IN)
        else:
            data = s.recv(100)
            if data:
                s.sendall(data.upper())
            else:
                watcher.unregister(fd)
                del by_fd[fd]
                s.close()
                served += 1
for c in clients:
    c.join()
srv.close()
print("served", served, "with", "epoll" if use_epoll else "poll")
