#!/usr/bin/env bash
# Checks docker-compose.yml without a Docker engine: Compose resolves it (syntax, interpolation, secrets files),
# then the wiring is checked on the resolved file: secrets granted where they are read, services reached by
# names that exist, the same database user and password on both ends, health checks behind every
# service_healthy, routes and mappings mounted read-only, a stop grace period longer than Finbridge's.
#
#   docker/check-compose.sh [path/to/compose-spec.json]   # the schema is optional: validated against when given
#
# Needs `docker compose` (v2) or `docker-compose` (v1, apt install docker-compose; it predates the top-level
# `name:`, so it resolves a copy without that line), python3 with PyYAML (and jsonschema for the schema).
# Missing secret files are created empty in a temporary copy of docker/, never in docker/secrets.
set -euo pipefail
cd "$(dirname "$0")"
schema=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a copy of docker/ whose secrets exist (compose refuses missing secret files), beside the project's folders
mkdir -p "$tmp/docker/secrets"
cp docker-compose.yml "$tmp/docker/"
[ -f .env ] && cp .env "$tmp/docker/.env"
for s in finbridge_db_password odoo_db_password odoo_api_key console_password finbridge.properties; do
  if [ -r "secrets/$s" ]; then cp "secrets/$s" "$tmp/docker/secrets/$s"; else : > "$tmp/docker/secrets/$s"; fi
done
mkdir -p "$tmp/routes" "$tmp/mappings"
cp -R ../routes/. "$tmp/routes/" 2>/dev/null || true

if docker compose version >/dev/null 2>&1; then
  echo "resolving with $(docker compose version)"
  docker compose --project-directory "$tmp/docker" -f "$tmp/docker/docker-compose.yml" config > "$tmp/resolved.yml"
elif command -v docker-compose >/dev/null 2>&1; then
  echo "resolving with $(docker-compose version --short) (Compose v1: top-level name: left out)"
  grep -v '^name: ' "$tmp/docker/docker-compose.yml" > "$tmp/docker/compose-v1.yml"
  docker-compose --project-directory "$tmp/docker" -f "$tmp/docker/compose-v1.yml" config > "$tmp/resolved.yml"
else
  echo "needs docker compose (v2) or docker-compose (v1)" >&2
  exit 1
fi
echo "ok: compose resolves the file"

python3 - "$tmp/resolved.yml" "$schema" <<'PY'
import json, re, sys
from urllib.parse import urlparse
import yaml

resolved_path, schema_path = sys.argv[1], sys.argv[2]
c = yaml.safe_load(open(resolved_path))
services = c["services"]
problems = []

def check(cond, msg):
    if not cond:
        problems.append(msg)

def env(svc):
    e = services[svc].get("environment", {})
    return e if isinstance(e, dict) else dict(x.split("=", 1) for x in e)

def granted(svc):
    return {s if isinstance(s, str) else s.get("target", s["source"]) for s in services[svc].get("secrets", [])}

# every /run/secrets/<name> a service reads is granted to it and declared at the top
for name in services:
    for key, value in env(name).items():
        m = re.fullmatch(r"/run/secrets/([A-Za-z0-9._-]+)", str(value))
        if m:
            check(m.group(1) in granted(name), f"{name}: {key} reads secret {m.group(1)} that is not granted")
            check(m.group(1) in c.get("secrets", {}), f"{name}: secret {m.group(1)} is not declared")

# every service_healthy dependency has a health check (Finbridge's own comes from its image)
for name, svc in services.items():
    for dep, how in (svc.get("depends_on") or {}).items():
        check(dep in services, f"{name} depends on unknown {dep}")
        if how.get("condition") == "service_healthy":
            check("healthcheck" in services.get(dep, {}), f"{name} waits for {dep} healthy, but {dep} has no healthcheck")

