#!/usr/bin/env bash
# Odoo outage run (bench/README.md, "Odoo outage"): N signed Stripe customer events arrive while the simulated
# Odoo resets every connection for S seconds, then Odoo comes back; prints what the webhooks, readiness and posting
# did. Usage: bench/outage/run.sh [events] [seconds]   (defaults: the issue's 300 events during 3 minutes)
# Extra Maven flags (e.g. -o for offline) in MVN_ARGS. Runs OdooOutageTest's last test with the long settings.
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-300}
seconds=${2:-180}
mvn -B -q ${MVN_ARGS:-} test -Dtest='OdooOutageTest#eventsSentDuringAnOutageArePostedExactlyOnceAfterIt' \
  -Dfinbridge.outage.events="$events" -Dfinbridge.outage.seconds="$seconds" -Dsurefire.failIfNoSpecifiedTests=false
grep -h '^outage:' target/surefire-reports/io.finbridge.inbound.OdooOutageTest-output.txt
