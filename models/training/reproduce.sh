#!/usr/bin/env bash
# Rebuilds the embedded model from nothing but Debian packages, on a CPU (about 6 hours on 2 cores) or faster
# on any machine with PyTorch. From the repository root:
#
#   sudo apt-get install python3-torch python3-onnx python3-pil python3-numpy python3-regex \
#        libopenblas0-openmp fonts-noto-color-emoji unicode-data unicode-cldr-core
#   bash models/training/reproduce.sh
#
# Writes models/pentimento-emoji/, models/samples.png and the fixtures the Java tests read. Intermediate files go to
# models/training/work/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-/usr/bin/python3}
export OMP_WAIT_POLICY=PASSIVE
work=work
$PY prepare_data.py $work
$PY train_tokenizer.py $work/emoji.json $work/tokenizer
$PY train_vae.py $work 1400
# the UNet and text encoder, in cosine cycles that each start from the previous cycle's EMA weights (the CPU
# training ran as it found time; two cycles were stopped early, and STOP_AT replays them on their own schedules)
export THREADS=${THREADS:-2}
BATCH=96 OUT=unet_cycle1.pt $PY train_unet.py $work 1500
$PY finetune_decoder.py $work 800
BATCH=64 INIT=$work/unet_cycle1.pt LR=4e-4 OUT=unet_cycle2.pt $PY train_unet.py $work 4000
BATCH=64 INIT=$work/unet_cycle2.pt LR=2e-4 STOP_AT=1000 OUT=unet_cycle3.pt $PY train_unet.py $work 2000
# from here the loss is Min-SNR-5 weighted, and the last three cycles draw their own batches and noise (seeds 5, 6, 7)
BATCH=64 INIT=$work/unet_cycle3.pt LR=2e-4 MIN_SNR=5 STOP_AT=1250 OUT=unet_cycle4.pt $PY train_unet.py $work 4500
BATCH=64 INIT=$work/unet_cycle4.pt LR=1.8e-4 MIN_SNR=5 SEED=5 OUT=unet_cycle5.pt $PY train_unet.py $work 3500
BATCH=64 INIT=$work/unet_cycle5.pt LR=1e-4 MIN_SNR=5 SEED=6 OUT=unet_cycle6.pt $PY train_unet.py $work 1500
BATCH=64 INIT=$work/unet_cycle6.pt LR=1.2e-4 MIN_SNR=5 SEED=7 OUT=unet.pt $PY train_unet.py $work 5000
rm -rf ../pentimento-emoji
$PY export_onnx.py $work ../pentimento-emoji ../../src/test/resources/embedded-parity
$PY evaluate.py $work ../pentimento-emoji ../../src/test/resources/embedded
