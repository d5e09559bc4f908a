"""factsite: static fact-check microsites from claim files in git.

The pipeline, one folder per stage: load/ → check/ → render/ → publish/, and one function per
command in commands/ that runs them in that order (the README's "How it works" maps them).
"""

__version__ = "0.1.0"
