#!/usr/bin/env bash
# Runs ansible-playbook --syntax-check on every playbook in examples/ansible against the example
# inventory. A collection that is not installed (Debian's ansible has no paloaltonetworks.panos)
# is replaced, for the check only, by a stub that declares the modules the playbooks name: the
# playbook's syntax is checked, the module's arguments are not. Exits non-zero on any error.
set -euo pipefail
cd "$(dirname "$0")/../examples/ansible"
command -v ansible-playbook >/dev/null || { echo "ansible-check: ansible-playbook is missing (apt-get install ansible)." >&2; exit 1; }

stubs=$(mktemp -d)
trap 'rm -rf "$stubs"' EXIT
collections=$(ansible-galaxy collection list 2>/dev/null)
for module in $(grep -hoE '^ +[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+:' ./*.yml tasks/*.yml | tr -d ' :' | sort -u); do
  IFS=. read -r namespace collection name <<<"$module"
  [ "$namespace" = ansible ] && continue
  if ! grep -qE "^$namespace\.$collection " <<<"$collections"; then
    echo "ansible-check: $namespace.$collection is not installed; $module is checked against a stub."
    dir="$stubs/ansible_collections/$namespace/$collection"
    mkdir -p "$dir/plugins/modules"
    printf 'namespace: %s\nname: %s\nversion: 0.0.0\nreadme: README.md\nauthors: [stub]\n' "$namespace" "$collection" >"$dir/galaxy.yml"
    printf '#!/usr/bin/python\n' >"$dir/plugins/modules/$name.py"
  fi
done

status=0
for playbook in ./*.yml; do
  [ "$playbook" = ./inventory.example.yml ] && continue
  if ANSIBLE_COLLECTIONS_PATH="$stubs:${ANSIBLE_COLLECTIONS_PATH:-$HOME/.ansible/collections:/usr/share/ansible/collections}" \
    ansible-playbook --syntax-check -i inventory.example.yml "$playbook" >/dev/null 2>"$stubs/errors"; then
    echo "ansible-check: $playbook: syntax OK"
  else
    echo "ansible-check: $playbook: syntax check failed:" >&2
    cat "$stubs/errors" >&2
    status=1
  fi
done
exit "$status"
