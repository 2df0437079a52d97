#!/usr/bin/env bash
# Revenue schedules and usage rating (bench/README.md, "Revenue schedules and usage rating").
# Tunables in JAVA_OPTS: -Dbench.subscriptions=100000 -Dbench.stored=100000 -Dbench.usageEvents=1000000;
# extra Maven flags (e.g. -o for offline) in MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.finbridge.revenue.bench.RevenueBenchmark "$@"
