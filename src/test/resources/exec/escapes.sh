#!/bin/bash
# Starts a sleep that leaves the program's session and process group (setsid) with its output
# detached, writes its pid to the file $1, prints "ready" and waits.
setsid sleep 300 </dev/null >/dev/null 2>&1 &
echo $! >"$1"
echo "ready"
wait
