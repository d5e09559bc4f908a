"""Load: where the running factsite came from, as the requirement a new site installs.

`factsite init` writes it into the site's requirements.txt, which the site's workflows and its
README install. pip records a direct install in the distribution's `direct_url.json` (PEP 610):
a git URL and the commit it resolved to, or the URL of a wheel or sdist file, or a local folder.
Without that record factsite came from a package index, and its version is the requirement.

A local folder cannot be installed anywhere else. If it is a git checkout with a remote, the
remote and the commit checked out stand for it; otherwise the requirement is written with a
note that it must be edited before the site is pushed, and `init` says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from factsite import __version__

NAME = "factsite"


@dataclass(frozen=True)
class Requirement:
    line: str  # the requirement itself, as pip reads it
    note: str  # a comment for requirements.txt: where it comes from
    portable: bool  # False: it installs only on this machine, so it must be edited


def requirement(dist: metadata.Distribution | None = None) -> Requirement:
    """The requirement that installs the running factsite (`dist`: for tests)."""
    if dist is None:
        try:
            dist = metadata.distribution(NAME)
        except metadata.PackageNotFoundError:  # run from a source tree on sys.path
            dist = None
    raw = dist.read_text("direct_url.json") if dist is not None else None
    version = dist.version if dist is not None else __version__
    if not raw:
        return Requirement(f"{NAME}=={version}", "from a package index", True)
    try:
        record = json.loads(raw)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        return _unknown(version)
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
        local = url.startswith("file:")
        if url.startswith("file:///"):  # pip before 24 refuses a URL without a host here
            url = "file://localhost/" + url.removeprefix("file:///")
        line = f"{NAME} @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
        subdir = record.get("subdirectory")
        line += f"#subdirectory={subdir}" if subdir else ""
        where = "a repository on this machine" if local else "a version control URL"
        return Requirement(line, f"from {where}, at the commit installed", not local)
    if isinstance(record.get("archive_info"), dict):
        portable = not url.startswith("file:")
        where = "the file" if not portable else "the URL"
        return Requirement(f"{NAME} @ {url}", f"{where} factsite was installed from", portable)
    if isinstance(record.get("dir_info"), dict) and url.startswith("file:"):
        return _folder(Path(unquote(urlsplit(url).path)), version)
    return _unknown(version)


def _unknown(version: str) -> Requirement:
    return Requirement(f"{NAME}=={version}", "the version installed; its origin is unknown", False)


def _folder(folder: Path, version: str) -> Requirement:
    """A local folder (an editable install of a checkout): its git remote and commit."""
    remote = _git(folder, "remote", "get-url", "origin")
    commit = _git(folder, "rev-parse", "HEAD")
    if remote and commit:
        line = f"{NAME} @ git+{pip_git_url(remote)}@{commit}"
        return Requirement(line, f"the commit checked out in {folder}; push it first", True)
    return Requirement(f"{NAME} @ {folder.as_uri()}", f"the folder {folder}", False)


def pip_git_url(remote: str) -> str:
    """A git remote as pip's VCS URL: `git@host:owner/name` is scp syntax, ssh:// for pip."""
    if "://" not in remote and ":" in remote:
        host, path = remote.split(":", 1)
        return f"ssh://{host}/{path}"
    return remote


def _git(folder: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [git, "-C", str(folder), *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else None
