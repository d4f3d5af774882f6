#!/usr/bin/env bash
# Opens a seed scenario's HTML report in a real browser (headless Chromium):
# takes a screenshot and prints it to PDF, and checks that both came out as
# non-trivial PNG and PDF files. Needs `chromium` on PATH (or CHROMIUM=path);
# `.ci/run` installs it. Uses PACTUM=path if set, else `cargo run`.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM:-chromium}"
if ! command -v "$chromium" >/dev/null 2>&1; then
    echo "browser-check: '$chromium' not found on PATH; install Chromium (e.g. apt-get install chromium) or set CHROMIUM" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

scenario=examples/focus-warrant-2001/scenarios/04b-tender-late.scenario
if [[ -n "${PACTUM:-}" ]]; then
    "$PACTUM" run examples/focus-warrant-2001/warrant.pactum "$scenario" --format html > "$work/report.html"
else
    cargo run -q -- run examples/focus-warrant-2001/warrant.pactum "$scenario" --format html > "$work/report.html"
fi

browse() {
    # Chromium talks to D-Bus and the GPU if it can; neither is needed here.
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$work/profile" "$@" "file://$work/report.html" >"$work/chromium.log" 2>&1 || {
        echo "browser-check: chromium failed; its output:" >&2
        cat "$work/chromium.log" >&2
        exit 1
    }
}
browse --screenshot="$work/report.png" --window-size=1280,2000
browse --print-to-pdf="$work/report.pdf" --no-pdf-header-footer

check() {
    local file="$1" magic="$2" min="$3" what="$4"
    if [[ ! -s "$file" ]]; then
        echo "browser-check: no $what was written" >&2
        exit 1
    fi
    local size
    size=$(wc -c < "$file")
    if (( size < min )); then
        echo "browser-check: the $what is only $size bytes (expected at least $min)" >&2
        exit 1
    fi
    if [[ "$(od -An -tx1 -N4 "$file" | tr -d ' \n')" != "$magic" ]]; then
        echo "browser-check: $file is not a $what (its first bytes are not $magic)" >&2
        exit 1
    fi
    echo "browser-check: $what OK ($size bytes)"
}
# The first four bytes, in hex: \x89 P N G, and % P D F.
check "$work/report.png" 89504e47 20000 "PNG screenshot"
check "$work/report.pdf" 25504446 10000 "PDF print"
