#!/bin/bash
# Writes a line on each stream and exits with status 3.
echo "checking the service"
echo "service api is not healthy" >&2
exit 3
