"""The worker's request to C's allocator (explorer/allocator.py)."""

from __future__ import annotations

import ctypes.util

from explorer import allocator


def test_glibc_is_asked_to_reuse_freed_memory_where_it_runs() -> None:
    assert ctypes.util.find_library("c")  # this machine's C library is glibc
    assert allocator.reuse_freed_memory() is True
    assert (allocator.MAPPED_FROM, allocator.KEPT_FREE) == (32 * 2**20, 64 * 2**20)


def test_without_a_c_library_that_has_mallopt_nothing_is_asked(monkeypatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert allocator.reuse_freed_memory() is False
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "no-such-library.so.0")
    assert allocator.reuse_freed_memory() is False
