#!/usr/bin/env bash
# Rebuilds the embedded model from nothing but Debian packages and PyTorch. From the repository root:
#
#   sudo apt-get install python3-torch python3-onnx python3-pil python3-numpy python3-regex \
#        libopenblas0-openmp fonts-noto-color-emoji unicode-data unicode-cldr-core
#   bash models/training/reproduce.sh
#
# The shipped model was trained on one NVIDIA H100 (PyTorch 2.11, CUDA 13): about 15 minutes of training for the
# autoencoder, the text encoder and the UNet. The same scripts run on a CPU (they use a CUDA GPU when there is one),
# but at these batch sizes that takes days.
#
# Writes models/pentimento-emoji/, models/samples.png and the fixtures the Java tests read. Intermediate files go to models/training/work/ (ignored by git).
#
# The iteration counts below are the ones the GPU run chose: it gave each stage a time budget (SECONDS_BUDGET, see
# trainutil.Budget) and measured how many iterations fit; given explicitly here, the run is repeated stage for stage.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-/usr/bin/python3}
export OMP_WAIT_POLICY=PASSIVE
work=work
$PY prepare_data.py $work
$PY train_tokenizer.py $work/emoji.json $work/tokenizer
# the autoencoder on whole 128x128 images, then its decoder alone on the fixed latents
BATCH=64 CROP=128 $PY train_vae.py $work 8267
BATCH=64 CROP=16 $PY finetune_decoder.py $work 2370
# the UNet and the text encoder: one cosine cycle from scratch, a second from its EMA weights (Min-SNR-5 loss)
BATCH=256 LR=6e-4 MIN_SNR=5 EMA=0.999 SEED=0 OUT=unet_a.pt $PY train_unet.py $work 4997
BATCH=256 INIT=$work/unet_a.pt LR=3e-4 MIN_SNR=5 EMA=0.999 SEED=1 OUT=unet.pt $PY train_unet.py $work 8615
rm -rf ../pentimento-emoji
$PY export_onnx.py $work ../pentimento-emoji ../../src/test/resources/embedded-parity
$PY evaluate.py $work ../pentimento-emoji ../../src/test/resources/embedded
# the live-preview decoder, distilled from the exported VAE decoder on the CPU (vae_preview/; models/README.md): the
# pairs are x0 predictions of 128 DDIM runs and 1,024 encoded emoji with the full decoder's pictures of them
THREADS=2 $PY train_preview_decoder.py $work ../pentimento-emoji 1008
# Not shipped (models/README.md says why): the 9-channel inpainting UNet, from the second cycle's weights with the
# text encoder fixed, and its comparison with the base model's inpainting. With INPAINTING=1:
if [ "${INPAINTING:-0}" = 1 ]; then
    BATCH=256 INIT=$work/unet.pt INPAINT=1 LR=2e-4 MIN_SNR=5 EMA=0.999 SEED=2 OUT=unet_inpaint.pt \
        $PY train_unet.py $work 2449
    $PY evaluate_inpainting.py $work
    UNET_CKPT=unet_inpaint.pt $PY export_onnx.py $work ../pentimento-emoji-inpainting
fi
