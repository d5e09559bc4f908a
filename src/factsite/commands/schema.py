"""`factsite schema`: write schema/claim.schema.json from the code and verdicts.yaml."""

from __future__ import annotations

from factsite.check.reference import load_scale
from factsite.check.schemas import schema_json
from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.load.files import Layout
from factsite.problems import emit
from factsite.publish.errors import write_problem
from factsite.publish.write import atomic_write


def schema(opts: Options) -> int:
    """0 written, 1 the scale has problems or the file cannot be written, 2 not a site."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    # load → check: the scale the verdict list comes from
    scale, problems = load_scale(layout)
    if problems:
        emit(problems, opts.format)
        return 1
    # render → publish
    try:
        atomic_write(layout.schema, schema_json(scale).encode("utf-8"))
    except OSError as exc:  # the previous file, if any, is as it was
        emit([write_problem(layout.rel(layout.schema), exc)], opts.format)
        return 1
    print(f"wrote {layout.rel(layout.schema)}")
    return 0
