#!/usr/bin/env bash
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)/files"
backup="$HOME/.dotfiles-backup/$(date +%Y%m%d-%H%M%S)"
dry=0
[[ "${1:-}" == "--dry-run" ]] && dry=1

for f in "$src"/*; do
  [[ -e "$f" ]] || continue
  name=".$(basename "$f")"
  target="$HOME/$name"
  if [[ -L "$target" && "$(readlink "$target")" == "$f" ]]; then
    echo "ok      $name"
    continue
  fi
  if [[ -e "$target" || -L "$target" ]]; then
    echo "backup  $name -> $backup/$name"
    [[ $dry -eq 1 ]] || { mkdir -p "$backup"; mv "$target" "$backup/$name"; }
  fi
  echo "link    $name"
  [[ $dry -eq 1 ]] || ln -s "$f" "$target"
done

for rc in "$HOME/.bashrc" "$HOME/.zshrc"; do
  [[ -f "$rc" ]] || continue
  grep -q '# >>> dotfiles >>>' "$rc" && continue
  echo "rc      $rc"
  [[ $dry -eq 1 ]] || printf '\n# >>> dotfiles >>>\n[ -f ~/.aliases ] && . ~/.aliases\n# <<< dotfiles <<<\n' >> "$rc"
done
