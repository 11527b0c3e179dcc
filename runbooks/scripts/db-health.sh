#!/bin/sh
# Example health probe used by the runbooks: prints what a real check would look at.
# Replace with your own (psql -c 'select 1', pg_stat_activity counts, replica lag, ...).
service=""
while [ $# -gt 0 ]; do
  case "$1" in
    --service) service="$2"; shift 2 ;;
    *) shift ;;
  esac
done
echo "database health for ${service:-unknown service}"
echo "connections: 42/500, replica lag: 0.3s, slow queries (5m): 0"
