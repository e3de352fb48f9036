#!/usr/bin/env bash
# Produces the figures in docs/performance.md: the embedded model on this machine's CPU, one JSON object per line.
# Run from the repository root after 'mvn -B -q package -DskipTests'.
set -euo pipefail
jar=target/pentimento.jar
bench() { java -jar "$jar" bench --json "$@"; }
echo "# default: 128x128, 20 steps, guidance 7.5, Euler a"
bench --steps 20 --runs 10
echo "# steps"
for s in 10 40; do bench --steps "$s" --runs 10; done
echo "# sizes"
for px in 64 256; do bench --size "$px" --steps 20 --runs 5; done
echo "# CLI, a cold start of the whole command"
for i in 1 2 3; do
  /usr/bin/time -f "wall %e s" java -jar "$jar" generate --prompt "cat face" --seed "$i" --out /tmp/pentimento-bench.png
done
