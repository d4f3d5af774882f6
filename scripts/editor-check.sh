#!/usr/bin/env bash
# Checks the VS Code extension in editors/vscode: installs its npm dependencies when
# node_modules is missing or older than package-lock.json, then runs `npm test`
# (every example and docs block highlighted with the TextMate engine VS Code uses,
# and the extension's start-up logic).
set -euo pipefail
for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: editor-check needs \`$tool\` (Node.js 20 or later with npm) on PATH" >&2
        exit 1
    fi
done

cd "$(dirname "$0")/../editors/vscode"

# The hash of the lockfile node_modules was installed from; a different one means stale.
stamp=node_modules/.pactum-lockfile-sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "editor-check: installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$wanted" >"$stamp"
fi

npm test --silent
