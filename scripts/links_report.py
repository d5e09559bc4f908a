"""The weekly links report (factsite.edit.links_report) as a script of this repository.

python scripts/links_report.py --root . --lychee lychee/out.md --lychee-exit 2 --out report.md
"""

import sys

from factsite.edit.links_report import main

if __name__ == "__main__":
    sys.exit(main())
