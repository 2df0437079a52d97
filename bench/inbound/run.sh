#!/usr/bin/env bash
# Webhook acknowledgement benchmark (bench/README.md). Usage: bench/inbound/run.sh [h2 | jdbc:postgresql://...]
# Tunables in JAVA_OPTS: -Dbench.rates=250,500,1000,1500,2000 -Dbench.seconds=8 -Dbench.warmupSeconds=5;
# extra Maven flags (e.g. -o for offline) in MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.finbridge.inbound.bench.WebhookAckBenchmark "$@"
