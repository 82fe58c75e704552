#!/usr/bin/env python3
"""Build council committee papers: see `build.py --help`."""

import sys

from councilpapers.commands import main

if __name__ == "__main__":
    sys.exit(main())
