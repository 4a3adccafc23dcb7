"""Running the command line on hostile input in a child process with memory, CPU and wall-clock caps."""

from __future__ import annotations

import os
import subprocess
import sys

try:
    import resource
except ImportError:  # not POSIX
    resource = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def capped_child_limits(memory_bytes: int = 2 * 1024 ** 3, cpu_s: int = 120):
    """A ``preexec_fn`` for subprocesses of hostile tests: address-space and CPU limits."""

    def apply():
        if resource is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
        os.setsid()

    return apply


def cli(*args, cwd=None, timeout=60, memory_bytes=2 * 1024 ** 3, stdout=subprocess.PIPE, env=None):
    """``python -m designer ARGS`` under caps; returns the CompletedProcess (text)."""
    environment = dict(os.environ if env is None else env)
    environment["PYTHONPATH"] = ROOT
    return subprocess.run([sys.executable, "-m", "designer", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=timeout, cwd=cwd, env=environment,
                          preexec_fn=capped_child_limits(memory_bytes), stdin=subprocess.DEVNULL)
