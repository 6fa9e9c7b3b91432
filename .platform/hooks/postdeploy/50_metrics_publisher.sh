#!/bin/bash
# Install (or refresh) the systemd timer that publishes the service's metrics to CloudWatch
# every minute. Runs after every deployment; the confighook runs it after configuration
# changes too, since environment properties may have changed.
set -euo pipefail
app=/var/app/current

property() { /opt/elasticbeanstalk/bin/get-config environment -k "$1" 2>/dev/null || true; }
token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
metadata() { curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"; }

# Read by systemd (as root) before it drops to the webapp user: no secrets in here.
install -m 600 /dev/null /etc/paint-metrics-publisher.env
cat > /etc/paint-metrics-publisher.env <<ENV
PROMETHEUS_MULTIPROC_DIR=$(property PROMETHEUS_MULTIPROC_DIR)
METRICS_ENVIRONMENT=$(property METRICS_ENVIRONMENT)
METRICS_NAMESPACE=$(property METRICS_NAMESPACE)
INSTANCE_ID=$(metadata instance-id)
AWS_REGION=$(metadata placement/region)
ENV

install -m 644 "$app/.platform/systemd/paint-metrics-publisher.service" \
               "$app/.platform/systemd/paint-metrics-publisher.timer" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now paint-metrics-publisher.timer
