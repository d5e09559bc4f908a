"""Edit: the tools that change a project's own sources, beside the pipeline, not a stage of it.

Each is run by one command on files a person writes, and leaves them as a person would:
`factsite archive` asks the Wayback Machine for a capture (`wayback.py`) and writes its address
into the claim files, one line inserted and proven, the rest untouched (`archive_links.py`);
`factsite article add` writes an imported article's files under articles/ (`article_files.py`);
`factsite upgrade` merges a newer template into the files init wrote (`merge.py`). The links
workflow's weekly report (`links_report.py`) is the list of what is left for a person to edit
in the claim files: dead links, sources without an archive copy. Nothing here writes under
docs/ or site/ (publish/ does), and no stage imports it: only the commands do.
"""
