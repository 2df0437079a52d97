#!/usr/bin/env bash
# The odoo: component benchmark (bench/README.md). Usage: bench/odoo/run.sh [jsonrpc] [xmlrpc] [json2]
# Tunables: -Dbench.delayMillis=5 -Dbench.warmupMillis=3000 -Dbench.measureMillis=5000 in JAVA_OPTS;
# extra Maven flags (e.g. -o for offline) in MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.finbridge.odoo.bench.OdooBenchmark "$@"
