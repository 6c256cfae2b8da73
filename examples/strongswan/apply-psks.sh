#!/usr/bin/env bash
# The router step for strongSwan (swanctl): gives each tunnel this host terminates its PSK from
# the action's hand-over, bound to the IKE identities of that tunnel's connection, and proves it
# with an IKE SA that authenticates after the key was loaded. Never prints a PSK, never puts one
# on a command line or in a child's environment. The README's "strongSwan router step" section
# documents the variables and every rule below.
set -uo pipefail # no -e: whatever happens to one tunnel, the others are still handled
umask 077
export LC_ALL=C # ASCII character classes in every check below
shopt -s nullglob

SWANCTL_DIR=${SWANCTL_DIR:-/etc/swanctl}
CONNECTION=${CONNECTION:-'{name}'}
UP_TIMEOUT=${UP_TIMEOUT:-20}
CONF=$SWANCTL_DIR/swanctl.conf
KEYS=$SWANCTL_DIR/conf.d
PREVIOUS=$SWANCTL_DIR/cloudflare-psk-previous
STAGING=$SWANCTL_DIR/cloudflare-psk-staging
uri=()
[ -n "${SWANCTL_URI:-}" ] && uri=(--uri "$SWANCTL_URI")

# Outside text (tunnel names, swanctl's words) as it may appear in a line: control and format
# characters (bidi overrides, zero-width) as escapes, `##[` broken up, a leading `:` guarded,
# long text cut, as the action's own log does.
JQ_DEFS='
def hex($n): [range($n) as $i | (. / pow(16; $n - 1 - $i) | floor) % 16] | map("0123456789abcdef"[.:.+1]) | add;
def esc: if . == 10 then "\\n" elif . == 13 then "\\r" elif . == 9 then "\\t"
  elif . < 256 then "\\x" + hex(2) elif . < 65536 then "\\u" + hex(4)
  else "\\u{" + (if . < 1048576 then hex(5) else hex(6) end) + "}" end;
def hidden: . < 32 or (. >= 127 and . < 160) or . == 8232 or . == 8233 or ([.] | implode | test("\\p{Cf}"));
def neutral: [explode[] | if hidden then esc else [.] | implode end]
  | add // "" | gsub("##\\["; "#\u200b#[") | sub("^(?<s>\\s*):"; "\(.s)\u200b:");
def cut($n): if length > $n then .[0:$n] + "… (\(length - $n) more characters)" else . end;'
neutral() { jq -Rr "$JQ_DEFS cut(200) | neutral" <<<"$1" | head -n 1; }
refuse() { printf '%s\n' "$*" >&2; exit 2; }
for command in jq swanctl od flock; do command -v "$command" >/dev/null || refuse "apply-psks.sh needs '$command'."; done
[[ $UP_TIMEOUT =~ ^[1-9][0-9]{0,3}$ ]] || refuse "UP_TIMEOUT must be a number of seconds (1-9999)."
[ -z "${SECRET_ID:-}" ] || refuse "SECRET_ID is gone: keys are bound to each connection's own identities; use LOCAL_ID/REMOTE_ID to override them."
[ -f "$CONF" ] || refuse "No swanctl.conf in SWANCTL_DIR ($(neutral "$SWANCTL_DIR"))."

# One run at a time on a host: two would share the staging folder and swanctl's loaded state.
exec 9>>"$SWANCTL_DIR/.cloudflare-psk.lock" && flock -w "$UP_TIMEOUT" 9 || refuse "Another apply-psks.sh holds $(neutral "$SWANCTL_DIR")."
work=$(mktemp -d) || refuse "Cannot create a temporary folder."
trap 'rm -rf "$work" "$STAGING"; rmdir "$PREVIOUS" 2>/dev/null' EXIT

