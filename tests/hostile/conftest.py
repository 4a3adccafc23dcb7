"""Caps for hostile-input tests: each runs under a time and an address-space limit, and a marker file proves
that nothing any payload carries was executed.

Payloads that would run code are written to create ``MARKER`` (the `marker` fixture's path); after every test the
guard asserts that it does not exist. The memory cap (not for tests marked ``keras``, which import TensorFlow) lowers this process's soft ``RLIMIT_AS`` to what it already
uses plus `MEMORY_HEADROOM` for the duration of one test (the soft limit is restored after), and `signal.alarm`
stops a test that hangs.
"""

from __future__ import annotations

import signal

import pytest

TIME_LIMIT_S = 60
MEMORY_HEADROOM = 1536 * 1024 * 1024

try:
    import resource
except ImportError:  # not POSIX
    resource = None


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class HangError(Exception):
    """A hostile-input test ran past its time limit."""


def _on_alarm(signum, frame):
    raise HangError(f"the test ran longer than {TIME_LIMIT_S} s (a hang)")


@pytest.fixture
def marker(tmp_path_factory):
    """A path that any executed payload would create."""
    return tmp_path_factory.mktemp("marker") / "EXECUTED"


@pytest.fixture(autouse=True)
def hostile_guard(request):
    marker_path = request.getfixturevalue("marker")
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm) if hasattr(signal, "SIGALRM") else None
    if previous_handler is not None:
        signal.alarm(TIME_LIMIT_S)
    saved = None
    size = _virtual_size()
    if resource is not None and size is not None and request.node.get_closest_marker("keras") is None:
        saved = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + MEMORY_HEADROOM
        if saved[1] == resource.RLIM_INFINITY or cap < saved[1]:
            resource.setrlimit(resource.RLIMIT_AS, (cap, saved[1]))
    try:
        yield
    finally:
        if saved is not None:
            resource.setrlimit(resource.RLIMIT_AS, saved)
        if previous_handler is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous_handler)
    assert not marker_path.exists(), "a hostile payload was executed"
