#!/bin/bash
# Prints its pid, process group and session as the kernel sees them.
read -r _ _ _ _ pgrp session _ </proc/$$/stat
echo "pid=$$ pgrp=$pgrp session=$session"
