"""Load: files in, Documents and site settings out.

Finds the project's files and reads them safely (`files.py`: size cap, UTF-8, no control
characters, nothing outside the project), parses strict YAML with positions
(`strict_yaml.py`, `document.py`), and reads `mkdocs.yml` (`site_config.py`) and the verdict
scale's data model (`scale.py`). For `factsite article add`, reads an article's web page into a
value: its main text and metadata (`extract.py`, `fetch.py`, `page_meta.py`,
`article_record.py`). Nothing here raises on contributor input: what cannot be used becomes a
Problem.
"""
