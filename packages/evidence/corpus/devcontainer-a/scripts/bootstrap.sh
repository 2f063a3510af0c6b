#!/usr/bin/env bash
# Same toolchain as the dev container, for a bare Ubuntu 22.04+ machine.
set -euo pipefail
set -x

IN_CONTAINER=0
[[ "${1:-}" == "--in-container" ]] && IN_CONTAINER=1

if ! command -v rustup >/dev/null; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain 1.79.0 --profile minimal
fi

if ! command -v uv >/dev/null; then
  curl -LsSf https://astral.sh/uv/install.sh | sh
fi

if [[ $IN_CONTAINER -eq 0 ]]; then
  if ! command -v node >/dev/null; then
    curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -
    sudo apt-get install -y nodejs
  fi
  if ! command -v docker >/dev/null; then
    sudo apt-get update && sudo apt-get install -y docker.io
  fi
fi

[[ -f package-lock.json ]] && npm ci
[[ -f pyproject.toml ]] && uv sync
[[ -f Cargo.toml ]] && "$HOME/.cargo/bin/cargo" fetch
echo "toolchain ready"
