"""Chosen pages of the site built in this process, through the engine's public API.

A build after a change (incremental.py) and each rebuild of `factsite serve` need only a few
outputs: the pages whose sources changed, the pages that include a changed snippet, the files
MkDocs renders on every build (sitemap.xml and its .gz, 404.html) and the static files that
changed. `Site` loads the site once as `mkdocs build` does (the configuration, every file under
docs/, the navigation, the theme's templates: names MkDocs exports for plugins and themes),
then builds just those outputs, each the way `mkdocs build` makes it: the page read and
converted (`Page.read_source`, `Page.render`), put into the theme's template with
`get_context`, and the plugin events of each step. `tests/test_pages.py` compares pages of
every kind, byte for byte, with a plain `mkdocs build` and a plain `properdocs build`.

Why it equals the engine's whole build: a page's HTML depends on its own source, the snippets
it includes, the configuration and the theme, and on other pages only through the navigation;
the navigation's pages are read once when the site is loaded, as a whole build reads every
page before it renders any (their titles, their front matter), and converted then only when
their title is their first heading (_titled: an annotated article of 2,000 claims in the
navigation took 2 s to convert, for a title mkdocs.yml gives). incremental.py
decides which outputs must be made again; this module only makes them.

Nothing of the engine is patched or imported by a private name: the same code drives MkDocs
and ProperDocs (its fork, under another package name). Outputs are written as new files
(never into an existing one, which may be a hard link to the published site), and the
engine's warnings are collected: under `--strict` any warning fails the build, as it does in
MkDocs, and each is printed as MkDocs prints it.
"""

from __future__ import annotations

import errno
import functools
import gzip
import importlib
import io
import logging
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from factsite.digest import file_digest
from factsite.load.site_config import CONFIG_FILE
from factsite.render.crawlers import SITEMAP_DATES
from factsite.render.theme import THEME_DIR

SHARE_MIN = 500  # pages per process at least: below, forking costs more than it saves
PAGE_COST = 16_384  # a page's fixed cost, in bytes of Markdown (MkDocs: ~10 ms a claim page)


@dataclass(frozen=True)
class _Api:
    """The engine's public names: MkDocs' or ProperDocs', which has the same under its own."""

    name: str
    load_config: Any
    get_files: Any
    set_exclusions: Any
    get_navigation: Any
    page: Any
    get_context: Any
    utils: ModuleType


def _api(engine: str) -> _Api:
    config = importlib.import_module(f"{engine}.config")
    files = importlib.import_module(f"{engine}.structure.files")
    nav = importlib.import_module(f"{engine}.structure.nav")
    pages = importlib.import_module(f"{engine}.structure.pages")
    build = importlib.import_module(f"{engine}.commands.build")
    utils = importlib.import_module(f"{engine}.utils")
    return _Api(
        engine,
        config.load_config,
        files.get_files,
        files.set_exclusions,
        nav.get_navigation,
        pages.Page,
        build.get_context,
        utils,
    )


