"""Publish: rendered pages in, files on disk and a built site out.

Writes the generated pages under docs/ atomically and only when changed (`write.py`), runs the
site engine into a fresh folder swapped into place (`mkdocs.py`, in parallel shards from 1,000
claim pages: `shards.py`), and keeps the caches that let unchanged work be skipped
(`cache.py`). The only stage that writes to the disk.
"""
