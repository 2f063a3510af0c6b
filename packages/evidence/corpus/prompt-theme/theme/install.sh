#!/usr/bin/env bash
set -euo pipefail
mkdir -p "$HOME/.prompt-theme"
cp "$(dirname "$0")/theme.sh" "$HOME/.prompt-theme/theme.sh"
for rc in "$HOME/.bashrc" "$HOME/.zshrc"; do
  [[ -f "$rc" ]] || continue
  grep -q prompt-theme "$rc" || echo '[ -f ~/.prompt-theme/theme.sh ] && . ~/.prompt-theme/theme.sh' >> "$rc"
done
echo "installed; open a new terminal"
