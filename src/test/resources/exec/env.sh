#!/bin/bash
# Prints the environment it was started with, exactly: NAME=value entries separated by NUL.
cat /proc/$$/environ
