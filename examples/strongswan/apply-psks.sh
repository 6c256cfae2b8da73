#!/usr/bin/env bash
# The router step for strongSwan: gives each tunnel of this host its new PSK from the action's
# outputs and makes its IKE SA authenticate again with it. Never prints a PSK.
#
# Environment:
#   PSKS         required: the action's `psks` output, {"<tunnel id>": "<psk>"}
#   RESULTS      required: the action's `results` output
#   TUNNELS      tunnel names this host terminates, space-separated (default: every tunnel with a PSK in PSKS)
#   SWANCTL_DIR  default /etc/swanctl
#   SWANCTL_URI  passed to swanctl as --uri when set
#   CONNECTION   template of each tunnel's swanctl connection name: {name}, {id} (default {name})
#   SECRET_ID    template of the identity the PSK is bound to: {cloudflare_endpoint}, {ipsec_id},
#                {name}, {id} (default {cloudflare_endpoint})
#   UP_TIMEOUT   seconds to wait for each IKE SA to come up (default 20)
# Needs bash, jq, od and swanctl. Exits non-zero naming each tunnel that did not come up.
set -euo pipefail
umask 077

: "${PSKS:?PSKS must hold the action's psks output}"
: "${RESULTS:?RESULTS must hold the action's results output}"
SWANCTL_DIR=${SWANCTL_DIR:-/etc/swanctl}
CONNECTION=${CONNECTION:-'{name}'}
SECRET_ID=${SECRET_ID:-'{cloudflare_endpoint}'}
UP_TIMEOUT=${UP_TIMEOUT:-20}
uri=()
[ -n "${SWANCTL_URI:-}" ] && uri=(--uri "$SWANCTL_URI")

# Tunnels with a PSK in this run, as "id<TAB>name<TAB>cloudflare_endpoint<TAB>ipsec_id" lines.
tunnels=$(jq -r --argjson psks "$PSKS" '
  .[] | select($psks[.id] != null)
  | [.id, .name, (.cloudflare_endpoint // ""), (.ipsec_id // "")] | @tsv' <<<"$RESULTS")

fill() { # template id name cloudflare_endpoint ipsec_id
  local out=$1
  out=${out//\{id\}/$2}; out=${out//\{name\}/$3}
  out=${out//\{cloudflare_endpoint\}/$4}; out=${out//\{ipsec_id\}/$5}
  printf '%s' "$out"
}

established() { # connection
  swanctl --list-sas --ike "$1" "${uri[@]}" 2>/dev/null | grep -q "^$1: #[0-9]*, ESTABLISHED"
}

mkdir -p "$SWANCTL_DIR/conf.d"
connections=()
names=()
while IFS=$'\t' read -r id name endpoint ipsec_id; do
  [ -n "$id" ] || continue
  if [ -n "${TUNNELS:-}" ] && [[ " $TUNNELS " != *" $name "* ]]; then continue; fi
  connection=$(fill "$CONNECTION" "$id" "$name" "$endpoint" "$ipsec_id")
  secret_id=$(fill "$SECRET_ID" "$id" "$name" "$endpoint" "$ipsec_id")
  if [[ ! $connection =~ ^[A-Za-z0-9_.-]+$ ]] || [[ ! $secret_id =~ ^[A-Za-z0-9_.:@-]+$ ]]; then
    echo "Tunnel $id: connection name or secret id is empty or has characters swanctl cannot take; skipped." >&2
    names+=("$name (not configured)")
    continue
  fi
  # The PSK goes into swanctl's configuration as hex (0x...), so no character needs quoting.
  hex=$(jq -j --arg id "$id" '.[$id]' <<<"$PSKS" | od -An -v -tx1 | tr -d ' \n')
  file="$SWANCTL_DIR/conf.d/cloudflare-psk-$connection.conf"
  printf 'secrets {\n  ike-cloudflare-%s {\n    id = %s\n    secret = 0x%s\n  }\n}\n' "$connection" "$secret_id" "$hex" >"$file.tmp"
  mv "$file.tmp" "$file"
  connections+=("$connection")
  names+=("$name")
done <<<"$tunnels"

if [ "${#connections[@]}" -eq 0 ]; then
  echo "No tunnel of this host has a new PSK in PSKS."
  exit 0
fi
swanctl --load-creds --clear --file "$SWANCTL_DIR/swanctl.conf" "${uri[@]}" >/dev/null

failed=()
for i in "${!connections[@]}"; do
  connection=${connections[$i]}
  if established "$connection"; then
    swanctl --rekey --ike "$connection" --reauth "${uri[@]}" >/dev/null 2>&1 || true
  fi
  for _ in $(seq "$UP_TIMEOUT"); do
    established "$connection" && break
    swanctl --initiate --ike "$connection" --timeout 5 "${uri[@]}" >/dev/null 2>&1 || sleep 1
  done
  if established "$connection"; then
    echo "Tunnel ${names[$i]}: IKE SA $connection up with the new PSK."
  else
    failed+=("${names[$i]}")
  fi
done
for name in "${names[@]}"; do [[ $name == *"(not configured)" ]] && failed+=("$name"); done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "Not up with the new PSK: ${failed[*]}" >&2
  exit 1
fi