# --- Inputs: files (PSKS_FILE, RESULTS_FILE; `-` for both on stdin), else PSKS/RESULTS. ------
: >"$work/selectors"
if [ -n "${ROUTERS_FILE:-}" ]; then
  [ -z "${TUNNELS:-}" ] || refuse "Set TUNNELS or ROUTERS_FILE and ROUTER, not both."
  [ -n "${ROUTER:-}" ] || refuse "ROUTERS_FILE needs ROUTER: this host's router key in the hand-over."
  router='first(.[] | select(.router == $r))'
  jq -e --arg r "$ROUTER" "type == \"array\" and ($router | .tunnels | type) == \"array\"" "$ROUTERS_FILE" >/dev/null 2>&1 ||
    refuse "ROUTERS_FILE has no router $(neutral "$ROUTER") (or is not the action's routers-file)."
  jq -r --arg r "$ROUTER" "$router | .tunnels[]" "$ROUTERS_FILE" >"$work/selectors"
  : "${PSKS_FILE:=$(jq -r --arg r "$ROUTER" "$router | .psks_file // empty" "$ROUTERS_FILE")}"
  : "${RESULTS_FILE:=$(jq -r --arg r "$ROUTER" "$router | .results_file // empty" "$ROUTERS_FILE")}"
elif [ -n "${TUNNELS:-}" ]; then
  # One tunnel a line; a value without a newline is split at spaces.
  if [[ $TUNNELS == *$'\n'* ]]; then words=("$TUNNELS"); else IFS=' ' read -ra words <<<"$TUNNELS"; fi
  printf '%s\n' "${words[@]}" >"$work/selectors"
else
  refuse "Say which tunnels this host terminates: TUNNELS (names or IDs), or ROUTERS_FILE and ROUTER."
fi
if [ "${PSKS_FILE:-}" = - ] || [ "${RESULTS_FILE:-}" = - ]; then
  cat >"$work/stdin.json"
  if [ "${PSKS_FILE:-}" = - ]; then jq -s '.[0]' "$work/stdin.json" >"$work/psks.json" 2>/dev/null; PSKS_FILE=$work/psks.json; fi
  if [ "${RESULTS_FILE:-}" = - ]; then jq -s '.[-1]' "$work/stdin.json" >"$work/results.json" 2>/dev/null; RESULTS_FILE=$work/results.json; fi
fi
if [ -z "${PSKS_FILE:-}" ] && [ -n "${PSKS:-}" ]; then printf '%s' "$PSKS" >"$work/psks.json"; PSKS_FILE=$work/psks.json; fi
if [ -z "${RESULTS_FILE:-}" ] && [ -n "${RESULTS:-}" ]; then printf '%s' "$RESULTS" >"$work/results.json"; RESULTS_FILE=$work/results.json; fi
unset PSKS RESULTS # no child inherits them
[ -r "${PSKS_FILE:-}" ] || refuse "PSKS_FILE (or PSKS) must hold the action's psks output."
[ -r "${RESULTS_FILE:-}" ] || refuse "RESULTS_FILE (or RESULTS) must hold the action's results output."
jq -e 'type == "object" and all(.[]; type == "string" and . != "")' "$PSKS_FILE" >/dev/null 2>&1 ||
  refuse "PSKS_FILE is not the action's psks output (a JSON object of tunnel ID to PSK)."
jq -e 'type == "array" and all(.[]; type == "object" and (.id | type) == "string")' "$RESULTS_FILE" >/dev/null 2>&1 ||
  refuse "RESULTS_FILE is not the action's results output (a JSON array of tunnels)."

