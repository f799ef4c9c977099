"""Child processes that end with the process that started them.

The run starts two helpers: the validation worker (``pipeline.validate.worker``) and the chart
export; the reports start headless Chromium for PDFs (``pipeline.reports.browser``). Killed with SIGKILL, a parent cannot stop them itself; on Linux the kernel does it for us:
``prctl(PR_SET_PDEATHSIG, SIGKILL)``, set in the child between fork and exec, kills the child as
soon as its parent dies. The setting survives ``exec``; a parent that died before it was set is
noticed by the child (its parent id is no longer the one that started it) and the child exits.
Elsewhere the helpers fall back to what they watch: the worker ends when its stdin closes.

The signal follows the *thread* that started the child: start children from the run's main thread.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl  # loaded here, not in the forked child
    except (OSError, AttributeError):
        return None


def _die_with(parent: int, prctl):
    def preexec() -> None:  # runs in the child, after fork, before exec
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the setting took effect
            os._exit(1)

    return preexec


def popen(args: list[str], **kwargs) -> subprocess.Popen:
    """``subprocess.Popen`` for a helper process that must not outlive its parent (see the module doc)."""
    prctl = _prctl()
    if prctl is not None:
        kwargs["preexec_fn"] = _die_with(os.getpid(), prctl)
    return subprocess.Popen(args, **kwargs)
