"""Check: Documents in, a checked Project and its Problems out.

The JSON Schemas (`schemas.py`, data in `factsite/schemas/`) and the checker that turns their
errors into located problems (`schema.py`); the rules a schema cannot say (`rules.py`,
`quotes.py`); the reference files: scale, topics, articles (`reference.py`); one claim file
(`claim.py`) and many on all cores (`pool.py`); the whole project and its cross-file rules
(`project.py`), whose result is a `Project` (`model.py`); and the site's own pages, which may
not go live with a TODO (`pages.py`).
"""
