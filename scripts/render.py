"""Validate, then write the generated pages under docs/: `factsite render` as a script.

.venv/bin/python scripts/render.py [--quiet]
"""

import sys

from factsite.cli import main

if __name__ == "__main__":
    sys.exit(main(["render", *sys.argv[1:]]))
