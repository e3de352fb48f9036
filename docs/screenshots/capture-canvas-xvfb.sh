#!/bin/sh
# Opens the real studio window under Xvfb and drives the canvas with the AWT robot (paste, paint, inpaint, zoom, undo),
# writing xvfb-canvas-*.png here. Build first: mvn -B -q package -DskipTests. PICTURE names the image to paste
# (default: a fresh 128×128 one made with the CLI).
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$(mktemp -d)
picture=${PICTURE:-$data/picture.png}
[ -f "$picture" ] || java -jar "$root/target/pentimento.jar" generate --prompt "smiling face" --seed 1 --out "$picture"
xvfb-run -a -s "-screen 0 1440x900x24" sh -c "
  java -Dpentimento.data=$data/studio $STUDIO_OPTS -jar '$root/target/pentimento.jar' &
  app=\$!
  sleep ${STARTUP_SECONDS:-15}
  java '$here/XvfbCanvasCapture.java' '$here' 505 57 '$picture' ${DONE_MILLIS:-20000}
  kill \$app
"
rm -rf "$data"
