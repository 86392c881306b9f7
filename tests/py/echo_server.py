# Networking homework: an echo server and two clients, in one program.
import socket
import threading

ready = threading.Event()
address = []


def serve(n_clients):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    address.append(srv.getsockname())
    ready.set()
    for _ in range(n_clients):
        conn, addr = srv.accept()
        while True:
            data = conn.recv(1024)
            if not data:
                break
            conn.sendall(data)
        conn.close()
    srv.close()


def client(text):
    ready.wait()
    with socket.create_connection(address[0]) as s:
        s.sendall(text.encode())
        reply = s.recv(1024)
        print("client got", reply.decode())


server = threading.Thread(target=serve, args=(2,), name="server")
server.start()
for word in ["hello", "world"]:
    c = threading.Thread(target=client, args=(word,), name="client-" + word)
    c.start()
    c.join()
server.join()
print("server done")
