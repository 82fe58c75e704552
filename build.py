#!/usr/bin/env python3
"""Build council committee papers: see `build.py --help`."""

import sys

from councilpapers.cli import main

if __name__ == "__main__":
    sys.exit(main())
