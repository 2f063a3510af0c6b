#!/usr/bin/env bash
set -euo pipefail
target=${1:?uso: zap-baseline.sh URL CARPETA}
out=${2:-informe}
mkdir -p "$out"
docker run --rm -v "$(pwd)/$out:/zap/wrk:rw" -t ghcr.io/zaproxy/zaproxy:stable \
  zap-baseline.py -t "$target" -m 1 -J informe.json -r informe.html -I
echo "informe en $out/informe.html"
