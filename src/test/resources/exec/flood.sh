#!/bin/bash
# Writes $1 bytes (default 5000000) of 'x' to stdout and as many 'y' to stderr at the same time.
head -c "${1:-5000000}" /dev/zero | tr '\0' y >&2 &
head -c "${1:-5000000}" /dev/zero | tr '\0' x
wait
