"""factsite: static fact-check microsites from claim files in git.

The pipeline, one module per step: load (load.py, yamlload.py) → check (project.py,
schemacheck.py, rules.py) → render (render/) → build (build.py).
"""

__version__ = "0.1.0"
