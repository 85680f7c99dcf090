#!/usr/bin/env bash
# Builds the web app and serves build/web/ on http://127.0.0.1:${PORT:-8080} until Ctrl+C.
# First run installs what is missing (scripts/deps.sh web); later runs only rebuild what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash scripts/deps.sh web
bash scripts/build_web.sh

port="${PORT:-8080}"
echo
echo "质量基础设施“一站式”服务自评工具: http://127.0.0.1:${port}/"
echo "单文件版（可拷贝到U盘，直接双击打开）: $root/build/web-single/qis.html"
echo "(Ctrl+C to stop)"
exec /usr/bin/python3 scripts/serve.py build/web "$port"
