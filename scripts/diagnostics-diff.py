#!/usr/bin/env python3
"""Compares two `pactum` binaries' diagnostics on broken copies of the examples.

For a change to the grammar that should change no reading and no message
(reordering alternatives, lookaheads, rules pest can search through): every
clause file and scenario under examples/ is cut, and corrupted with a stray
`@` or `(`, at 25 places each; `pactum check` (clause files) or `pactum test
--check` (scenarios, beside the original so its contract line resolves) runs
on each copy with both binaries, and any difference in exit code or output is
printed with the first line of each message.

    cargo build --release && cp target/release/pactum /tmp/before/pactum
    # ... change the grammar ...
    cargo build --release
    scripts/diagnostics-diff.py /tmp/before/pactum target/release/pactum

Both binaries must have the same file name (clap prints it in usage lines).
Exits 1 when anything differs. Writes only `zz_cut.*` files beside the
examples, and removes them.
"""
import glob
import os
import subprocess
import sys


def first_message(result):
    lines = (result.stdout + result.stderr).decode(errors="replace").splitlines()
    return next((line.strip() for line in lines if "× " in line), "(no message)")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    before, after = (os.path.abspath(path) for path in sys.argv[1:])
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
    files = sorted(glob.glob(os.path.join(root, "*", "*.pactum")))
    files += sorted(glob.glob(os.path.join(root, "*", "scenarios", "*.scenario")))
    runs = differences = 0
    for path in files:
        data = open(path, "rb").read()
        folder = os.path.dirname(path)
        clause_file = path.endswith(".pactum")
        copy = os.path.join(folder, "zz_cut" + (".pactum" if clause_file else ".scenario"))
        command = ["check", copy] if clause_file else ["test", "--check", copy]
        step = max(1, len(data) // 25)
        try:
            for cut in range(step // 2, len(data), step):
                for variant in (data[:cut], data[:cut] + b"@" + data[cut + 1:], data[:cut] + b"(" + data[cut:]):
                    with open(copy, "wb") as out:
                        out.write(variant)
                    old = subprocess.run([before] + command, capture_output=True, cwd=folder)
                    new = subprocess.run([after] + command, capture_output=True, cwd=folder)
                    runs += 1
                    if (old.returncode, old.stdout, old.stderr) != (new.returncode, new.stdout, new.stderr):
                        differences += 1
                        print(f"{os.path.relpath(path, root)} at byte {cut}:")
                        print(f"  before ({old.returncode}): {first_message(old)}")
                        print(f"  after  ({new.returncode}): {first_message(new)}")
        finally:
            if os.path.exists(copy):
                os.remove(copy)
    print(f"{runs} runs, {differences} differences")
    sys.exit(1 if differences else 0)


main()
