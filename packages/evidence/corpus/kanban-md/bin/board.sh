#!/usr/bin/env bash
set -euo pipefail
board=./BOARD.md
[[ -f $board ]] || printf '## Todo\n## Doing\n## Done\n' > "$board"

section_of() { case "$1" in todo) echo "## Todo" ;; doing) echo "## Doing" ;; done) echo "## Done" ;; *) echo "unknown column $1" >&2; exit 2 ;; esac; }

remove_card() {
  local n
  n=$(grep -c -F -- "$1" "$board" || true)
  [[ $n -eq 1 ]] || { echo "$n cards match '$1'"; grep -n -F -- "$1" "$board" || true; exit 1; }
  local line
  line=$(grep -F -- "$1" "$board" | sed -E 's/^- \[.\] //')
  grep -v -F -- "$1" "$board" > "$board.tmp" && mv "$board.tmp" "$board"
  printf '%s' "$line"
}

insert_card() {
  local header=$1 card=$2
  awk -v h="$header" -v c="$card" '{print} $0==h {print c}' "$board" > "$board.tmp" && mv "$board.tmp" "$board"
}

case "${1:-show}" in
  add) insert_card "## Todo" "- [ ] $2" ;;
  move) text=$(remove_card "$2"); insert_card "$(section_of "$3")" "- [ ] $text" ;;
  done) text=$(remove_card "$2"); insert_card "## Done" "- [x] $text" ;;
  show) cat "$board" ;;
  *) echo "usage: board.sh add|move|done|show"; exit 2 ;;
esac
