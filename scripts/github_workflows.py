"""Write this repository's .github/workflows/ from the site template, with its own settings.

python scripts/github_workflows.py          # write them
python scripts/github_workflows.py --check  # exit 1 if a file differs (tests/test_workflows.py)
"""

import sys
from pathlib import Path

from factsite.render.site_template import Settings, workflow_files

REPO = Path(__file__).resolve().parent.parent
SETTINGS = Settings(
    name="factsite",
    url="https://factsite.github.io/factsite/",
    repo_url="https://github.com/factsite/factsite",
    publisher="factsite",
    # The package of this checkout, not a release; its dependencies exactly as locked, each file
    # checked against its hash (requirements.lock, `make lock`), so that no build runs a
    # dependency release nobody reviewed.
    install=(
        "python -m pip install --quiet --require-hashes -r requirements.lock"
        " && python -m pip install --quiet --no-deps ."
    ),
    dependencies="requirements.lock",
)


def main(argv: list[str]) -> int:
    stale = []
    for rel, text in workflow_files(SETTINGS).items():
        path = REPO / rel
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(rel)
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8")
    for rel in stale:
        print(f"{rel}: differs from the site template" if "--check" in argv else f"wrote {rel}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
