"""factsite: static fact-check microsites from claim files in git.

The pipeline, one folder per stage: load/ → check/ → render/ → publish/ (the way from docs/ to
site/), and one function per command in commands/ that runs them in that order. Beside the
pipeline, edit/ holds the tools that change a project's own files (archive links, an imported
article, an upgrade), which only commands call. The README's "How it works" maps them.
"""

__version__ = "0.1.0"
