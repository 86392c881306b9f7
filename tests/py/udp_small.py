import socket

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(("127.0.0.1", 0))
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.sendto(b"hello", server.getsockname())
data, addr = server.recvfrom(100)
server.sendto(data.upper(), addr)
print(client.recvfrom(100)[0])
client.close()
server.close()
