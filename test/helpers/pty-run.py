"""Runs a command in a new pseudo-terminal (stdin, stdout and stderr are the terminal), relays what it
prints to our stdout and what we are sent on stdin to the terminal (so b'\\x03' is a Ctrl-C typed at
it, b'\\x04' a Ctrl-D), and exits with the command's exit code (128 + n when a signal ended it).
Used by test/helpers/pty.ts; python3's standard library only."""
import os
import pty
import select
import sys

pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])

stdin_open = True
while True:
    watch = [fd] + ([0] if stdin_open else [])
    ready, _, _ = select.select(watch, [], [])
    if 0 in ready:
        data = os.read(0, 1024)
        if data:
            os.write(fd, data)
        else:
            stdin_open = False
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            break
        os.write(1, data)
        sys.stdout.flush()

_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
