#!/bin/sh
# The image's HEALTHCHECK: exit 0 when GET /health/ready answers 200 (status UP), 1 otherwise.
# Uses curl or wget when the base image has one (eclipse-temurin images have both), else bash's /dev/tcp,
# so it needs no Java start-up and no extra package on any Debian or Ubuntu based runtime image.
port="${FINBRIDGE_HTTP_PORT:-8080}"
path=/health/ready
url="http://127.0.0.1:${port}${path}"

if command -v curl >/dev/null 2>&1; then
  curl -fsS -o /dev/null --max-time 4 "$url" || exit 1
  exit 0
fi
if command -v wget >/dev/null 2>&1; then
  wget -q -O /dev/null -T 4 "$url" || exit 1
  exit 0
fi
exec bash -c '
  exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
  printf "GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n" "$2" >&3
  IFS= read -r -t 4 status <&3 || exit 1
  case "$status" in
    "HTTP/1."?" 200"*) exit 0 ;;
    *) exit 1 ;;
  esac' healthcheck "$port" "$path"
