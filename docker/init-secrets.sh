#!/usr/bin/env bash
# Creates the secret files docker-compose.yml expects under docker/secrets/, without touching any that exist:
#   finbridge_db_password, odoo_db_password, console_password   random, 32 letters and digits
#   odoo_api_key                                                 empty: paste the integration user's key
#   finbridge.properties                                         further finbridge.* settings and secrets
# The folder is 0700 (only you on the VM), the files 0644 (the containers run as different users, and a
# file mounted as a secret keeps its mode). docs/deployment.md, "Secrets".
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
mkdir -p "$dir"
chmod 0700 "$dir"

random_password() {
  local p=""
  while [ "${#p}" -lt 32 ]; do
    p+=$(head -c 64 /dev/urandom | tr -dc 'A-Za-z0-9' || true)
  done
  printf '%s' "${p:0:32}"
}

create() { # name, content
  local f="$dir/$1"
  if [ -e "$f" ]; then
    echo "kept    secrets/$1"
  else
    (umask 022; printf '%s\n' "$2" > "$f")
    chmod 0644 "$f"
    echo "created secrets/$1"
  fi
}

create finbridge_db_password "$(random_password)"
create odoo_db_password "$(random_password)"
create console_password "$(random_password)"
if [ -e "$dir/odoo_api_key" ]; then
  echo "kept    secrets/odoo_api_key"
else
  : > "$dir/odoo_api_key"
  chmod 0644 "$dir/odoo_api_key"
  echo "created secrets/odoo_api_key (empty: paste the Odoo integration user's API key into it)"
fi
create finbridge.properties "# finbridge.* settings read at start (FINBRIDGE_CONFIG); environment variables override them.
# Webhook signing secrets go here, for example:
# finbridge.webhooks.stripe.secret=whsec_...
# finbridge.webhooks.shopify.secret=...
# finbridge.webhooks.hubspot.secret=..."
