#!/bin/sh
# Example: a real script would call the broker's admin API for queue $1 and consumer group $2.
echo "paused consumers of group ${2:-unknown} on queue ${1:-unknown}"
