#!/bin/bash
# Prints how many arguments it got, then each one between < and >, one per line.
echo "argc=$#"
for arg in "$@"; do
  printf '<%s>\n' "$arg"
done
