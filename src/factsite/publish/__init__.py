"""Publish: rendered pages in, files on disk and a built site out.

Writes the generated pages under docs/ atomically and only when changed (`write.py`), runs the
site engine into a fresh folder swapped into place (`build.py`: through the engine's public
API in this process and forked ones, `pages.py`; after a change only what it can alter,
`incremental.py`; its command line for other sites, `engine.py`), keeps the caches that
let unchanged work be skipped (`cache.py`), writes an imported article's files
(`article_files.py`) and the weekly links report (`links_report.py`). The only stage that
writes to the disk.
"""
