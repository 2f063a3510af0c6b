#!/usr/bin/env bash
set -euo pipefail
item=${1:?usage: bw-get.sh ITEM FIELD [--env NAME -- CMD...]}
field=${2:?field: password|username|notes|totp}
shift 2
[[ -n "${BW_SESSION:-}" ]] || { echo "vault locked: run 'bw unlock' and export BW_SESSION" >&2; exit 1; }

case "$field" in
  password|username|notes|totp) value=$(bw get "$field" "$item") ;;
  *) echo "unknown field $field" >&2; exit 2 ;;
esac

if [[ "${1:-}" == "--env" ]]; then
  name=$2; shift 3
  env "$name=$value" "$@"
  exit $?
fi

if command -v pbcopy >/dev/null; then printf '%s' "$value" | pbcopy; clear_cmd="pbcopy < /dev/null"
else printf '%s' "$value" | xclip -selection clipboard; clear_cmd="xclip -selection clipboard < /dev/null"; fi
( sleep 30; eval "$clear_cmd" ) >/dev/null 2>&1 &
echo "copied $field of '$item' to the clipboard (cleared in 30 s)"
