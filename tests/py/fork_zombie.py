# OS homework: fork two children with os.fork(); they exit at once, the
# parent waits a while before collecting them with os.waitpid().
import os
import sys
import time

children = []
for i in range(2):
    pid = os.fork()
    if pid == 0:
        print("child", i, "exits")
        sys.stdout.flush()
        if i == 0:
            os._exit(7)
        sys.exit(3)
    children.append(pid)
time.sleep(float(os.environ.get("ZOMBIE_SECONDS", "1")))  # both are zombies now
for pid in children:
    _, status = os.waitpid(pid, 0)
    print("collected a child with code", os.WEXITSTATUS(status))