class EngineWarnings(logging.Handler):
    """The engine's warnings and errors while building: what `--strict` refuses."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # as MkDocs' command line prints them: "WARNING -  message"
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


class Site:
    """The site as the engine loads it, kept to build chosen outputs (the module's docstring).
    A file added to docs/ or removed from it means a new Site (Loaded): the navigation, the
    link checks and the sitemap depend on which files exist."""

    def __init__(self, root: Path, *, engine: str = "mkdocs") -> None:
        self.root, self.engine = root.resolve(), engine
        self._api = api = _api(engine)
        with self._watch() as warned:
            config = api.load_config(config_file=str(self.root / CONFIG_FILE), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            files = api.get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            api.set_exclusions(files, config)
            nav = api.get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            for file in files.documentation_pages():
                if file.page is None:  # a page outside the nav, as `mkdocs build` makes it
                    api.page(None, file, config)
            for page in nav.pages:  # every page reads these of the navigation's pages
                self._read(page, config, files)
                if not _titled(page):  # its title is its first heading: converted to know it
                    self._convert(page, config, files)
            env = config.plugins.on_env(env, config=config, files=files)
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.load_warnings = warned.lines
        self.doc_files = files.documentation_pages()

    @contextmanager
    def _watch(self) -> Iterator[EngineWarnings]:
        """The engine's warnings meanwhile, in the project's folder, where the engine runs
        (pymdownx.snippets' base_path is relative to it)."""
        logger = logging.getLogger(self._api.name)
        handler = EngineWarnings()
        logger.addHandler(handler)
        try:
            with chdir(self.root):
                yield handler
        finally:
            logger.removeHandler(handler)

    def _populate(self, page: Any, config: Any, files: Any) -> None:
        """Read and convert a page, with the plugin events `mkdocs build` runs around it."""
        self._read(page, config, files)
        self._convert(page, config, files)

    def _read(self, page: Any, config: Any, files: Any) -> None:
        """Read a page's source: its front matter and Markdown, all the navigation shows of it
        on other pages when the navigation or its front matter gives its title (_titled)."""
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown, page=page, config=config, files=files
        )

    def _convert(self, page: Any, config: Any, files: Any) -> None:
        """Convert a page read (its HTML, headings and anchors)."""
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )

    def _html(self, page: Any) -> bytes:
        """The page put into its template, as `mkdocs build` writes it."""
        config, nav = self.config, self.nav
        page.active = True  # the theme marks the current page (and its sections) by this
        try:
            context = self._api.get_context(nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
        return output.encode("utf-8", errors="xmlcharrefreplace") if output.strip() else b""

    def _theme_template(self, name: str) -> bytes:
        """A template of the theme rendered for the whole site (sitemap.xml, 404.html)."""
        config, utils = self.config, self._api.utils
        template = config.plugins.on_pre_template(
            self.env.get_template(name), template_name=name, config=config
        )
        if utils.is_error_template(name):  # absolute URLs, as MkDocs gives its error pages
            from urllib.parse import urlsplit

            base_url = urlsplit(config.site_url or "/").path
        else:
            base_url = utils.get_relative_url(".", name)
        context = self._api.get_context(self.nav, self.files, config, base_url=base_url)
        context = config.plugins.on_template_context(context, template_name=name, config=config)
        output = template.render(context)
        output = config.plugins.on_post_template(output, template_name=name, config=config)
        return output.encode("utf-8") if output.strip() else b""

    def _sitemap_gz(self, sitemap: bytes, path: Path) -> bytes:
        """sitemap.xml.gz as MkDocs writes it: the file's name and the build day inside."""
        pages = [f.page for f in self.files.documentation_pages() if f.page is not None]
        stamp = self._api.utils.get_build_timestamp(pages=pages)
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, filename=str(path), mode="wb", mtime=stamp) as gz:
            gz.write(sitemap)
        return buf.getvalue()

    def build(
        self, out: Path, outputs: Collection[str], *, static: bool = True, missing: bool = True
    ) -> list[str]:
        """Make `outputs` (site-relative paths) in `out`, and (with `static` and `missing`)
        every static file missing there; the engine's warnings (the build failed if there
        are any). Raises OSError."""
        config, wanted = self.config, set(outputs)
        pages = [f.page for f in self.doc_files if f.dest_uri in wanted and f.page is not None]
        with self._watch() as warned:
            for page in pages:
                self._populate(page, config, self.files)
            for page in pages:  # links to other pages' anchors: those pages read as well
                for target in page.links_to_anchors or {}:
                    if target.page is not None and target.page.present_anchor_ids is None:
                        self._populate(target.page, config, self.files)
            if static and missing:  # asked for, or missing
                for file in self.static_files():
                    dest = out / file.dest_uri
                    if file.dest_uri in wanted or not dest.exists():
                        _copy(Path(file.abs_src_path), dest)
            elif static:  # asked for: of 40,000 at 10,000 claims, a round asks a few
                by_dest = self._static_by_dest
                for uri in sorted(wanted & by_dest.keys()):
                    _copy(Path(by_dest[uri].abs_src_path), out / uri)
            for name in config.theme.static_templates:
                if name in wanted:
                    text = self._theme_template(name)
                    if text:
                        _write(out / name, text)
                        if name == "sitemap.xml":
                            gz = out / "sitemap.xml.gz"
                            _write(gz, self._sitemap_gz(text, Path(config.site_dir) / gz.name))
            for page in pages:
                if html := self._html(page):
                    _write(out / page.file.dest_uri, html)
            level = config.validation.links.anchors
            for page in pages:
                page.validate_anchor_links(files=self.files, log_level=level)
        return warned.lines

    def static_files(self) -> list[Any]:
        """The files the engine copies into the site as they are (the same files as long as
        this Site is: Loaded makes another when docs/ holds others)."""
        return self._static

    @functools.cached_property
    def _static(self) -> list[Any]:
        return [
            f for f in self.files if not f.is_documentation_page() and f.inclusion.is_included()
        ]

    @functools.cached_property
    def _static_by_dest(self) -> dict[str, Any]:
        return {f.dest_uri: f for f in self._static}

    def all_outputs(self) -> list[str]:
        """The pages and the theme's site-wide templates: what a whole build renders."""
        pages = [f.dest_uri for f in self.doc_files]
        return [*self.config.theme.static_templates, *pages]


def _titled(page: Any) -> bool:
    """Whether a page's title is known before it is converted: given by the navigation (the
    engine sets it on the page) or by its front matter. Otherwise it is the page's first
    heading, which only its conversion gives exactly. The other pages show a navigation page's
    title and URL, never its content: a page whose title is known is converted only when it is
    built, or when a page built links to one of its anchors (build)."""
    return "title" in vars(page) or "title" in (page.meta or {})


