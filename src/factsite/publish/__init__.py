"""Publish: the way from docs/ to site/: rendered pages in, files under docs/ and a built site out.

Writes the generated pages under docs/ atomically and only when changed (`write.py`), runs the
site engine into a fresh folder swapped into place (`build.py`, `swap.py`: through the engine's
public API in this process and forked ones, `pages.py`; after a change only what it can alter,
`incremental.py`, or in a round of `factsite serve`, `in_place.py`; its command line for other
sites, `engine.py`), indexes the built site for search (`search.py`, `search_order.py`, in
parts cut by `parts.py`), and serves it to the preview (`preview.py`). Around the build: one
run at a time (`lock.py`), the caches that let unchanged work be skipped (`cache.py`), a failed
write and the engine's log as problems (`errors.py`, `engine_log.py`), and the points where
the tests that kill a run stop it (`pause.py`). The tools that edit a project's own files
(archive, article import, upgrade) are in edit/.
"""
