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
    """The iteration count of a run: given (argv), or, with SECONDS set, the count that fits that many seconds,
    measured on the run's own first iterations. The cosine schedules need the count up front, so until it is known
    (PROBE iterations, all at the warm-up's or the schedule's start) `total` is a large provisional number; the run
    prints the count it chose so that the same run can be repeated with it given."""

    PROBE = 40

    def __init__(self, given):
        self.seconds = float(os.environ.get("SECONDS_BUDGET", "0"))
        self.total = given if not self.seconds else 10 ** 9
        self.start = time.time()
        self._mark = None

    def tick(self, it):
        """Call at the top of each iteration; returns the total iteration count (final once the probe is over)."""
        if self.seconds and self.total == 10 ** 9:
            if it == 10:
                torch.cuda.synchronize() if torch.cuda.is_available() else None
                self._mark = time.time()
            elif it == self.PROBE:
                torch.cuda.synchronize() if torch.cuda.is_available() else None
                per_it = (time.time() - self._mark) / (self.PROBE - 10)
                left = self.seconds - (time.time() - self.start)
                self.total = max(self.PROBE + 1, self.PROBE + int(left / per_it))
                print(f"budget: {per_it * 1000:.1f} ms an iteration -> {self.total} iterations in {self.seconds:.0f}s",
                      flush=True)
        return self.total


@torch.no_grad()
def ema_update(ema_module, live_module, decay):
    ema = [p for p in ema_module.parameters()]
    live = [p.detach() for p in live_module.parameters()]
    torch._foreach_mul_(ema, decay)
    torch._foreach_add_(ema, live, alpha=1 - decay)
