#!/bin/bash
# Starts a tree of sleeping processes (a child, a grandchild, one with its output detached),
# appends every pid to the file $1, prints "ready" and waits.
pids="$1"
echo $$ >>"$pids"
sleep 300 &
echo $! >>"$pids"
bash -c 'sleep 300 & echo $! >>"$1"; wait' tree-child "$pids" &
echo $! >>"$pids"
sleep 300 </dev/null >/dev/null 2>&1 &
echo $! >>"$pids"
echo "ready"
wait
