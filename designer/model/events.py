"""A minimal event: views subscribe to the document without the document knowing them."""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    """Callbacks called in subscription order with one payload.

    A callback that raises does not stop the others; the first exception is
    re-raised after every callback has run, so a broken view cannot leave the
    others stale.
    """

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], None]] = []

    def connect(self, callback: Callable[[T], None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], None]) -> None:
        self._callbacks.remove(callback)

    def emit(self, payload: T) -> None:
        first: BaseException | None = None
        for callback in list(self._callbacks):
            try:
                callback(payload)
            except Exception as exc:  # re-raised below, after the others ran
                first = first or exc
        if first is not None:
            raise first
