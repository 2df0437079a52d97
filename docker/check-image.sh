#!/usr/bin/env bash
# Builds docker/Dockerfile for real and checks the image, on a machine with no Docker engine and no registry
# (shared/CONTAINERS.md): Podman from Debian's packages, base images made with debootstrap.
#
#   docker/check-image.sh            # from anywhere; needs root (apt-get, debootstrap, rootful podman)
#
# What it checks, in this order: the image builds from the project root with both base images passed in; the
# sandbox profile starts and /health/ready says UP; the process runs as the non-root user; the image's own
# HEALTHCHECK passes; /metrics serves Prometheus text; /hawtio and /api ask for a login; the H2 store is on
# the volume; SIGTERM stops it gracefully within the grace period; the prod profile without its settings
# refuses to start and names what is missing; the prod profile with a PostgreSQL store (the machine's, at
# 127.0.0.1:5432) and secrets from files is ready while a stand-in Odoo answers, keeps the secrets out of its
# log, stays ready (HEALTHCHECK passing) while /health reports Odoo down when Odoo goes away, and deregisters on
# SIGTERM.
# About 6 minutes and 1.6 GB the first time on these machines (debootstrap, two base images, the Maven build),
# about a minute after that.
# Not part of .ci/run.
#
# Environment (all optional):
#   CHECK_WORK=/var/tmp/finbridge-image-check   where the debootstrapped root filesystems go (never the repo)
#   CHECK_PORT=18080                            the port Finbridge listens on (host network)
#   RUNTIME_IMAGE=localhost/debian-jre17        runtime base; made here with debootstrap if it does not exist
#   BUILD_IMAGE=localhost/debian-maven-jdk17    build base (JDK 17 + Maven); made here from RUNTIME_IMAGE's rootfs
#   IMAGE=localhost/finbridge:check             the tag built
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CHECK_WORK=${CHECK_WORK:-/var/tmp/finbridge-image-check}
CHECK_PORT=${CHECK_PORT:-18080}
RUNTIME_IMAGE=${RUNTIME_IMAGE:-localhost/debian-jre17}
BUILD_IMAGE=${BUILD_IMAGE:-localhost/debian-maven-jdk17}
IMAGE=${IMAGE:-localhost/finbridge:check}
NAME=finbridge-check-$$
PODMAN=(podman --runtime runc)

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok: %s\n' "$*"; }

