#!/bin/bash
# Configuration changes can change METRICS_* properties: refresh the publisher the same way.
exec /var/app/current/.platform/hooks/postdeploy/50_metrics_publisher.sh
