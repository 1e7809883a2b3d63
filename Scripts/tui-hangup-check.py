#!/usr/bin/env python3
"""Runs albertqa on a pseudo-terminal that is not its controlling terminal, waits for the
interface, then closes the terminal. No SIGHUP is sent that way, so only reading EOF/EIO can
tell the app its terminal is gone: it must exit with 129 promptly instead of spinning.

usage: tui-hangup-check.py ALBERTQA FOLDER   (exit 0 when it behaved)"""
import os
import subprocess
import sys
import time

binary, folder = sys.argv[1], sys.argv[2]
master, slave = os.openpty()
env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
process = subprocess.Popen([binary, folder], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
os.close(slave)
deadline = time.time() + 30
output = b""
while time.time() < deadline and b"documents" not in output:
    try:
        output += os.read(master, 65536)
    except OSError:
        break
if b"documents" not in output:
    process.kill()
    print("the interface did not come up")
    sys.exit(1)
os.close(master)
closed = time.time()
try:
    status = process.wait(timeout=10)
except subprocess.TimeoutExpired:
    process.kill()
    print("still running 10 s after its terminal went away")
    sys.exit(1)
print(f"exit {status} {time.time() - closed:.2f} s after the terminal went away")
sys.exit(0 if status == 129 else 1)
