#!/usr/bin/env bash
# Renders assets/icon/pentimento.svg to the PNG sizes desktops and jpackage use, and packs them into the .ico and
# .icns that Windows and macOS builds use. The results are committed, so the build does not need this script.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin), python3, and optipng when present.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../assets/icon"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" pentimento.svg -o "pentimento-$size.png"
  if command -v optipng >/dev/null 2>&1; then optipng -quiet -o7 "pentimento-$size.png"; fi
done
python3 "$here/icon-containers.py" .
ls -l pentimento-*.png pentimento.ico pentimento.icns
