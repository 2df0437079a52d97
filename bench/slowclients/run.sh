#!/usr/bin/env bash
# Slow-client benchmark (bench/README.md): a Finbridge jar in the sandbox profile, then valid webhooks and health probes
# while 500 slow connections are held open. Usage: bench/slowclients/run.sh
# JAR=<jar> (default target/finbridge.jar, built if missing), SERVER_JAVA=<java> (e.g. a Java 21+ for virtual threads),
# SERVER_ENV="FINBRIDGE_HTTP_MAX_THREADS=200 ..." (extra settings), SERVER_JVM (the server's flags, default the README's),
# PORT=18471; JAVA_OPTS for -Dbench.slow=500, -Dbench.slowHeaders=100, -Dbench.seconds=20, -Dbench.rate=10; MVN_ARGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-target/finbridge.jar}
SERVER_JAVA=${SERVER_JAVA:-java}
PORT=${PORT:-18471}
SECRET=whsec_bench_slow_clients
[ -f "$JAR" ] || mvn -B -q ${MVN_ARGS:-} -DskipTests package
mvn -B -q ${MVN_ARGS:-} test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
DATA=$(mktemp -d)
LOG=target/bench-slowclients-server.log
# shellcheck disable=SC2086
env FINBRIDGE_PROFILE=sandbox FINBRIDGE_HTTP_HOST=127.0.0.1 FINBRIDGE_HTTP_PORT=$PORT \
    FINBRIDGE_STORE_URL="jdbc:h2:file:$DATA/finbridge" FINBRIDGE_CONSOLE_ENABLED=false FINBRIDGE_INBOX_WORKERS=0 \
    FINBRIDGE_WEBHOOKS_STRIPE_SECRET=$SECRET ${SERVER_ENV:-} \
    "$SERVER_JAVA" ${SERVER_JVM:--Xmx512m -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError} -jar "$JAR" >"$LOG" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 90); do
  curl -fsS "http://127.0.0.1:$PORT/health/ready" 2>/dev/null | grep -q '"UP"' && break
  kill -0 $server 2>/dev/null || { echo "server exited; see $LOG"; exit 1; }
  sleep 1
done
echo "server: $("$SERVER_JAVA" -version 2>&1 | head -1), $(basename "$JAR"), ${SERVER_ENV:-defaults}"
# the client may have many sockets open
ulimit -n 4096 2>/dev/null || true
java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.finbridge.inbound.bench.SlowClientBenchmark "http://127.0.0.1:$PORT" "$SECRET"
