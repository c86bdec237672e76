#!/bin/bash
# Prints "started", sleeps $1 seconds (default 30), prints "done".
echo "started"
sleep "${1:-30}"
echo "done"
