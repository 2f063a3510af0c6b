#!/usr/bin/env bash
set -euo pipefail
docker system df
[[ "${1:-}" == "--apply" ]] || { echo; echo "report only; run with --apply to reclaim"; exit 0; }

ask() { read -r -p "$1 [y/N] " a; [[ "$a" == y || "$a" == Y ]]; }

ask "remove build cache?" && docker builder prune -f
ask "remove dangling images?" && docker image prune -f
echo "stopped containers:"; docker ps -a --filter status=exited --format '  {{.Names}} ({{.Image}}, {{.Status}})'
ask "remove these stopped containers?" && docker container prune -f
ask "remove ALL images not used by a container (they will be re-pulled)?" && docker image prune -a -f
echo "unused volumes:"; docker volume ls -qf dangling=true | sed 's/^/  /'
ask "remove these volumes? THIS DELETES THEIR DATA" && docker volume prune -f
docker system df
