"""The weekly links report (factsite.publish.links_report) as a script of this repository.

python scripts/links_report.py --root . --lychee lychee/out.md --lychee-exit 2 --out report.md
"""

import sys

from factsite.publish.links_report import main

if __name__ == "__main__":
    sys.exit(main())
