#!/usr/bin/env bash
# Posting benchmark, batching off and on in one run (bench/README.md). Usage: bench/posting/run.sh [invoices] [partners]
# Tunables in JAVA_OPTS: -Dbench.orders=200 -Dbench.customers=300 -Dbench.batchSize=50 -Dbench.offLimit=<max records
# one by one> -Dbench.rateOff=<records/s> -Dbench.rateOn=<records/s> (an arrival rate; default all at once);
# extra Maven flags in MVN_ARGS.
# Against a real Odoo: FINBRIDGE_BENCH_ODOO_URL, _DATABASE, _LOGIN, _API_KEY (and _PROTOCOL) in the environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.finbridge.posting.bench.PostingBenchmark "$@"
