"""Publish: the way from docs/ to site/: rendered pages in, files under docs/ and a built site out.

Writes the generated pages under docs/ atomically and only when changed (`write.py`), runs the
site engine (`build.py`: through its public API in this process and forked ones, `pages.py`;
its command line for other sites, `engine.py`) from nothing, or after a change for only what
the change can alter (`incremental.py`; a round of `factsite serve`, `in_place.py`), and puts
the result into site/ so that a killed build leaves a complete site (`swap.py`); builds a
site in parts on several machines and merges them (`split.py`); indexes the
built site for search (`search.py`, `search_order.py`; `parts.py` cuts a large site into
parts), and serves it to the preview (`preview.py`). Around the build: one run at a time
(`lock.py`), the caches that let unchanged work be skipped (`cache.py`), a failed write and the
engine's log as problems (`errors.py`, `engine_log.py`), and the points where the tests that
kill a run stop it (`pause.py`). The tools that edit a project's own files (archive, article
import, upgrade) are in edit/.
"""
