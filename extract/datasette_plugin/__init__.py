"""Datasette plugin: German search functions, links from every fact to its place in the text, document and person pages.

Registered through the ``datasette`` entry point (``pressdb = "extract.datasette_plugin"``): Datasette registers
this package, so every ``@hookimpl`` function is imported here. One module per concern:

- ``formatting``: German words, numbers and dates; Jinja filters and the labels of canned queries
- ``search``: the German search functions in SQLite and the bounds on a visitor's SQL
- ``urls``: addresses of the plugin's pages
- ``cells``: ``render_cell``, links from facts to their place in a release
- ``rendering``: templates (in ``extract/templates/``), the archive, rows: what every page shares
- ``errors``: errors and refusals as German pages
- ``facets``: facets read from the counts the archive keeps (``facet_counts``)
- ``documents``, ``printed``, ``people``, ``communes``, ``statistics``, ``check``: the pages
- ``routes``: the start page, the routes, the menu, the canned queries, the table search

Every string from the archive is escaped before it reaches a page: markupsafe.escape
in Python, Jinja's autoescape in the templates.
"""

from __future__ import annotations

from extract.datasette_plugin.cells import render_cell
from extract.datasette_plugin.check import check_page
from extract.datasette_plugin.communes import commune_page
from extract.datasette_plugin.documents import FACT_SQL, FACT_TABLES, annotate, document_page
from extract.datasette_plugin.errors import forbidden, handle_exception, startup
from extract.datasette_plugin.facets import CountedFacet, register_facet_classes
from extract.datasette_plugin.formatting import (
    CENT_COLUMNS,
    COLUMN_LABELS,
    DATE_COLUMNS,
    EURO_COLUMNS,
    FINDING_DE,
    GRANULARITY_DE,
    KIND_DE,
    MONEY_KIND_DE,
    MONTHS_DE,
    NUMBER_COLUMNS,
    PARAM_LABELS,
    RELATION_DE,
    de_date,
    de_money,
    de_number,
    extra_template_vars,
    measure_name,
    prepare_jinja2_environment,
)
from extract.datasette_plugin.people import person_page
from extract.datasette_plugin.printed import PAGE_CACHE, PAGE_SCALE, _PageCache, page_image, render_page
from extract.datasette_plugin.rendering import TEMPLATES
from extract.datasette_plugin.routes import asgi_wrapper, canned_queries, index_page, menu_links, register_routes
from extract.datasette_plugin.search import (
    HIT_CLOSE,
    HIT_OPEN,
    MAX_MARK_CHARS,
    MAX_PRINTF_WIDTH,
    MAX_QUERY_CHARS,
    MAX_SQL_BYTES,
    MAX_VALUE_BYTES,
    MIN_TERM,
    TERM_RE,
    WORD_RE,
    fts_query,
    mark_hits,
    prepare_connection,
)
from extract.datasette_plugin.statistics import bar_chart, line_chart, sparkline, statistic_page, statistics_page
from extract.datasette_plugin.urls import ROUTE, commune_url, document_url, person_url, shown_source, statistic_url
from extract.lookup import CheckQuery, parse_check  # re-exported for the pages

__all__ = [
    # the hooks Datasette registers from this package
    "asgi_wrapper",
    "canned_queries",
    "extra_template_vars",
    "forbidden",
    "handle_exception",
    "menu_links",
    "prepare_connection",
    "prepare_jinja2_environment",
    "register_facet_classes",
    "register_routes",
    "render_cell",
    "startup",
    # German values, search, addresses, pages
    "CENT_COLUMNS",
    "COLUMN_LABELS",
    "DATE_COLUMNS",
    "EURO_COLUMNS",
    "FACT_SQL",
    "FACT_TABLES",
    "FINDING_DE",
    "GRANULARITY_DE",
    "HIT_CLOSE",
    "HIT_OPEN",
    "KIND_DE",
    "MAX_MARK_CHARS",
    "MAX_PRINTF_WIDTH",
    "MAX_QUERY_CHARS",
    "MAX_SQL_BYTES",
    "MAX_VALUE_BYTES",
    "MIN_TERM",
    "MONEY_KIND_DE",
    "MONTHS_DE",
    "NUMBER_COLUMNS",
    "PAGE_CACHE",
    "PAGE_SCALE",
    "PARAM_LABELS",
    "RELATION_DE",
    "ROUTE",
    "TEMPLATES",
    "TERM_RE",
    "WORD_RE",
    "CheckQuery",
    "CountedFacet",
    "_PageCache",
    "annotate",
    "bar_chart",
    "check_page",
    "commune_page",
    "commune_url",
    "de_date",
    "de_money",
    "de_number",
    "document_page",
    "document_url",
    "fts_query",
    "index_page",
    "line_chart",
    "mark_hits",
    "measure_name",
    "page_image",
    "parse_check",
    "person_page",
    "person_url",
    "render_page",
    "shown_source",
    "sparkline",
    "statistic_page",
    "statistic_url",
    "statistics_page",
]
