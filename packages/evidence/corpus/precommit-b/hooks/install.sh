#!/usr/bin/env bash
set -euo pipefail
root=$(git rev-parse --show-toplevel)
hook="$root/.git/hooks/pre-commit"
if [[ -e "$hook" ]]; then
  echo "a pre-commit hook already exists at $hook; not overwriting" >&2
  exit 1
fi
cp "$(dirname "$0")/pre-commit" "$hook"
chmod +x "$hook"
echo "installed $hook"
