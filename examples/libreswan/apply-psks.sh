#!/usr/bin/env bash
# The router step for Libreswan: gives each tunnel of this host its new PSK from the action's
# hand-over files and proves it with a fresh IKE SA. Never prints a PSK; no PSK reaches the
# argv or environment of any program it runs.
#
# Which tunnels (one of, or both to intersect):
#   ROUTERS_FILE + ROUTER  the action's routers-file output and this router's key in it; its
#                          psks_file and results_file are the default PSKS_FILE and RESULTS_FILE
#   TUNNELS                tunnel IDs or names this host terminates, one per line
# Inputs:
#   PSKS_FILE     the action's psks-file output, {"<tunnel id>": "<psk>"}
#   RESULTS_FILE  the action's results-file output
# Settings:
#   CONNECTION    template of each tunnel's Libreswan connection name: {name}, {id} (default {name})
#   SECRET_IDS    template of the IDs the PSK is bound to, overriding the connection's own IDs:
#                 {cloudflare_endpoint}, {customer_endpoint}, {ipsec_id}, {fqdn_id}, {name}, {id}
#   IPSEC         the ipsec command (default ipsec); IPSEC_CONFDDIR as for it (default /etc/ipsec.d)
#   UP_TIMEOUT    seconds to wait for each new IKE SA (default 30)
# Each PSK goes to $IPSEC_CONFDDIR/cloudflare-psk-<tunnel id>.secrets, which ipsec.secrets must
# include. Needs bash, jq, od, timeout and Libreswan 4. Exits non-zero naming each tunnel that is
# not up with its new PSK.
set -uo pipefail
umask 077

IPSEC=${IPSEC:-ipsec}
SECRETS_DIR=${IPSEC_CONFDDIR:-/etc/ipsec.d}
CONNECTION=${CONNECTION:-'{name}'}
SECRET_IDS=${SECRET_IDS:-}
UP_TIMEOUT=${UP_TIMEOUT:-30}

fail() {
  echo "apply-psks: $*" >&2
  exit 2
}

if [ -n "${ROUTERS_FILE:-}" ]; then
  [ -n "${ROUTER:-}" ] || fail "ROUTERS_FILE is set but ROUTER is not: set ROUTER to this router's key in it."
  router=$(jq -c --arg router "$ROUTER" 'if type == "array" then map(select(.router == $router)) | first else error end' \
    "$ROUTERS_FILE" 2>/dev/null) || fail "ROUTERS_FILE is not a readable JSON array (the action's routers-file output)."
  [ "$router" != null ] || fail "ROUTERS_FILE has no router with the key in ROUTER."
  PSKS_FILE=${PSKS_FILE:-$(jq -r '.psks_file // ""' <<<"$router")}
  RESULTS_FILE=${RESULTS_FILE:-$(jq -r '.results_file // ""' <<<"$router")}
  router_tunnels=$(jq -c '.tunnels // []' <<<"$router")
elif [ -z "${TUNNELS:-}" ]; then
  fail "say which tunnels this host terminates: ROUTERS_FILE and ROUTER, or TUNNELS (IDs or names, one per line)."
else
  router_tunnels=null
fi
[ -n "${PSKS_FILE:-}" ] && jq -e 'type == "object"' "$PSKS_FILE" >/dev/null 2>&1 ||
  fail "PSKS_FILE is not a readable JSON object (the action's psks-file output)."
[ -n "${RESULTS_FILE:-}" ] && jq -e 'type == "array"' "$RESULTS_FILE" >/dev/null 2>&1 ||
  fail "RESULTS_FILE is not a readable JSON array (the action's results-file output)."
[[ $UP_TIMEOUT =~ ^[1-9][0-9]{0,3}$ ]] || fail "UP_TIMEOUT must be a whole number of seconds (1-9999)."