class Loaded:
    """The Site of the last build in this process, used again while nothing it was loaded
    from has changed: the world (incremental.world: the configuration, the theme, the code and
    versions), which files docs/ holds, the day (sitemap.xml.gz's stamp) and the checks' dates
    (the template sitemap.xml imports, which the world leaves out and the engine's template
    cache would keep)."""

    def __init__(self) -> None:
        self.current: Site | None = None
        self._token: tuple[object, ...] = ()

    def site(self, root: Path, engine: str, world: str, names: frozenset[str]) -> Site:
        day = os.environ.get("SOURCE_DATE_EPOCH") or time.strftime("%Y-%m-%d", time.gmtime())
        try:
            dates = file_digest(root / THEME_DIR / SITEMAP_DATES)
        except OSError:
            dates = ""
        token = (root.resolve(), engine, world, names, day, dates)
        if self.current is None or token != self._token:
            self.current, self._token = None, ()  # a failed load keeps nothing
            self.current, self._token = Site(root, engine=engine), token
        return self.current


def build_all(
    site: Site,
    out: Path,
    jobs: int,
    *,
    linked: Collection[str] = (),
    wanted: Callable[[str], bool] | None = None,
) -> list[str]:
    """The whole site into the empty folder `out`: its pages shared out between `jobs`
    processes forked from this one (each has the site as loaded: nothing is read twice), the
    static files copied meanwhile by this one, those under docs/ whose top folder is in
    `linked` as hard links (factsite replaces the files it writes there, never writes into
    them: write.py). `wanted`: only the outputs (site paths) it holds, the part of a split
    build (split.py). The engine's warnings; raises OSError, or BuildFailed."""
    outputs = [rel for rel in site.all_outputs() if wanted is None or wanted(rel)]
    parts = _shares(site, outputs, jobs)
    ctx = multiprocessing.get_context("fork")
    procs = []
    for part in parts[1:]:
        reader, writer = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_part, args=(site, out, part, writer), daemon=True)
        proc.start()
        writer.close()
        procs.append((proc, reader))
    try:
        _place_static(site, out, linked, wanted)
        warnings = site.build(out, parts[0], static=False)
        for proc, reader in procs:
            try:
                kind, value = reader.recv()
            except EOFError:
                kind, value = "error", "a page build process ended without a word"
            proc.join()
            if kind == "warnings":
                warnings += value
            elif kind == "oserror":
                raise OSError(*value)
            else:
                raise BuildFailed(value)
    finally:
        for proc, _ in procs:
            if proc.is_alive():
                proc.terminate()
                proc.join()
    return warnings


class BuildFailed(RuntimeError):
    """The engine raised while building a page (a template, a snippet): its words."""


def _shares(site: Site, outputs: list[str], jobs: int) -> list[list[str]]:
    """`outputs` in `jobs` lists of about equal cost (a page's time grows with its size)."""
    jobs = max(1, min(jobs, len(outputs) // SHARE_MIN))
    if jobs == 1:
        return [outputs]
    sizes = {f.dest_uri: Path(f.abs_src_path).stat().st_size for f in site.doc_files}
    shares: list[list[str]] = [[] for _ in range(jobs)]
    loads = [0] * jobs
    for rel in sorted(outputs, key=lambda r: -sizes.get(r, 0)):  # the largest first
        k = loads.index(min(loads))
        shares[k].append(rel)
        loads[k] += sizes.get(rel, 0) + PAGE_COST
    return shares


def _part(site: Site, out: Path, outputs: list[str], writer: Any) -> None:
    """A forked process's share of the pages: its warnings, or why it failed, sent back."""
    try:
        writer.send(("warnings", site.build(out, outputs, static=False)))
    except OSError as e:
        writer.send(("oserror", (e.errno, e.strerror, e.filename)))
    except BaseException as e:  # anything: said to the parent, which fails the build
        writer.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        writer.close()


def _place_static(
    site: Site, out: Path, linked: Collection[str], wanted: Callable[[str], bool] | None
) -> None:
    docs = Path(site.config.docs_dir)
    for file in site.static_files():
        if wanted is not None and not wanted(file.dest_uri):
            continue
        source, dest = Path(file.abs_src_path), out / file.dest_uri
        top = file.src_uri.split("/", 1)[0]
        if top in linked and "/" in file.src_uri and source.is_relative_to(docs):
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, dest)
                continue
            except OSError as e:
                if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise OSError(e.errno, e.strerror, str(dest)) from None
        _copy(source, dest)


def _write(path: Path, data: bytes) -> None:
    """`data` as a new file at `path` (a file there, perhaps a link to site/, is replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, str(path)) from None


def _copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    try:
        shutil.copyfile(source, dest)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(dest)) from None


def print_warnings(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)
