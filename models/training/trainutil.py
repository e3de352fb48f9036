"""What the training scripts share: the device, an iteration count that fits a time budget, and the EMA update."""
import contextlib
import os
import time

import torch


def device():
    """A CUDA GPU when there is one (TF32 matmuls and convolutions), else the CPU with THREADS threads."""
    if torch.cuda.is_available():
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True
        return torch.device("cuda")
    torch.set_num_threads(int(os.environ.get("THREADS", "2")))
    return torch.device("cpu")


def autocast(dev, enabled=True):
    """bfloat16 autocast on a GPU (the weights, the optimiser and the EMA stay float32); nothing on the CPU."""
    if dev.type == "cuda" and enabled:
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


class Budget:
    """The iterations of a run: `for it in Budget(n)` counts to n, or, with SECONDS_BUDGET set, to the count that
    fits that many seconds, measured on the run's own first iterations. The cosine schedules need the count up front,
    so until it is known (the first PROBE iterations, all at the warm-up's or the schedule's start) `total` is a large
    provisional number; the run prints the count it chose, so that the same run can be repeated with it given."""

    PROBE = 40
    UNKNOWN = 10 ** 9

    def __init__(self, given):
        self.seconds = float(os.environ.get("SECONDS_BUDGET", "0"))
        self.total = self.UNKNOWN if self.seconds else given

    def __iter__(self):
        start = time.time()
        it = 0
        while it < self.total:
            if self.total == self.UNKNOWN and it in (10, self.PROBE):
                _synchronize()
                if it == 10:
                    mark = time.time()
                else:
                    per_it = (time.time() - mark) / (self.PROBE - 10)
                    self.total = self.PROBE + max(1, int((self.seconds - (time.time() - start)) / per_it))
                    print(f"budget: {per_it * 1000:.1f} ms an iteration -> {self.total} iterations in "
                          f"{self.seconds:.0f}s", flush=True)
            yield it
            it += 1


def _synchronize():
    if torch.cuda.is_available():
        torch.cuda.synchronize()


@torch.no_grad()
def ema_update(ema_module, live_module, decay):
    ema = [p for p in ema_module.parameters()]
    live = [p.detach() for p in live_module.parameters()]
    torch._foreach_mul_(ema, decay)
    torch._foreach_add_(ema, live, alpha=1 - decay)
