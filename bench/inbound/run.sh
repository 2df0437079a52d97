#!/usr/bin/env bash
# Webhook acknowledgement benchmark (bench/README.md): a bare Jetty endpoint and Finbridge on each store given, side by
# side in one run. Usage: bench/inbound/run.sh [h2] [postgresql | jdbc:postgresql://...]   (default: h2 postgresql;
# "postgresql" is a fresh schema in the machine's PostgreSQL, FINBRIDGE_TEST_PG_URL overrides where it is)
# Tunables in JAVA_OPTS: -Dbench.rates=500,1000,2000 -Dbench.seconds=8 -Dbench.rounds=3 -Dbench.rssEvents=30000
# -Dbench.serverJvm="-Xmx512m ..." (the servers' flags); extra Maven flags (e.g. -o for offline) in MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.finbridge.inbound.bench.WebhookAckBenchmark "$@"
