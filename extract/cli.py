"""The pressdb command line: thin commands over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from extract import __version__
from extract.audit import audit_command, check_command

DEFAULT_DB = "archive.db"


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        envvar="PRESSDB_DB",
        help="The archive (SQLite) file.",
    )(fn)


@click.group()
@click.version_option(__version__, prog_name="pressdb")
def cli() -> None:
    """pressdb: the facts inside German state-ministry press releases, with provenance."""


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def limit_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The limits every document is read and extracted under, shared by ``build`` and ``extract``."""
    for option in reversed(
        [
            click.option(
                "--timeout",
                type=float,
                default=60.0,
                show_default=True,
                envvar="PRESSDB_TIMEOUT",
                help="Seconds one document may take before it is stopped and recorded as failed.",
            ),
            click.option(
                "--max-size",
                "max_mb",
                type=float,
                default=25.0,
                show_default=True,
                envvar="PRESSDB_MAX_SIZE",
                help="Megabytes a file may have; bigger files are recorded as failed.",
            ),
            click.option(
                "--max-memory",
                "memory_mb",
                type=float,
                default=1024.0,
                show_default=True,
                envvar="PRESSDB_MAX_MEMORY",
                help="Megabytes of memory one document may use; a worker over it is stopped and the document "
                "recorded as failed.",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    envvar="PRESSDB_JOBS",
    help="Worker processes (default: the number of cores). With two or more, each worker writes its batches into "
    "shard archives that this process merges.",
)
@limit_options
@click.option("--fail-fast", is_flag=True, help="Stop at the first document that fails.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    default=None,
    envvar="PRESSDB_DASK",
    help="Extract on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786; 'local' starts --jobs "
    "worker processes here). Needs pip install 'pressdb[dask]'.",
)
def build(
    paths: tuple[str, ...],
    db: Path,
    jobs: int | None,
    timeout: float,
    max_mb: float,
    memory_mb: float,
    fail_fast: bool,
    quiet: bool,
    dask_address: str | None,
) -> None:
    """Extract releases (files, directories, globs) into the archive.

    Without PATHS the bundled corpus is built. Unchanged files are skipped,
    changed ones replaced; a file that cannot be read is recorded with its
    error and the batch goes on (exit status 1 at the end).

    Example: pressdb build corpus/ --db archive.db --jobs 2
    """
    from tqdm import tqdm

    from extract.build import build as run_build
    from extract.errors import ArchiveError
    from extract.resources import corpus_dir

    if dask_address:
        from extract.distributed import DaskUnavailable, check_scheduler, require_dask

        try:
            require_dask()
        except DaskUnavailable as exc:
            raise click.UsageError(str(exc)) from exc
        try:
            check_scheduler(dask_address)
        except DaskUnavailable as exc:
            raise click.ClickException(str(exc)) from exc
    inputs = list(paths) or [_shown(corpus_dir())]
    bar = tqdm(unit="doc", disable=quiet or None, file=sys.stderr, leave=False)

    def on_error(message: str) -> None:
        bar.clear()
        click.secho(f"error: {message}", fg="red", err=True)

    def on_wait(message: str) -> None:
        bar.clear()
        click.echo(message, err=True)

    try:
        result = run_build(
            inputs,
            db,
            jobs=jobs,
            timeout=timeout,
            max_mb=max_mb,
            memory_mb=memory_mb,
            on_error=on_error,
            on_wait=on_wait,
            progress=bar.update,
            fail_fast=fail_fast,
            dask=dask_address,
        )
    except ArchiveError as exc:
        bar.close()
        raise click.ClickException(str(exc)) from exc
    bar.close()
    click.echo(result.summary(db))
    if result.failed:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
    help="One JSON object per line, or one JSON array.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    envvar="PRESSDB_JOBS",
    help="Worker processes.",
)
@limit_options
def extract(paths: tuple[str, ...], fmt: str, jobs: int, timeout: float, max_mb: float, memory_mb: float) -> None:
    """Print what pressdb extracts from each file, without a database.

    The output follows the extraction contract (release, communes, people,
    signatories, money, figures, agreements, error), one object per file in
    input order, each item with its span in the clean text. Each file is read
    in a worker process with the same limits as `pressdb build`; a file that
    fails gets its line with the error, and the next file is read.

    Example: pressdb extract corpus/smi-2023-04-25-meerane.txt --format json
    """
    from extract.build import expand_inputs, extract_contracts

    items = list(expand_inputs(paths))
    objects = []
    status = 0
    for obj in extract_contracts(items, jobs=jobs, timeout=timeout, max_mb=max_mb, memory_mb=memory_mb):
        if obj.get("error"):
            click.secho(f"error: {obj['error']}", fg="red", err=True)
            status = 1
        if fmt == "jsonl":
            click.echo(json.dumps(obj, ensure_ascii=False))
        else:
            objects.append(obj)
    if fmt == "json":
        click.echo(json.dumps(objects, ensure_ascii=False, indent=2))
    sys.exit(status)


@cli.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="PRESSDB_HOST",
    help="Interface to listen on (loopback by default).",
)
@click.option("--port", "-p", type=int, default=8001, show_default=True, envvar="PRESSDB_PORT")
@click.option("--open", "open_browser", is_flag=True, help="Open the archive in a browser.")
@click.option(
    "--immutable",
    is_flag=True,
    envvar="PRESSDB_IMMUTABLE",
    help="Serve a finished archive immutable: no locking, table counts taken once. Never while a build writes.",
)
@click.option(
    "--sql",
    "allow_sql",
    is_flag=True,
    envvar="PRESSDB_SQL",
    help="Let visitors run their own SQL (off by default: canned queries only).",
)
@click.option(
    "--time-limit",
    "time_limit_ms",
    type=click.IntRange(min=10),
    default=3000,
    show_default=True,
    envvar="PRESSDB_TIME_LIMIT",
    help="Milliseconds any one query may run before it is stopped.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    db: Path,
    host: str,
    port: int,
    open_browser: bool,
    immutable: bool,
    allow_sql: bool,
    time_limit_ms: int,
) -> None:
    """Serve the archive with Datasette, read-only.

    Read connections open the archive in SQLite's read-only mode, so it can be served while
    `pressdb build` writes to it: releases appear as they are committed. --immutable is for a
    finished archive: faster counts, but it must not change while served. Visitors run the
    canned queries only, unless --sql allows their own (each query stops after --time-limit).

    Without --db, a missing archive.db is built from the bundled corpus first; an archive named
    with --db must exist.

    Example: pressdb serve --db archive.db --port 8001
    """
    from extract.build import build as run_build
    from extract.resources import corpus_dir
    from extract.serve import PortInUse
    from extract.serve import serve as run_serve

    if not db.exists():
        if ctx.get_parameter_source("db") not in (click.core.ParameterSource.DEFAULT, None):
            raise click.ClickException(
                f"{db} does not exist. Build it first: pressdb build [PATH ...] --db {db}"
                " (without PATH the bundled corpus)"
            )
        click.echo(f"{db} does not exist: building the bundled corpus first", err=True)
        result = run_build(
            [_shown(corpus_dir())], db, on_error=lambda m: click.secho(f"error: {m}", fg="red", err=True)
        )
        click.echo(result.summary(db), err=True)
    try:
        run_serve(
            db,
            host=host,
            port=port,
            open_browser=open_browser,
            immutable=immutable,
            allow_sql=allow_sql,
            sql_time_limit_ms=time_limit_ms,
        )
    except (ValueError, PortInUse) as exc:
        raise click.ClickException(str(exc)) from exc


cli.add_command(audit_command)
cli.add_command(check_command)


@cli.group()
def gazetteer() -> None:
    """The gazetteer of Saxon municipalities, from the official register."""


@gazetteer.command("build")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="Folder with the Destatis GV-ISys files (AuszugGV*.xlsx, Gebietsaenderungen*.xlsx).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the gazetteer (default: the package's data folder).",
)
def gazetteer_build(source: Path, out: Path | None) -> None:
    """Build the gazetteer from the official Destatis GV-ISys files.

    Example: pressdb gazetteer build --from ../shared/data/destatis
    """
    from extract.errors import GazetteerError
    from extract.gazetteer_import import build_gazetteer
    from extract.resources import data_dir

    try:
        summary = build_gazetteer(source, out or data_dir() / "gazetteer")
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":  # pragma: no cover
    cli()
