"""One function per command, each reading top to bottom: load → check → render → publish.

`validate.py`, `render.py`, `build.py`, `serve.py`, `schema.py` and `new.py`. The CLI
(`cli.py`) parses options and calls one of them; each returns an exit code.
"""
