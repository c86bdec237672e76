#!/bin/bash
# Starts a background sleep, writes its pid to the file $1 and exits 0 at once. With $2 = detached
# the sleep's output goes to /dev/null, otherwise it keeps the program's stdout open.
if [ "$2" = detached ]; then
  sleep 300 </dev/null >/dev/null 2>&1 &
else
  sleep 300 &
fi
echo $! >"$1"
echo "bye"
