#!/usr/bin/env bash
# Produces the figures in docs/editing.md: DDIM inversion and text edits on the embedded model, CPU. Run from the
# repository root. Renders the emoji it starts from as the training data does (needs /usr/bin/python3 with Pillow
# and the Debian packages fonts-noto-color-emoji and unicode-data, as models/training/prepare_data.py), then prints
# one line per picture on stderr and the figures as JSON on stdout. About 30 minutes on 2 cores.
set -euo pipefail
python=${PYTHON:-/usr/bin/python3}
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
(cd models/training && "$python" render_pictures.py ../../src/test/resources/edit/pairs.tsv ../../target/edit-pictures 50)
java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  io.pentimento.engine.edit.EditMeasurements target/edit-pictures src/test/resources/edit/pairs.tsv
