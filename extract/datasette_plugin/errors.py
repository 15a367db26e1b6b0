"""Errors and refusals as German pages with a way back, never a traceback."""

from __future__ import annotations

import sys
from typing import Any

from datasette import Response, hookimpl
from markupsafe import escape

from extract.datasette_plugin.rendering import _archive, _render_html
from extract.datasette_plugin.urls import ROUTE

_ERROR_DE = (
    ("Database not found", "Diese Datenbank gibt es hier nicht"),
    ("Table not found", "Diese Tabelle gibt es nicht"),
    ("Row not found", "Diesen Eintrag gibt es nicht"),
    ("Page not found", "Diese Seite gibt es nicht"),
    ("404", "Diese Seite gibt es nicht"),
)


def _german(message: str) -> str:
    for english, german in _ERROR_DE:
        if message.startswith(english):
            rest = message[len(english) :].lstrip(": ")
            return f"{german}: {rest}" if rest and english != "404" else german
    return message


def _error_html(title: str, message: str, home: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="de"><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<h1>{escape(title)}</h1><p>{escape(message)}</p><p><a href="{escape(home)}">Zur Startseite</a></p></html>'
    )


async def _error_page(datasette: Any, request: Any, status: int, title: str, message: str) -> Response:
    home = datasette.urls.path(f"{ROUTE}/")
    if request is not None and request.path.split("?")[0].endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status, "title": title}, status=status)
    try:
        db = await _archive(datasette)
        html = await _render_html(
            datasette,
            request,
            "pressdb_error.html",
            {"status": status, "title": title, "message": message, "home": home, "database": db.name if db else None},
        )
    except Exception as exc:  # noqa: BLE001 - the error page must answer even when templates fail
        print(f"pressdb: error page failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        html = _error_html(title, message, home)
    return Response.html(html, status=status)


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """Every error as a German page with a way back; a one-line log for real failures, never a traceback."""
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    async def inner() -> Response:
        status = 500
        message = str(exception)
        if isinstance(exception, Base400):
            status = exception.status
            message = _german(str(exception.args[0]) if exception.args else "")
        elif isinstance(exception, DatasetteError):
            status = exception.status
            message = _german(str(exception.message))
        titles = {
            404: "Nicht gefunden",
            403: "Nicht erlaubt",
            400: "Ungültige Anfrage",
        }
        title = titles.get(status, "Fehler" if status < 500 else "Interner Fehler")
        if status >= 500:
            path = request.path if request is not None else "?"
            print(f"pressdb: {status} on {path}: {type(exception).__name__}: {exception}", file=sys.stderr)
            # The details stay in the server's log line: a visitor learns nothing about the SQL behind the page.
            message = (
                "Beim Erstellen dieser Seite ist ein Fehler aufgetreten; er ist im Protokoll des Servers vermerkt."
            )
        return await _error_page(datasette, request, status, title, message)

    return inner


@hookimpl
def forbidden(datasette: Any, request: Any, message: str) -> Any:
    async def inner() -> Response:
        text = "Eigene SQL-Abfragen sind auf diesem Server abgeschaltet; die vorbereiteten Abfragen stehen offen."
        if "sql" not in message.casefold():
            text = f"Kein Zugriff ({message})."
        else:
            text += " Wer das Archiv selbst betreibt, erlaubt sie mit `pressdb serve --sql`."
        return await _error_page(datasette, request, 403, "Nicht erlaubt", text)

    return inner


def _replace_default_error_page() -> None:
    """Drop Datasette 0.65's error handler: it runs for every error after ours and calls rich's
    print_exception outside an exception, which itself fails (a 500 and a traceback for any 404)."""
    from datasette.plugins import pm

    if pm.get_plugin("datasette.handle_exception") is not None:
        pm.unregister(name="datasette.handle_exception")


@hookimpl
def startup(datasette: Any) -> None:
    _replace_default_error_page()
    from extract.datasette_plugin.routes import bound_table_counts, fast_table_permissions

    bound_table_counts(datasette)
    fast_table_permissions(datasette)
