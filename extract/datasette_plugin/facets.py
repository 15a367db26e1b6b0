"""Facets of type "counted": Datasette's column facets, read from facet_counts when the page has no filters.

Datasette counts a facet by grouping the rows the page selects: on a table of a million releases that is
some 100 ms a facet, over the facet time limit. For a table page without filters the counts are the same
for every visitor, and schema.sql keeps them in ``facet_counts`` as the rows are written (the columns of
``summaries.FACET_COLUMNS``). metadata.yml names such facets ``{counted: column}``; with a filter, a search
or a next page, a counted facet is Datasette's column facet and groups the rows selected.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

COUNTS_SQL = (
    "SELECT value, count FROM facet_counts WHERE table_name = :table AND column_name = :column AND count > 0"
    " ORDER BY count DESC, value LIMIT :limit"
)


class CountedFacet(ColumnFacet):  # type: ignore[misc]
    type = "counted"

    def unfiltered(self) -> bool:
        """Whether the page selects every row of the table (Datasette adds a WHERE clause for any filter)."""
        whole = f"from {escape_sqlite(self.table)}" if self.table else None
        return bool(whole) and not self.params and self.sql.rstrip().endswith(whole)

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        if not self.unfiltered():
            return await super().facet_results()  # type: ignore[no-any-return]
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                rows = (
                    await self.ds.execute(
                        self.database,
                        COUNTS_SQL,
                        {"table": self.table, "column": column, "limit": size + 1},
                        custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                    )
                ).rows
            except QueryInterrupted:
                timed_out.append(column)
                continue
            except sqlite3.OperationalError:  # an archive without facet_counts: Datasette's own count
                return await super().facet_results()  # type: ignore[no-any-return]
            values = [row["value"] for row in rows[:size]]
            labels = await self.ds.expand_foreign_keys(self.database, self.table, column, values)
            # Without filters no value is selected: each leads to the page filtered by it.
            name = f"{column}__exact" if column.startswith("_") else column
            hide = path_with_removed_args(self.request, {f"_facet_{self.type}": column})
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(hide),
                    "results": [
                        {
                            "value": row["value"],
                            "label": labels.get((column, row["value"]), row["value"]),
                            "count": row["count"],
                            "toggle_url": self.ds.absolute_url(self.request, self._filtered_by(name, row["value"])),
                            "selected": False,
                        }
                        for row in rows[:size]
                    ],
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out

    def _filtered_by(self, name: str, value: Any) -> str:
        return str(self.ds.urls.path(path_with_added_args(self.request, {name: value})))


@hookimpl
def register_facet_classes() -> list[type]:
    return [CountedFacet]
