"""One function per command, each reading top to bottom: load → check → render → publish.

`validate.py`, `schema.py`, `render.py`, `build.py` (and a part of a split build),
`merge.py` (the parts into one site), `serve.py` (with `watch.py`, what it watches),
`clean.py`, `new.py` and `init.py` (a new site); and the commands that change a
project's own files through edit/: `article.py`, `archive.py`, `upgrade.py`. What several
share: `options.py` (the one `Options`), `exclusive.py` (the project's lock, and the repair of
a killed run) and `guard.py` ("not a site"). The CLI (`cli.py`) parses options and calls one
of them; each returns an exit code.
"""
