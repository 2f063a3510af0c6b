#!/usr/bin/env bash
set -euo pipefail

dest_root=${1:?usage: backup.sh DEST [--list|--prune N]}
project=$(basename "$PWD")
dest="$dest_root/$project"
mkdir -p "$dest"

case "${2:-}" in
  --list)
    ls -1 "$dest" | sort
    exit 0
    ;;
  --prune)
    keep=${3:?--prune needs a number}
    mapfile -t old < <(ls -1 "$dest" | sort | head -n -"$keep")
    for s in "${old[@]}"; do
      [[ "$s" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{6}$ ]] || continue
      echo "removing snapshot $dest/$s"
      rm -rf -- "${dest:?}/$s"
    done
    exit 0
    ;;
esac

stamp=$(date +%Y-%m-%d_%H%M%S)
last=$(ls -1 "$dest" | sort | tail -n 1 || true)
link=()
[[ -n "$last" ]] && link=(--link-dest "$dest/$last")
rsync -a --delete "${link[@]}" \
  --exclude node_modules --exclude .venv --exclude target --exclude dist \
  ./ "$dest/$stamp/"
echo "snapshot: $dest/$stamp"
