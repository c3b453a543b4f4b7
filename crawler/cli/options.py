"""What the ``newsroom`` commands share, whichever module of `crawler.cli` defines them:
one-line errors (`friendly`), the ``--newsrooms``, ``--db`` and ``-s`` options, the settings'
defaults, and checks of output paths. It imports no command module, so every one can import it.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import SQLAlchemyError

from crawler.core.newsrooms import ConfigError
from storage.database import DatabaseError, reason, scrub

F = TypeVar("F", bound=Callable[..., Any])


class UnwritablePath(OSError):
    """A file or folder a command must write cannot be written; the message says which and
    what to pass instead."""


def friendly(command: F) -> F:
    """Turn known errors into one line on stderr and exit 1; ``--debug`` re-raises them.

    The line never holds the database URL's password, even when a driver quotes it."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:
            # `newsroom export | head`: the reader has what it wanted. Silence the flush of
            # what is still buffered at exit, as the Python docs advise.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except (ConfigError, DatabaseError, OSError, ValueError, SQLAlchemyError) as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            raise click.ClickException(one_line(exc)) from None

    return wrapper  # type: ignore[return-value]


def one_line(exc: BaseException) -> str:
    """``exc`` as one line for an operator, with any database password masked."""
    if isinstance(exc, SQLAlchemyError) and not isinstance(exc, DatabaseError):
        message = (
            f"database error: {reason(exc)}; check the database in --db or NEWSROOM_DB "
            "(`newsroom runs` opens it), then run the command again"
        )
    elif isinstance(exc, OSError) and not isinstance(exc, UnwritablePath) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        message = f"{where}{exc.strerror}"
    else:
        message = str(exc)
    for url in _database_urls():
        message = scrub(message, url)
    return " ".join(message.split())


def _database_urls() -> list[str]:
    """The database URLs this command may have been given (their secrets are masked)."""
    urls = [os.environ.get("NEWSROOM_DB") or ""]
    context = click.get_current_context(silent=True)
    while context is not None:
        urls.append(str(context.params.get("database_url") or ""))
        for pair in context.params.get("settings") or ():
            name, _, value = str(pair).partition("=")
            if name.strip() == "DATABASE_URL":
                urls.append(value)
        context = context.parent
    return [url for url in urls if url]


def writable_folder(folder: Path, what: str, fix: str) -> Path:
    """Create ``folder`` if needed and prove a file can be made in it, or raise
    `UnwritablePath` naming ``what`` it is for and ``fix``."""
    try:
        if folder.exists() and not folder.is_dir():
            raise UnwritablePath(f"{what} {folder} is a file, not a folder; {fix}")
        folder.mkdir(parents=True, exist_ok=True)
        # Permission bits do not tell (root, read-only mounts, ACLs): make a file.
        handle, probe = tempfile.mkstemp(prefix=".newsroom-probe-", dir=folder)
        os.close(handle)
        Path(probe).unlink()
    except UnwritablePath:
        raise
    except OSError as exc:
        raise UnwritablePath(
            f"{what} {folder} cannot be written ({exc.strerror or exc}); {fix}"
        ) from exc
    return folder


def writable_file(path: Path, what: str, fix: str) -> Path:
    """Check that ``path`` can be written atomically (its folder takes a new file)."""
    if path.is_dir():
        raise UnwritablePath(f"{what} {path} is a folder, not a file; {fix}")
    writable_folder(path.parent, f"{what} {path}: its folder", fix)
    return path


def write_output(path: Path, data: bytes, what: str, fix: str) -> None:
    """`crawler.core.files.write_atomic`, with a failure told as one line naming ``what`` and
    ``fix``."""
    from crawler.core.files import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UnwritablePath(
            f"{what} {path} could not be written ({exc.strerror or exc}); {fix}"
        ) from exc


FEEDS_FIX = (
    "pass --feeds-dir DIR (or set NEWSROOM_FEEDS_DIR) with a folder you can write, or --no-feeds"
)
LOG_DIR_FIX = "set NEWSROOM_LOG_DIR (or -s LOG_DIR=DIR) to a folder you can write"


def settings_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``-s KEY=VALUE`` options as settings; a value that cannot be read as its setting's
    default type (a number, a boolean) is a one-line error naming the setting."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} must be KEY=VALUE", param_hint="-s")
        overrides[name.strip()] = value
        _check_setting(name.strip(), value)
    return overrides


_BOOLEANS = frozenset({"true", "false", "1", "0"})


def _check_setting(name: str, value: str) -> None:
    from scrapy.settings import default_settings

    from crawler.components import settings as ours

    default = getattr(ours, name, getattr(default_settings, name, None))
    if isinstance(default, bool):
        if value.strip().lower() not in _BOOLEANS:
            raise ValueError(f"-s {name}={value}: {name} is true or false (default {default})")
        return
    if isinstance(default, (int, float)):  # Scrapy reads some int defaults as floats
        try:
            float(value)
        except ValueError:
            raise ValueError(f"-s {name}={value}: {name} is a number (default {default})") from None


newsrooms_option: Callable[[F], F] = click.option(
    "--newsrooms",
    "newsrooms_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Newsrooms file (default: $NEWSROOM_NEWSROOMS or ./newsrooms.toml).",
)
db_option: Callable[[F], F] = click.option(
    "--db",
    "database_url",
    metavar="URL",
    help="Database URL (default: $NEWSROOM_DB or sqlite:///data/newsroom.sqlite3).",
)


class Count(click.ParamType[int, Any]):
    """A whole number from ``low`` to ``high`` in ASCII digits. click's int takes "٥" and
    "1_000", and an unbounded one overflows SQLite's integers (a traceback, not a line)."""

    name = "integer"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        digits = len(str(self.high))
        if not re.fullmatch(f"[0-9]{{1,{digits}}}", text) or not self.low <= int(text) <= self.high:
            shown = text if len(text) <= 40 else text[:40] + "..."
            self.fail(f"{shown!r} is not a whole number from {self.low} to {self.high}", param, ctx)
        return int(text)


def debug_mode() -> bool:
    return bool(click.get_current_context().find_root().params.get("debug"))


OUTPUT_FIX = "pass -o a file path in a folder you can write"


def setting_default(name: str) -> str:
    from crawler.components.project import project_settings

    return str(project_settings()[name])
