#!/bin/sh
# Example queue probe: a real one would ask the broker (rabbitmqctl list_queues, SQS attributes, ...).
echo "queue ${1:-unknown}: ready=1280 unacked=64 consumers=0"
