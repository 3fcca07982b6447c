"""How the process that draws the robustness samplings asks C's memory allocator to reuse what it frees.

A sampling allocates and frees arrays of a few hundred kilobytes to a few megabytes, block after block. glibc's
allocator gives each such array fresh pages from the system (above its threshold for mapping, 128 KB at first) and
returns them when it is freed, so that every block pays for zeroed pages again: measured on the Khrushchev case, the
three samplings drawn afresh took 47-51 ms with the allocator as it starts against 31 ms with arrays of up to 32 MB
served from memory already held, and up to 64 MB of freed memory kept before any goes back to the system. Only the
worker process asks this (explorer/ui/sure.py); elsewhere, and where the C library is not glibc, nothing changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util

MAPPED_FROM = 32 * 2**20  # arrays this large and larger get pages of their own, given back when freed
KEPT_FREE = 64 * 2**20  # freed memory kept for reuse before the allocator gives any back to the system
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def reuse_freed_memory() -> bool:
    """Ask glibc's allocator to serve arrays below MAPPED_FROM from memory it holds and to keep up to KEPT_FREE of
    freed memory; whether it was asked (False where the C library has no mallopt)."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        return False
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, MAPPED_FROM)) and bool(mallopt(_M_TRIM_THRESHOLD, KEPT_FREE))
