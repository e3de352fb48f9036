#!/bin/sh
# Opens the real studio window under Xvfb, drives it with the AWT robot (type a prompt, Ctrl+Enter) and writes
# xvfb-idle.png, xvfb-mid-run.png and xvfb-done.png here. Build first: mvn -B -q package -DskipTests
# Extra JVM options for the studio (say, -Dpentimento.model=DIR) go in STUDIO_OPTS.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$(mktemp -d)
xvfb-run -a -s "-screen 0 1440x900x24" sh -c "
  java -Dpentimento.data=$data $STUDIO_OPTS -jar '$root/target/pentimento.jar' &
  app=\$!
  sleep ${STARTUP_SECONDS:-15}
  java '$here/XvfbCapture.java' '$here' ${MID_RUN_MILLIS:-3000} ${DONE_MILLIS:-30000}
  kill \$app
"
rm -rf "$data"
