#!/usr/bin/env bash
# Read-only collection of volatile evidence. Usage: collect.sh OUTDIR
set -u
out=${1:?usage: collect.sh OUTDIR}
mkdir -p "$out"
log() { echo "$(date -u +%FT%TZ) $*" | tee -a "$out/collect.log"; }
run() { local name=$1; shift; log "run $name: $*"; "$@" > "$out/$name.txt" 2>&1; }

log "host $(hostname) by ${SUDO_USER:-$USER}"
run ps          ps auxwwf
run sockets     ss -tunap
run who         w
run last        last -Faiw -n 200
run crontabs    bash -c 'for u in $(cut -d: -f1 /etc/passwd); do echo "## $u"; crontab -l -u "$u" 2>/dev/null; done; ls -la /etc/cron*'
run systemd     systemctl list-unit-files --state=enabled --no-pager
run userunits   bash -c 'ls -la /home/*/.config/systemd/user 2>/dev/null'
run authkeys    bash -c 'for f in /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys; do echo "## $f"; cat "$f" 2>/dev/null; done'
run rcfiles     bash -c 'tail -n 30 /root/.bashrc /home/*/.bashrc /etc/profile /etc/bash.bashrc 2>/dev/null'
run newbins     find /usr/bin /usr/sbin /usr/local/bin /tmp /var/tmp /dev/shm -xdev -type f -mtime -14 -ls
run ldpreload   bash -c 'cat /etc/ld.so.preload 2>/dev/null; env | grep LD_PRELOAD'
run authlog     bash -c 'tail -n 2000 /var/log/auth.log 2>/dev/null || tail -n 2000 /var/log/secure'
( cd "$out" && sha256sum ./*.txt > SHA256SUMS )
log "done"
