import sys


def divide(a, b):
    return a / b


print("before")
if len(sys.argv) > 1:
    sys.exit(int(sys.argv[1]))
print(divide(1, 0))
