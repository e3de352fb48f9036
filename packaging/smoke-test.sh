#!/usr/bin/env bash
# Starts a built app image headless, as a user would from a terminal, and checks what it made:
#   packaging/smoke-test.sh [APP_IMAGE]   (default target/jpackage/dist/Pentimento; build it with -Ppackage)
# Runs `bin/Pentimento generate` on the embedded model with no java on PATH and the user's folders in a scratch
# directory, then checks the PNG is 128×128 and that nothing was written inside the app image.
set -euo pipefail
cd "$(dirname "$0")/.."
image="${1:-target/jpackage/dist/Pentimento}"
launcher="$image/bin/Pentimento"
[ -x "$launcher" ] || { echo "no app image at $image: build it with mvn -Ppackage -DskipTests package" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
touch "$scratch/before"
sleep 1
out="$scratch/cat.png"
start=$(date +%s%N)
env -i PATH=/usr/bin:/bin HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
    "$launcher" generate --prompt "cat face" --seed 1 --out "$out" 2>"$scratch/stderr" \
    || { cat "$scratch/stderr" >&2; echo "smoke test: generate failed" >&2; exit 1; }
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

[ -s "$out" ] || { echo "smoke test: $out was not written" >&2; exit 1; }
# PNG: signature, then the IHDR chunk with width and height as big-endian 32-bit numbers at bytes 16..23
read -r w h < <(od -An -tu1 -j16 -N8 "$out" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
[ "$w" = 128 ] && [ "$h" = 128 ] || { echo "smoke test: expected 128x128, got ${w}x${h}" >&2; exit 1; }
[ -d "$scratch/cache/pentimento" ] || { echo "smoke test: no model cache in the user's cache folder" >&2; exit 1; }
written="$(find "$image" -newer "$scratch/before" | head -5)"
[ -z "$written" ] || { echo "smoke test: the app wrote inside its install folder: $written" >&2; exit 1; }
echo "smoke test: $launcher generate made a ${w}x${h} PNG in ${elapsed_ms} ms, writing nothing inside the image"
