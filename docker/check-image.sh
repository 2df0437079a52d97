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
# refuses to start and names what is missing.
# Minutes and about 1.5 GB the first time (two base images), well under a minute of checks after that.
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
  # a local stand-in for maven:3.9-eclipse-temurin-17: Debian's JDK 17 and Maven on the same Debian base
  printf '%s\n' "FROM $RUNTIME_IMAGE" \
    'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven && rm -rf /var/lib/apt/lists/*' \
    > "$CHECK_WORK/Containerfile.build-base"
  "${PODMAN[@]}" build --network=host -f "$CHECK_WORK/Containerfile.build-base" -t "$BUILD_IMAGE" "$CHECK_WORK"
fi
ok "build base $BUILD_IMAGE"

step "build $IMAGE from $ROOT"
# docker format: the OCI format has no HEALTHCHECK. Host network: Maven reaches Maven Central.
started=$(date +%s)
"${PODMAN[@]}" build --format docker --network=host \
  --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE" --build-arg BUILD_IMAGE="$BUILD_IMAGE" \
  -f docker/Dockerfile -t "$IMAGE" .
ok "built in $(( $(date +%s) - started )) s, $("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE") bytes"

cleanup() { "${PODMAN[@]}" rm -f -t 0 "$NAME" "$NAME-prod" >/dev/null 2>&1 || true; }
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

curl -fsS "$base/metrics" | grep -q '^# TYPE ' || fail "/metrics is not Prometheus text"
ok "/metrics serves Prometheus text"
for p in /hawtio/ /api/status; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base$p")
  [ "$code" = 401 ] || fail "$p answered $code without a login"
  ok "$p asks for a login (401)"
done
code=$(curl -s -o /dev/null -w '%{http_code}' -u admin:sandbox "$base/api/status")
[ "$code" = 200 ] || fail "/api/status with the sandbox login answered $code"
ok "/api/status with the sandbox login: 200"
"${PODMAN[@]}" exec "$NAME" sh -c 'ls /var/lib/finbridge/*.mv.db' >/dev/null || fail "no H2 store on /var/lib/finbridge"
ok "H2 store on the volume: $("${PODMAN[@]}" exec "$NAME" sh -c 'ls /var/lib/finbridge/*.mv.db')"

step "graceful stop on SIGTERM"
started=$(date +%s)
"${PODMAN[@]}" stop -t 45 "$NAME" >/dev/null
took=$(( $(date +%s) - started ))
exit_code=$("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$took" -lt 45 ] || fail "not stopped within 45 s (killed)"
[ "$exit_code" != 137 ] || fail "killed (exit 137)"
"${PODMAN[@]}" logs "$NAME" 2>&1 | grep -Eq 'Apache Camel .* \(finbridge\) shutdown' || fail "no Camel shutdown in the log"
ok "stopped in $took s, exit code $exit_code, Camel shut down:"
"${PODMAN[@]}" logs "$NAME" 2>&1 | grep -E 'Apache Camel .* \(finbridge\) shutdown' | sed 's/^/    /'

step "prod profile without its settings refuses to start"
set +e
"${PODMAN[@]}" run --name "$NAME-prod" --network=host -e FINBRIDGE_PROFILE=prod -e FINBRIDGE_HTTP_PORT="$CHECK_PORT" \
  "$IMAGE" > "$CHECK_WORK/prod.log" 2>&1
code=$?
set -e
[ "$code" = 2 ] || { cat "$CHECK_WORK/prod.log" >&2; fail "prod without settings exited $code, expected 2"; }
grep -q 'FINBRIDGE_ODOO_API_KEY' "$CHECK_WORK/prod.log" || fail "the refusal does not name FINBRIDGE_ODOO_API_KEY"
ok "exit 2: $(grep -m1 'cannot start' "$CHECK_WORK/prod.log" | sed 's/.* - //')"

printf '\nimage check passed: %s\n' "$IMAGE"