fb = env("finbridge")
check(fb.get("FINBRIDGE_PROFILE") == "prod", "finbridge: profile is not prod")
for key in ("FINBRIDGE_ODOO_URL", "FINBRIDGE_ODOO_DATABASE", "FINBRIDGE_ODOO_LOGIN", "FINBRIDGE_ODOO_API_KEY_FILE",
            "FINBRIDGE_CONSOLE_PASSWORD_FILE"):
    check(fb.get(key), f"finbridge: {key} missing (prod needs it)")
check("FINBRIDGE_ODOO_URL" not in fb or fb.get("FINBRIDGE_PROFILE") != "sandbox", "sandbox with an Odoo URL")

# the store: URL host is the PostgreSQL service, same database, user and password secret on both ends
store = urlparse(fb["FINBRIDGE_STORE_URL"].removeprefix("jdbc:"))
check(store.hostname in services, f"finbridge: store host {store.hostname} is not a service")
db = env(store.hostname) if store.hostname in services else {}
check(store.path.lstrip("/") == db.get("POSTGRES_DB"), "finbridge: store database differs from POSTGRES_DB")
check(fb.get("FINBRIDGE_STORE_USERNAME") == db.get("POSTGRES_USER"), "finbridge: store user differs from POSTGRES_USER")
check(fb.get("FINBRIDGE_STORE_PASSWORD_FILE") == db.get("POSTGRES_PASSWORD_FILE"), "finbridge: store password is not the database's secret")
check(store.hostname in (services["finbridge"].get("depends_on") or {}), "finbridge does not wait for its store")

# Odoo: Finbridge reaches it by service name; Odoo reaches its own PostgreSQL with the same user and secret
odoo_url = urlparse(fb["FINBRIDGE_ODOO_URL"])
check(odoo_url.hostname in services, f"finbridge: Odoo host {odoo_url.hostname} is not a service")
check(odoo_url.hostname in (services["finbridge"].get("depends_on") or {}), "finbridge does not wait for Odoo")
od = env(odoo_url.hostname) if odoo_url.hostname in services else {}
check(od.get("HOST") in services, f"odoo: HOST {od.get('HOST')} is not a service")
odb = env(od["HOST"]) if od.get("HOST") in services else {}
check(od.get("USER") == odb.get("POSTGRES_USER"), "odoo: USER differs from its database's POSTGRES_USER")
check(od.get("PASSWORD_FILE") == odb.get("POSTGRES_PASSWORD_FILE"), "odoo: password is not its database's secret")
check(store.hostname != od.get("HOST"), "Finbridge's store and Odoo share one PostgreSQL service")
cmd = " ".join(services.get(odoo_url.hostname, {}).get("command") or [])
check(f"^{fb['FINBRIDGE_ODOO_DATABASE']}$" in cmd, "odoo: --db-filter does not select Finbridge's Odoo database")

# routes and mappings from the host, read-only; time enough to stop gracefully
vols = [v if isinstance(v, str) else f"{v.get('source')}:{v.get('target')}:{'ro' if v.get('read_only') else 'rw'}"
        for v in services["finbridge"].get("volumes", [])]
for folder in ("routes", "mappings"):
    check(any(v.endswith(f":/opt/finbridge/{folder}:ro") for v in vols), f"finbridge: {folder} not mounted read-only")
grace = str(services["finbridge"].get("stop_grace_period", "10s"))
seconds = sum(int(n) * {"s": 1, "m": 60}[u] for n, u in re.findall(r"(\d+)([sm])", grace))
check(seconds > 30 + 10, f"finbridge: stop_grace_period {grace} is not above shutdown timeout 30s + HTTP grace 10s")

if schema_path:
    import jsonschema
    jsonschema.validate(c, json.load(open(schema_path)))
    print(f"ok: the resolved file is valid against {schema_path}")

for p in problems:
    print("FAIL:", p)
if problems:
    sys.exit(1)
print(f"ok: wiring of {', '.join(services)} checked")
PY