case "$CHECK_WORK" in "$ROOT"|"$ROOT"/*) fail "CHECK_WORK must be outside the repository ($CHECK_WORK)";; esac

step "tools: podman, buildah, runc, debootstrap"
if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman buildah runc debootstrap
fi
# crun and default ulimits are refused on these machines (CONTAINERS.md)
if [ ! -f /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers
  printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n' > /etc/containers/containers.conf
fi
podman --version

step "base images"
mkdir -p "$CHECK_WORK"
if ! "${PODMAN[@]}" image exists "$RUNTIME_IMAGE"; then
  [ "$RUNTIME_IMAGE" = localhost/debian-jre17 ] || fail "runtime base $RUNTIME_IMAGE does not exist"
  rm -rf "$CHECK_WORK/rootfs-jre17"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,ca-certificates bookworm "$CHECK_WORK/rootfs-jre17"
  tar -C "$CHECK_WORK/rootfs-jre17" -c . | "${PODMAN[@]}" import - "$RUNTIME_IMAGE"
fi
ok "runtime base $RUNTIME_IMAGE"
if ! "${PODMAN[@]}" image exists "$BUILD_IMAGE"; then
  [ "$BUILD_IMAGE" = localhost/debian-maven-jdk17 ] || fail "build base $BUILD_IMAGE does not exist"
  # A local stand-in for maven:3.9-eclipse-temurin-17: Debian's JDK 17 and Maven on the same Debian base.
  # It trusts the CA certificates this machine added (/usr/local/share/ca-certificates): where outgoing HTTPS
  # goes through an inspecting proxy, Maven inside the build reaches Maven Central only with them. That is
  # the base image's business (as a company's base image carries its CA), not the Dockerfile's.
  ctx="$CHECK_WORK/build-base"
  rm -rf "$ctx" && mkdir -p "$ctx/ca"
  cp /usr/local/share/ca-certificates/*.crt "$ctx/ca/" 2>/dev/null || true
  printf '%s\n' "FROM $RUNTIME_IMAGE" \
    'COPY ca/ /usr/local/share/ca-certificates/' \
    'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven && rm -rf /var/lib/apt/lists/* && update-ca-certificates' \
    > "$ctx/Containerfile"
  "${PODMAN[@]}" build --network=host -f "$ctx/Containerfile" -t "$BUILD_IMAGE" "$ctx"
fi
ok "build base $BUILD_IMAGE"

step "build $IMAGE from $ROOT"
# docker format: the OCI format has no HEALTHCHECK. Host network: Maven reaches Maven Central.
started=$(date +%s)
"${PODMAN[@]}" build --format docker --network=host \
  --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE" --build-arg BUILD_IMAGE="$BUILD_IMAGE" \
  -f docker/Dockerfile -t "$IMAGE" .
ok "built in $(( $(date +%s) - started )) s, $("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE") bytes"

cleanup() { "${PODMAN[@]}" rm -f -i -t 0 "$NAME" "$NAME-unset" "$NAME-prod" >/dev/null 2>&1 || true; }
trap cleanup EXIT

step "run in the sandbox profile on port $CHECK_PORT"
"${PODMAN[@]}" run -d --name "$NAME" --network=host \
  -e FINBRIDGE_PROFILE=sandbox -e FINBRIDGE_HTTP_PORT="$CHECK_PORT" "$IMAGE" >/dev/null
base="http://127.0.0.1:$CHECK_PORT"
started=$(date +%s)
ready=""
for _ in $(seq 1 120); do
  if ready=$(curl -fsS --max-time 2 "$base/health/ready" 2>/dev/null) && [[ "$ready" == *'"status":"UP"'* ]]; then
    break
  fi
  ready=""
  [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$NAME")" = true ] || break
  sleep 1
done
if [ -z "$ready" ]; then
  "${PODMAN[@]}" logs "$NAME" | tail -40 >&2
  fail "/health/ready never said UP"
fi
ok "/health/ready UP $(( $(date +%s) - started )) s after start: $ready"

uid=$("${PODMAN[@]}" exec "$NAME" id -u)
[ "$uid" != 0 ] || fail "runs as root"
ok "runs as $("${PODMAN[@]}" exec "$NAME" id -un) (uid $uid)"
[ "$("${PODMAN[@]}" exec "$NAME" cat /proc/1/comm)" = java ] || fail "PID 1 is not java"
ok "PID 1 is java (signals reach it)"

"${PODMAN[@]}" healthcheck run "$NAME" >/dev/null || fail "the image's HEALTHCHECK fails"
ok "HEALTHCHECK passes ($("${PODMAN[@]}" image inspect --format '{{json .Config.Healthcheck.Test}}' "$IMAGE"))"

# (output to files before grep: with pipefail, grep -q closing the pipe early would fail the pipeline)
curl -fsS "$base/metrics" > "$CHECK_WORK/metrics.txt" || fail "/metrics did not answer"
grep -q '^# TYPE ' "$CHECK_WORK/metrics.txt" || fail "/metrics is not Prometheus text"
ok "/metrics serves Prometheus text"
for p in /hawtio/ /api/status; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
  [ "$code" = 401 ] || fail "$p answered $code without a login"
  ok "$p asks for a login (401)"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -u admin:sandbox "$base/api/status")
[ "$code" = 200 ] || fail "/api/status with the sandbox login answered $code"
ok "/api/status with the sandbox login: 200"
"${PODMAN[@]}" exec "$NAME" test -f /var/lib/finbridge/sandbox.mv.db || fail "no sandbox H2 store on /var/lib/finbridge"
ok "the sandbox's H2 store is on the volume: /var/lib/finbridge/sandbox.mv.db"

step "graceful stop on SIGTERM"
started=$(date +%s)
"${PODMAN[@]}" stop -t 45 "$NAME" >/dev/null
took=$(( $(date +%s) - started ))
exit_code=$("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$took" -lt 45 ] || fail "not stopped within 45 s (killed)"
[ "$exit_code" != 137 ] || fail "killed (exit 137)"
"${PODMAN[@]}" logs "$NAME" > "$CHECK_WORK/sandbox.log" 2>&1
grep -Eq 'Apache Camel .* \(finbridge\) shutdown' "$CHECK_WORK/sandbox.log" || fail "no Camel shutdown in the log"
ok "stopped in $took s, exit code $exit_code (143 = ended by SIGTERM), Camel shut down:"
grep -E 'Apache Camel .* \(finbridge\) shutdown' "$CHECK_WORK/sandbox.log" | sed 's/^/    /'
# A clean stop removes this instance from runtime_instance. On H2 that needs the store open until Camel has
# stopped; H2 closes itself at JVM exit unless the URL says DB_CLOSE_ON_EXIT=FALSE (a runtime matter, reported,
# so a warning here rather than a failure).
left=$("${PODMAN[@]}" run --rm --volumes-from "$NAME" --entrypoint sh "$IMAGE" -c \
  'java -cp finbridge.jar org.h2.tools.Shell -url "jdbc:h2:file:./data/sandbox;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" -user sa -sql "select count(*) as left_over from runtime_instance"' \
  2>/dev/null | sed -n 2p | tr -dc '0-9')
if [ "$left" = 0 ]; then
  ok "the instance left runtime_instance on the H2 store"
else
  echo "WARN: ${left:-?} instance row(s) left in runtime_instance on H2 after SIGTERM: H2 closed the store at JVM exit before Camel finished stopping (store URL without DB_CLOSE_ON_EXIT=FALSE)"
fi

step "prod profile without its settings refuses to start"
set +e
"${PODMAN[@]}" run --name "$NAME-unset" --network=host -e FINBRIDGE_PROFILE=prod -e FINBRIDGE_HTTP_PORT="$CHECK_PORT" \
  "$IMAGE" > "$CHECK_WORK/prod.log" 2>&1
code=$?
set -e
[ "$code" = 2 ] || { cat "$CHECK_WORK/prod.log" >&2; fail "prod without settings exited $code, expected 2"; }
grep -q 'FINBRIDGE_ODOO_API_KEY' "$CHECK_WORK/prod.log" || fail "the refusal does not name FINBRIDGE_ODOO_API_KEY"
ok "exit 2: $(grep -m1 'cannot start' "$CHECK_WORK/prod.log" | sed 's/.* - //')"

step "prod profile: PostgreSQL store, secrets from files, an Odoo that answers, then one that does not"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || ! command -v python3 >/dev/null; then
  echo "skipped: needs PostgreSQL at 127.0.0.1:5432 (trust auth, as on these machines) and python3"
else
  db=finbridge_image_check
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  # The secrets, one file each, mounted one by one as compose's secrets: are (/run/secrets/<name>).
  secrets="$CHECK_WORK/secrets"
  rm -rf "$secrets" && mkdir -p "$secrets"
  api_key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  console_password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$api_key" > "$secrets/odoo_api_key"
  printf '%s\n' "$console_password" > "$secrets/console_password"
  printf '%s\n' "unused-with-trust-auth" > "$secrets/store_password"
  chmod 0644 "$secrets"/*
  # A stand-in for Odoo's /jsonrpc that answers common.version as the real Odoo 17 did (shared/odoo17 recording
  # 001): Finbridge's readiness asks nothing else of Odoo.
  odoo_port=$((CHECK_PORT + 1))
  cat > "$CHECK_WORK/odoo_stand_in.py" <<'PY'
import http.server, sys
BODY = b'{"jsonrpc": "2.0", "id": 1, "result": {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""], "server_serie": "17.0", "protocol_version": 1}}'
class Odoo(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200 if self.path == "/jsonrpc" else 404)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Odoo).serve_forever()
PY
  python3 "$CHECK_WORK/odoo_stand_in.py" "$odoo_port" &
  odoo_pid=$!
  trap 'cleanup; kill "$odoo_pid" 2>/dev/null || true' EXIT
  "${PODMAN[@]}" run -d --name "$NAME-prod" --network=host \
    -v "$secrets/odoo_api_key:/run/secrets/odoo_api_key:ro" \
    -v "$secrets/console_password:/run/secrets/console_password:ro" \
    -v "$secrets/store_password:/run/secrets/store_password:ro" \
    -e FINBRIDGE_PROFILE=prod -e FINBRIDGE_HTTP_PORT="$CHECK_PORT" \
    -e FINBRIDGE_STORE_URL="jdbc:postgresql://127.0.0.1:5432/$db" -e FINBRIDGE_STORE_USERNAME=postgres \
    -e FINBRIDGE_STORE_PASSWORD_FILE=/run/secrets/store_password \
    -e FINBRIDGE_ODOO_URL="http://127.0.0.1:$odoo_port" -e FINBRIDGE_ODOO_DATABASE=finbridge \
    -e FINBRIDGE_ODOO_LOGIN=finbridge -e FINBRIDGE_ODOO_API_KEY_FILE=/run/secrets/odoo_api_key \
    -e FINBRIDGE_CONSOLE_PASSWORD_FILE=/run/secrets/console_password \
    "$IMAGE" >/dev/null
  ready=""
  for _ in $(seq 1 120); do
    if ready=$(curl -fsS --max-time 2 "$base/health/ready" 2>/dev/null) && [[ "$ready" == *'"status":"UP"'* ]]; then
      break
    fi
    ready=""
    [ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$NAME-prod")" = true ] || break
    sleep 1
  done
  if [ -z "$ready" ]; then
    "${PODMAN[@]}" logs "$NAME-prod" | tail -40 >&2
    fail "prod: /health/ready never said UP"
  fi
  ok "prod: /health/ready UP with checks $(grep -o '"id":"[a-z]*","status":"UP"' <<<"$ready" | grep -Eo 'store|odoo' | tr '\n' ' ')"
  [[ "$ready" == *'"id":"store","status":"UP"'* ]] || fail "prod: no store check in readiness"
  [[ "$ready" != *'"id":"odoo"'* ]] || fail "prod: Odoo is part of readiness (it must not take the instance out of rotation)"
  health=""
  for _ in $(seq 1 30); do
    health=$(curl -s --max-time 2 "$base/health" || true)
    [[ "$health" == *'"id":"odoo","status":"UP"'* ]] && break
    sleep 1
  done
  [[ "$health" == *'"id":"odoo","status":"UP"'* ]] || fail "prod: /health does not report Odoo UP: $health"
  rows=$(psql -Atq -h 127.0.0.1 -U postgres -d "$db" -c "SELECT count(*) FROM runtime_instance WHERE profile = 'prod'")
  [ "$rows" = 1 ] || fail "prod: expected this instance in runtime_instance on PostgreSQL, found $rows"
  ok "prod: store migrated on PostgreSQL, this instance registered in runtime_instance"
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$console_password" "$base/api/status")
  [ "$code" = 200 ] || fail "prod: the console password from the file was refused ($code)"
  code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:sandbox" "$base/api/status")
  [ "$code" = 401 ] || fail "prod: the sandbox password was accepted ($code)"
  ok "prod: console password read from its file; the sandbox password is refused"
  "${PODMAN[@]}" logs "$NAME-prod" > "$CHECK_WORK/prod-run.log" 2>&1
  if grep -qF -e "$api_key" -e "$console_password" "$CHECK_WORK/prod-run.log"; then
    fail "prod: a secret appears in the log"
  fi
  ok "prod: neither the API key nor the console password appears in the log"

  kill "$odoo_pid"; wait "$odoo_pid" 2>/dev/null || true
  down=""
  for _ in $(seq 1 30); do
    code=$(curl -s -o "$CHECK_WORK/health.json" -w '%{http_code}' --max-time 8 "$base/health" || true)
    if grep -q '"id":"odoo","status":"DOWN"' "$CHECK_WORK/health.json" 2>/dev/null; then down=$(cat "$CHECK_WORK/health.json"); break; fi
    sleep 1
  done
  [ -n "$down" ] || fail "prod: /health never reported Odoo down with Odoo gone"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 8 "$base/health/ready" || true)
  [ "$code" = 200 ] || fail "prod: /health/ready answered $code with Odoo gone (want 200: it still accepts events)"
  ok "prod: Odoo gone -> /health/ready still 200, /health: $(grep -o '"id":"odoo"[^}]*' <<<"$down")"
  "${PODMAN[@]}" healthcheck run "$NAME-prod" >/dev/null 2>&1 || fail "prod: HEALTHCHECK fails with Odoo gone"
  ok "prod: HEALTHCHECK passes with Odoo gone (the instance stays in rotation)"
  "${PODMAN[@]}" stop -t 45 "$NAME-prod" >/dev/null
  rows=$(psql -Atq -h 127.0.0.1 -U postgres -d "$db" -c "SELECT count(*) FROM runtime_instance")
  [ "$rows" = 0 ] || fail "prod: the instance did not deregister on SIGTERM ($rows rows left)"
  ok "prod: SIGTERM -> the instance left runtime_instance (clean stop)"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE $db"
fi

printf '\nimage check passed: %s\n' "$IMAGE"