# This host's tunnels, one line each, fields split by \x1f: id, name as shown in the log,
# status, has a PSK, connection name, secret IDs template filled in (empty unless SECRET_IDS is
# set). Names are shown without control characters, `##[` or a leading `:`, so the runner reads
# no command in them.
plan=$(jq -r -n --slurpfile psks "$PSKS_FILE" --slurpfile results "$RESULTS_FILE" \
  --argjson router "$router_tunnels" --arg tunnels "${TUNNELS:-}" \
  --arg connection "$CONNECTION" --arg secret_ids "$SECRET_IDS" '
  def cell: tostring | gsub("[\u0000-\u001f\u007f]"; "?");
  def shown: cell | gsub("[\u0080-\u009f\u2028\u2029]"; "?") | gsub("##\\["; "#\u200b#[")
    | if length > 80 then .[0:80] + "… (\(length - 80) more characters)" else . end;
  def fill($t): . as $r | $t | gsub("\\{id\\}"; $r.id) | gsub("\\{name\\}"; $r.name | tostring)
    | gsub("\\{cloudflare_endpoint\\}"; $r.cloudflare_endpoint // "") | gsub("\\{customer_endpoint\\}"; $r.customer_endpoint // "")
    | gsub("\\{ipsec_id\\}"; $r.ipsec_id // "") | gsub("\\{fqdn_id\\}"; $r.fqdn_id // "") | cell;
  ($tunnels | split("\n") | map(gsub("^\\s+|\\s+$"; "")) | map(select(. != ""))) as $listed
  | def wanted: .id as $id | .name as $name
      | ($router == null or ($router | any(. == $id))) and ($tunnels == "" or ($listed | any(. == $id or . == $name)));
  ($results[0] | map(select(type == "object" and (.id | type) == "string" and wanted))) as $mine
  | ($mine[] | [(.id | cell), (if (.name // "" | tostring) == "" then .id else .name end | shown), (.status // "" | cell), ($psks[0][.id] | type == "string" and . != ""),
      fill($connection), (if $secret_ids == "" then "" else fill($secret_ids) end)] | join("\u001f")),
    ((if $tunnels == "" then $router else $listed end) - ($mine | map(.id, .name)) | unique[]
      | ["", shown, "", false, "", ""] | join("\u001f"))
' 2>/dev/null) || fail "could not read PSKS_FILE and RESULTS_FILE with jq."

ipsec_quiet() { timeout 60 "$IPSEC" "$@" 2>&1; }
status=$(ipsec_quiet whack --status) || fail "cannot reach pluto with '$IPSEC whack --status'."

# The IDs of a loaded connection as pluto has them: "our-id their-id", or nothing.
connection_ids() {
  local line
  line=$(grep -F "\"$1\":" <<<"$status" | grep -F 'our idtype:' | head -n 1)
  [[ $line =~ our\ id=([^\;]+)\;\ their\ idtype:\ [^\;]+\;\ their\ id=([^\;[:space:]]+) ]] &&
    printf '%s %s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}
# Serial of the newest IKE SA of a connection that is established, or 0.
established_serial() {
  ipsec_quiet whack --showstates | awk -v c="\"$1\":" '
    index($0, c) && /STATE_V2_ESTABLISHED_IKE_SA/ { sub(/^[0-9]* *#/, ""); sub(/:.*/, ""); if ($0 + 0 > n) n = $0 + 0 }
    END { print n + 0 }'
}
newest_serial() {
  ipsec_quiet whack --showstates | awk '{ if (match($0, /#[0-9]+:/)) { s = substr($0, RSTART + 1, RLENGTH - 2) + 0; if (s > n) n = s } } END { print n + 0 }'
}
# Rereads every secrets file; fails when pluto has a word to say about this one.
reread_secrets() { # file
  local out
  out=$(ipsec_quiet whack --rereadsecrets)
  if [ -e "$1" ]; then
    grep -qF "loading secrets from \"$1\"" <<<"$out" || return 1
    ! grep -F "\"$1\"" <<<"$out" | grep -vqF 'loading secrets from'
  fi
}
# A fresh IKE SA for the connection, newer than serial $2, within UP_TIMEOUT: prints its serial.
# With $3 = first-refusal, gives up at the first AUTHENTICATION_FAILED instead of retrying.
reauthenticate() { # connection serial [first-refusal]
  local out serial deadline=$((SECONDS + UP_TIMEOUT))
  # Libreswan 4 cannot authenticate an IKE SA again while keeping it (initiating reuses it, even
  # from another connection to the same peer), so the old one goes first.
  ipsec_quiet whack --name "$1" --terminate >/dev/null
  while [ "$SECONDS" -lt "$deadline" ]; do
    out=$(timeout "$((deadline - SECONDS + 1))" "$IPSEC" whack --name "$1" --initiate 2>&1)
    serial=$(established_serial "$1")
    if [ "$serial" -gt "$2" ]; then
      printf '%s' "$serial"
      return 0
    fi
    [ "${3:-}" = first-refusal ] && grep -q AUTHENTICATION_FAILED <<<"$out" && return 1
    sleep 1
  done
  return 1
}
# Puts back the secrets file that was there before (or none) and has pluto read it.
restore() { # file previous had-previous
  if [ -n "$3" ]; then mv -f "$2" "$1"; else rm -f "$1"; fi
  reread_secrets "$1"
}

# An IKE ID in one of the forms a PSK is bound to: an IPv4 or IPv6 address, @FQDN, user@FQDN. The
# IPv6 form is only roughly checked here; pluto's own words on loading the file are the last check.
octet='(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])'
plain_id() {
  [[ $1 =~ ^($octet\.){3}$octet$ || $1 =~ ^[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*$ ||
    $1 =~ ^@[A-Za-z0-9][A-Za-z0-9._-]*$ || $1 =~ ^[A-Za-z0-9._+-]+@[A-Za-z0-9][A-Za-z0-9._-]*$ ]]
}

declare -A pair_count=()
ids=() names=() statuses=() connections=() bindings=() refusals=()
while IFS=$'\x1f' read -r id name state has_psk connection secret_ids; do
  [ -n "$id$name" ] || continue
  refusal=
  if [ -z "$id" ]; then
    refusal="not in this run's results; left as it is."
  elif [ "$has_psk" != true ]; then
    refusal="no new PSK in this run; left as it is."
  elif [[ ! $id =~ ^[A-Za-z0-9_-]{1,64}$ ]]; then
    refusal="its tunnel ID is not a safe file name; not written."
  elif [[ ! $connection =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]]; then
    refusal="its connection name (CONNECTION) is not a Libreswan connection name (letters, digits, '.', '_', '-'; at most 128); not written. Set CONNECTION, e.g. cf-{id}, and name the connection so."
  else
    [ -n "$secret_ids" ] || secret_ids=$(connection_ids "$connection")
    if [ -z "$secret_ids" ]; then
      refusal="pluto has no connection $connection; not written."
    else
      read -r our_id their_id extra <<<"$secret_ids"
      if [ -n "$extra" ] || ! plain_id "$our_id" || ! plain_id "$their_id"; then
        refusal="the IDs of connection $connection are not two plain IDs (an IP address, @FQDN or user@FQDN); not written."
      fi
    fi
  fi
  if [ -z "$refusal" ]; then
    pair=$(tr ' ' '\n' <<<"$secret_ids" | sort | tr '\n' ' ')
    pair_count[$pair]=$((${pair_count[$pair]:-0} + 1))
  fi
  ids+=("$id") names+=("$name") statuses+=("$state") connections+=("$connection")
  bindings+=("$secret_ids") refusals+=("$refusal")
done <<<"$plan"
[ "${#ids[@]}" -gt 0 ] || fail "none of the tunnels named (TUNNELS or ROUTER) is in RESULTS_FILE."

not_up=()
for i in "${!ids[@]}"; do
  id=${ids[$i]} name=${names[$i]} connection=${connections[$i]} secret_ids=${bindings[$i]}
  refusal=${refusals[$i]}
  if [ -z "$refusal" ]; then
    pair=$(tr ' ' '\n' <<<"$secret_ids" | sort | tr '\n' ' ')
    [ "${pair_count[$pair]}" -eq 1 ] || refusal="another tunnel of this run has the same IDs ($secret_ids); neither is written."
  fi
  if [ -n "$refusal" ]; then
    echo "Tunnel $name: $refusal"
    [[ $refusal == *"left as it is." ]] || not_up+=("$name")
    continue
  fi

  file="$SECRETS_DIR/cloudflare-psk-$id.secrets"
  previous="$SECRETS_DIR/.cloudflare-psk-$id.secrets.previous"
  new="$SECRETS_DIR/.cloudflare-psk-$id.secrets.new"
  # The PSK reaches the file as hex (0x...), through a pipe and a shell builtin only.
  hex=$(jq -j --arg id "$id" '.[$id]' "$PSKS_FILE" | od -An -v -tx1 | tr -d ' \n')
  printf '%s : PSK 0x%s\n' "$secret_ids" "$hex" >"$new"
  unset hex
  if ! grep -qxE '[^ ]+ [^ ]+ : PSK 0x([0-9a-f]{2})+' "$new"; then
    rm -f "$new"
    echo "Tunnel $name: the secrets line did not come out as expected; not written."
    not_up+=("$name")
    continue
  fi
  had_previous=
  [ -e "$file" ] && cp -p "$file" "$previous" && had_previous=yes
  loaded_at=$(newest_serial)
  mv -f "$new" "$file"
  if ! reread_secrets "$file"; then
    restore "$file" "$previous" "$had_previous"
    echo "Tunnel $name: pluto could not load the new secrets file; the previous one is back. Not up with the new PSK."
    not_up+=("$name")
    continue
  fi
  first_refusal=first-refusal
  [ "${statuses[$i]}" = rotated ] && first_refusal=
  if serial=$(reauthenticate "$connection" "$loaded_at" $first_refusal); then
    rm -f "$previous"
    echo "Tunnel $name: IKE SA #$serial of connection $connection is up with the new PSK."
  elif [ "${statuses[$i]}" = rotated ]; then
    rm -f "$previous"
    echo "Tunnel $name: connection $connection did not come up with the new PSK within ${UP_TIMEOUT}s. Cloudflare has this PSK, so it stays installed and pluto keeps trying."
    not_up+=("$name")
  else
    restore "$file" "$previous" "$had_previous"
    loaded_at=$(newest_serial)
    if serial=$(reauthenticate "$connection" "$loaded_at"); then
      echo "Tunnel $name: the new PSK did not authenticate (Cloudflare may never have applied it); the previous PSK is back and IKE SA #$serial of connection $connection is up with it."
    else
      echo "Tunnel $name: the new PSK did not authenticate (Cloudflare may never have applied it); the previous PSK is back, but connection $connection did not come up with it either."
    fi
    not_up+=("$name")
  fi
done

if [ "${#not_up[@]}" -gt 0 ]; then
  printf 'Not up with the new PSK: %s\n' "$(printf '%s, ' "${not_up[@]}" | sed 's/, $//')" >&2
  exit 1
fi
