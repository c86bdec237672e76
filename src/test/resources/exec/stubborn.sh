#!/bin/bash
# Ignores TERM, as do the children and the grandchild it starts; appends every pid to the file
# $1, prints "ready" and waits.
trap '' TERM
pids="$1"
echo $$ >>"$pids"
sleep 300 &
echo $! >>"$pids"
bash -c 'trap "" TERM; sleep 300 & echo $! >>"$1"; wait' stubborn-child "$pids" &
echo $! >>"$pids"
echo "ready"
echo "ignoring TERM" >&2
wait
