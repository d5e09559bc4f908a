"""Publish: rendered pages in, files on disk and a built site out.

Writes the generated pages under docs/ atomically and only when changed (`write.py`), runs the
site engine (its command line: `engine.py`) into a fresh folder swapped into place
(`build.py`; in parallel shards from 1,000 claim pages: `shards.py`), keeps the caches that
let unchanged work be skipped (`cache.py`), writes an imported article's files
(`article_files.py`) and the weekly links report (`links_report.py`). The only stage that
writes to the disk.
"""
