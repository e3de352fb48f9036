#!/usr/bin/env bash
# Renders assets/icon/pentimento.svg to the PNG sizes desktops and jpackage use (committed, so the build does not need
# this script). Needs rsvg-convert (Debian: apt-get install librsvg2-bin) and optipng when present.
set -euo pipefail
cd "$(dirname "$0")/../assets/icon"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" pentimento.svg -o "pentimento-$size.png"
  if command -v optipng >/dev/null 2>&1; then optipng -quiet -o7 "pentimento-$size.png"; fi
done
ls -l pentimento-*.png