# One line per selected tunnel, every field prefixed with `_` so that none is empty (read would
# merge empty tab-separated fields): id, label, status, has a PSK, then the template fields. A
# selector that names no tunnel of the run comes back with an empty id and itself as the label.
jq -r --slurpfile psks "$PSKS_FILE" --rawfile selectors "$work/selectors" "$JQ_DEFS"'
  . as $results | ($selectors | split("\n") | map(select(. != "")) | unique) as $wanted
  | ($results[] | select(.id as $i | .name as $n | $wanted | any(.[]; . == $i or . == $n))
      | [.id, (.name // "" | cut(80) | neutral), (.status // ""), (if $psks[0][.id] then "1" else "0" end),
         (.name // ""), (.cloudflare_endpoint // ""), (.customer_endpoint // ""), (.ipsec_id // ""), (.fqdn_id // "")]),
    ($wanted[] | select(. as $s | $results | any(.[]; .id == $s or .name == $s) | not) | ["", (cut(80) | neutral)])
  | map("_" + (. | tostring)) | @tsv' "$RESULTS_FILE" >"$work/tunnels.tsv" || refuse "RESULTS_FILE could not be read."

# --- This host's connections as charon has them: name, addresses, identities, PSK, children. ---
if ! swanctl --list-conns "${uri[@]}" >"$work/conns.txt" 2>"$work/conns.err"; then
  refuse "swanctl --list-conns failed: $(neutral "$(head -n 1 "$work/conns.err")")"
fi
awk -v OFS='\t' '
  function flush() { if (name != "") print "_" name, "_" la, "_" ra, "_" lid, "_" rid, "_" lpsk rpsk, "_" kids }
  /^[^ ].*: IKEv[12]/ { flush(); name = $0; sub(/: IKEv[12].*/, "", name); la = ra = lid = rid = lpsk = rpsk = kids = side = ""; next }
  /^  local:  / { la = substr($0, 11); next }
  /^  remote: / { ra = substr($0, 11); next }
  /^  local .*authentication:$/ { side = lpsk == "" ? "l" : ""; if (side) lpsk = /pre-shared key/ ? "p" : "x"; next }
  /^  remote .*authentication:$/ { side = rpsk == "" ? "r" : ""; if (side) rpsk = /pre-shared key/ ? "p" : "x"; next }
  /^    id: / { if (side == "l") lid = substr($0, 9); if (side == "r") rid = substr($0, 9); side = ""; next }
  /^  [^ :]+: (TUNNEL|TRANSPORT|BEET|PASS|DROP)/ { kid = $1; sub(/:$/, "", kid); kids = kids (kids == "" ? "" : " ") kid }
  /^  [^ ]/ { side = "" }
  END { flush() }' "$work/conns.txt" >"$work/conns.tsv"

# --- Each tunnel: its connection, the identities its key is bound to, its key. ---------------
safe_name() { [[ $1 =~ ^[A-Za-z0-9_-]{1,64}$ ]]; }
ip_literal() { [[ $1 =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || ($1 =~ ^[0-9A-Fa-f:.]+$ && $1 == *:*) ]]; }
# What a secrets file can hold in quotes without escaping, and not a wildcard.
identity_ok() { [[ $1 =~ ^[[:print:]]{1,255}$ && $1 != *'"'* && $1 != *\\* && $1 != *%* && $1 != *'*'* ]]; }
fill() {
  local out=$1
  out=${out//\{id\}/"$id"}
  out=${out//\{name\}/"$name"}
  out=${out//\{cloudflare_endpoint\}/"$cfe"}
  out=${out//\{customer_endpoint\}/"$ce"}
  out=${out//\{ipsec_id\}/"$ipsec_id"}
  out=${out//\{fqdn_id\}/"$fqdn_id"}
  printf '%s' "$out"
}
failed=()
say() { printf 'Tunnel %s: %s\n' "${label[$1]}" "$2"; }
fail() { printf 'Tunnel %s: %s\n' "${label[$1]}" "$2" >&2; failed+=("${label[$1]}"); }

declare -A conn_row bound_by pair_of_file
while IFS= read -r row; do conn_row[${row%%$'\t'*}]=$row; done <"$work/conns.tsv"
for file in "$KEYS"/cloudflare-psk-*.conf; do
  pair_of_file[$file]="$(sed -n 's/^ *id-local = "\(.*\)"$/\1/p' "$file")|$(sed -n 's/^ *id-remote = "\(.*\)"$/\1/p' "$file")"
done

n=0
todo=()
while IFS=$'\t' read -r id lab status has_key name cfe ce ipsec_id fqdn_id; do
  i=$n n=$((n + 1))
  id=${id#_} name=${name#_} cfe=${cfe#_} ce=${ce#_} ipsec_id=${ipsec_id#_} fqdn_id=${fqdn_id#_}
  lab=${lab#_} tid[$i]=$id
  label[$i]=${lab//\\\\/\\} # @tsv doubled each backslash
  if [ -z "$id" ]; then say "$i" "not in RESULTS_FILE (not selected in this run); nothing changed."; continue; fi
  if ! safe_name "$id"; then fail "$i" "its ID is not a Cloudflare tunnel ID; nothing changed."; continue; fi
  label[$i]="${label[$i]} ($id)"
  if [ "$has_key" != _1 ]; then say "$i" "no PSK in this run (${status#_}); nothing changed."; continue; fi
  confirmed[$i]=${status#_}
  conn=$(fill "$CONNECTION")
  safe_name "$conn" || conn=cf-$id
  connection[$i]=$conn
  if [ -z "${conn_row[_$conn]:-}" ]; then fail "$i" "this host has no swanctl connection '$conn'; nothing changed."; continue; fi
  IFS=$'\t' read -r _ la ra lid rid psk kids <<<"${conn_row[_$conn]}"
  la=${la#_} ra=${ra#_} lid=${lid#_} rid=${rid#_} children[$i]=${kids#_}
  if [ "$psk" != _pp ]; then fail "$i" "connection '$conn' does not authenticate both ends with a PSK; nothing changed."; continue; fi
  [ -n "$lid" ] || { ip_literal "$la" && lid=$la; }
  [ -n "$rid" ] || { ip_literal "$ra" && rid=$ra; }
  [ -z "${LOCAL_ID:-}" ] || lid=$(fill "$LOCAL_ID")
  [ -z "${REMOTE_ID:-}" ] || rid=$(fill "$REMOTE_ID")
  if ! identity_ok "$lid" || ! identity_ok "$rid"; then
    fail "$i" "connection '$conn' has no fixed local and remote identity (set local.id and remote.id, or LOCAL_ID/REMOTE_ID); nothing changed."
    continue
  fi
  pair[$i]="$lid|$rid" local_id[$i]=$lid remote_id[$i]=$rid
  hex[$i]=$(jq -j --arg id "$id" '.[$id]' "$PSKS_FILE" | od -An -v -tx1 | tr -d ' \n')
  todo+=("$i")
done <"$work/tunnels.tsv"

# Two keys for one identity pair would leave charon to pick one: refuse every tunnel concerned.
refused=()
for i in "${todo[@]}"; do
  for file in "${!pair_of_file[@]}"; do
    [ "${pair_of_file[$file]}" = "${pair[$i]}" ] && [ "$file" != "$KEYS/cloudflare-psk-${tid[$i]}.conf" ] && refused[$i]=${file##*/}
  done
  first=${bound_by[${pair[$i]}]:-}
  if [ -z "$first" ]; then bound_by[${pair[$i]}]=$i; elif [ "${hex[$first]}" != "${hex[$i]}" ]; then
    refused[$i]="tunnel ${label[$first]}" refused[$first]="tunnel ${label[$i]}"
  fi
done
ready=()
for i in "${todo[@]}"; do
  if [ -n "${refused[$i]:-}" ]; then
    fail "$i" "its IKE identities ($(neutral "${local_id[$i]}") to $(neutral "${remote_id[$i]}")) are bound to another key too (${refused[$i]}); two keys for one identity pair are refused; nothing changed."
  else ready+=("$i"); fi
done

# --- swanctl, its words checked: it says `invalid config file` and still exits 0. --------------
parse_error() { # file: prints swanctl's complaint about it, if any
  STRONGSWAN_CONF=$1 swanctl --version "${uri[@]}" >"$work/parse.txt" 2>&1
  grep -m 1 -E 'syntax error|invalid config file|abort initialization|unexpected' "$work/parse.txt"
}
load_creds() { # loads swanctl.conf; prints the first thing that went wrong, if anything did
  local i
  swanctl --load-creds --noprompt --file "$CONF" "${uri[@]}" >"$work/load.txt" 2>&1
  grep -m 1 -E 'syntax error|invalid config file|abort initialization|shared secret failed|load-shared request failed' "$work/load.txt" && return
  for i in "$@"; do
    grep -qxF "loaded ike secret 'ike-cf-${tid[$i]}'" "$work/load.txt" || { echo "swanctl did not report loading ike-cf-${tid[$i]}"; return; }
  done
}
key_file() { printf '%s/cloudflare-psk-%s.conf' "$KEYS" "${tid[$1]}"; }
restore() { # puts back what was there before this run
  if [ -n "${had_previous[$1]}" ]; then mv -f "$PREVIOUS/${tid[$1]}.conf" "$(key_file "$1")"; else rm -f "$(key_file "$1")"; fi
}
sa_ids() { # connection [state]: unique IDs of its IKE SAs
  swanctl --list-sas --noblock --ike "$1" "${uri[@]}" 2>/dev/null | sed -n "s/^$1: #\([0-9]*\), ${2:-[A-Z_]*},.*/\1/p"
}
carries_traffic() { swanctl --list-sas --noblock --ike "$1" "${uri[@]}" 2>/dev/null | grep -qE '^  [^ ].*: #[0-9]+, reqid [0-9]+, INSTALLED'; }
newest_sa() { swanctl --list-sas --noblock "${uri[@]}" 2>/dev/null | sed -n 's/^[^ ][^ ]*: #\([0-9]*\), .*/\1/p' | sort -n | tail -n 1; }
up_since() { # connection id: an ESTABLISHED IKE SA newer than id
  local sa
  for sa in $(sa_ids "$1" ESTABLISHED); do [ "$sa" -gt "$2" ] && { echo "$sa"; return; }; done
}
initiate() { # connection children: one attempt, what swanctl said in $work/initiate.txt
  local child
  : >"$work/initiate.txt"
  if [ -z "$2" ]; then swanctl --initiate --ike "$1" --timeout "$UP_TIMEOUT" "${uri[@]}" >>"$work/initiate.txt" 2>&1; fi
  for child in $2; do swanctl --initiate --ike "$1" --child "$child" --timeout "$UP_TIMEOUT" "${uri[@]}" >>"$work/initiate.txt" 2>&1; done
}
why_not() {
  if grep -q AUTHENTICATION_FAILED "$work/initiate.txt"; then echo 'the edge refused the PSK (AUTHENTICATION_FAILED)'
  elif grep -q 'no shared key found' "$work/initiate.txt"; then echo 'charon found no PSK for its identities'
  elif grep -qE 'giving up|peer not responding|retransmit' "$work/initiate.txt"; then echo 'no answer from the edge'
  else echo 'no IKE SA came up'; fi
}
# Re-authenticates the connection with the key loaded now; up means an IKE SA newer than $3.
prove() { # index connection since
  local sa deadline=$((SECONDS + UP_TIMEOUT))
  why=''
  if [ -n "$(sa_ids "$2" ESTABLISHED)" ] && ! carries_traffic "$2"; then
    # charon cannot re-authenticate an IKE SA without a CHILD_SA; one that carries nothing can close.
    swanctl --terminate --ike "$2" --timeout "$UP_TIMEOUT" "${uri[@]}" >/dev/null 2>&1
  elif [ -n "$(sa_ids "$2" ESTABLISHED)" ]; then
    swanctl --rekey --ike "$2" --reauth "${uri[@]}" >/dev/null 2>&1
    # make-before-break keeps the old IKE SA until a new one is up. A look can miss an IKE SA that
    # charon is working on (--noblock skips it) or fall between the old one's delete and the new
    # one: the connection counts as down only when five looks in a row, a second, find none.
    local empty=0
    while [ "$SECONDS" -lt "$deadline" ]; do
      sa=$(up_since "$2" "$3") && [ -n "$sa" ] && { up_sa=$sa; return 0; }
      if [ -n "$(sa_ids "$2")" ]; then empty=0; else empty=$((empty + 1)); [ "$empty" -lt 5 ] || break; fi
      sleep 0.2
    done
    sa=$(up_since "$2" "$3") && [ -n "$sa" ] && { up_sa=$sa; return 0; }
    [ -z "$(sa_ids "$2")" ] || { why="no IKE SA authenticated with it within ${UP_TIMEOUT}s; the one set up before is still up"; return 1; }
  fi
  initiate "$2" "${children[$1]}"
  sa=$(up_since "$2" "$3") && [ -n "$sa" ] && { up_sa=$sa; return 0; }
  why=$(why_not)
  return 1
}
finish() {
  if [ "${#failed[@]}" -gt 0 ]; then
    printf 'Not up with the new PSK: %s\n' "$(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
    exit 1
  fi
  exit 0
}

[ "${#ready[@]}" -gt 0 ] || finish
if problem=$(parse_error "$CONF"); then
  for i in "${ready[@]}"; do fail "$i" "nothing changed: swanctl.conf does not load even before this run ($(neutral "$problem"))."; done
  finish
fi
mkdir -p "$KEYS" "$PREVIOUS" "$STAGING"
staged=()
for i in "${ready[@]}"; do
  file="$STAGING/${tid[$i]}.conf"
  printf '# Written by apply-psks.sh for Cloudflare tunnel %s, connection %s.\nsecrets {\n  ike-cf-%s {\n    id-local = "%s"\n    id-remote = "%s"\n    secret = 0x%s\n  }\n}\n' \
    "${tid[$i]}" "${connection[$i]}" "${tid[$i]}" "${local_id[$i]}" "${remote_id[$i]}" "${hex[$i]}" >"$file"
  if parse_error "$file" >/dev/null; then fail "$i" "the secrets file for it does not parse; nothing changed."; else staged+=("$i"); fi
done
installed=()
for i in "${staged[@]}"; do
  had_previous[$i]=''
  if [ -e "$(key_file "$i")" ]; then cp -p "$(key_file "$i")" "$PREVIOUS/${tid[$i]}.conf" && had_previous[$i]=1; fi
  mv -f "$STAGING/${tid[$i]}.conf" "$(key_file "$i")" && installed+=("$i")
done
[ "${#installed[@]}" -gt 0 ] || finish
problem=$(parse_error "$CONF") || problem=$(load_creds "${installed[@]}")
if [ -n "$problem" ]; then
  for i in "${installed[@]}"; do restore "$i"; done
  again=$(load_creds)
  if [ -n "$again" ]; then again=" The previous files are back but did not load either ($(neutral "$again"))."; else again=' The previous files are back.'; fi
  for i in "${installed[@]}"; do fail "$i" "not changed: swanctl did not load the new file ($(neutral "$problem")).$again"; done
  finish
fi

# --- Each key proven by an IKE SA set up after it was loaded; a may-be-live one falls back. ----
since=$(newest_sa)
for i in "${installed[@]}"; do
  conn=${connection[$i]}
  if prove "$i" "$conn" "${since:-0}"; then
    applied=''
    [ "${confirmed[$i]}" = rotated ] || applied=' Cloudflare had applied it after all.'
    say "$i" "up with the new PSK (IKE SA $conn #$up_sa, set up after it was loaded).$applied"
    rm -f "$PREVIOUS/${tid[$i]}.conf"
  elif [ "${confirmed[$i]}" = rotated ]; then
    kept=''
    [ -n "${had_previous[$i]}" ] && kept=" The previous one is kept in ${PREVIOUS##*/}/${tid[$i]}.conf."
    fail "$i" "NOT up with the new PSK, which is live on Cloudflare: $why. The new PSK stays installed.$kept"
  else
    restore "$i"
    problem=$(load_creds)
    before=$(newest_sa)
    what="the new PSK did not authenticate ($why): Cloudflare may never have applied it. Back on the previous PSK"
    if [ -n "$problem" ]; then fail "$i" "$what, but swanctl did not load it ($(neutral "$problem"))."
    elif [ -n "$(sa_ids "$conn" ESTABLISHED)" ]; then fail "$i" "$what; the IKE SA set up with it is up."
    else
      initiate "$conn" "${children[$i]}"
      sa=$(up_since "$conn" "${before:-0}")
      if [ -n "$sa" ]; then fail "$i" "$what: IKE SA $conn #$sa up with it."; else fail "$i" "$what, but it did not come up with that one either ($(why_not))."; fi
    fi
  fi
done
finish
