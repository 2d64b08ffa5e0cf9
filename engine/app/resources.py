"""What a long unattended run watches: the process's resident memory."""
from __future__ import annotations

import resource
import sys


def resident_mb() -> float:
    """Current resident set size in MB (Linux /proc), else the peak the OS reports."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * resource.getpagesize() / 1e6
    except (OSError, ValueError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3
