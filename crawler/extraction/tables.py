"""Layout tables, read as the blocks they stand for.

Sites of the 2000s (and CMS templates of that age) lay the page out in tables: the header in
one row, the menu in one cell, the story in the cell beside it, with ``<br><br>`` between its
paragraphs. A reader of prose then sees one table and keeps it whole (menus and all) or drops
it. A table that lays out a page, not data, becomes plain blocks here, so the reading can tell
the story's cell from the menu's by their text. The test of a data table is Mozilla
Readability's: a ``role`` of grid, a summary or caption, header cells or sections, or many rows
or columns of short cells; a table that holds another table, or a cell that holds paragraphs,
headings or long text, lays out a page.
"""

from __future__ import annotations

from lxml.html import HtmlElement

__all__ = ["is_layout_table", "unwrap_layout_tables"]

#: Elements a cell of a data table does not hold.
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre"}
)
#: A cell with more text than this is prose, not a datum.
_LONG_CELL = 300
_SECTIONS = ("thead", "tbody", "tfoot")


def is_layout_table(table: HtmlElement) -> bool:
    """Whether ``table`` lays out a page rather than holding data."""
    if table.get("role") in ("grid", "treegrid") or table.get("summary"):
        return False
    if table.get("datatable") == "0":
        return True
    caption = table.find("caption")
    if caption is not None and caption.text_content().strip():
        return False
    if next(table.iterdescendants("table"), None) is not None:
        return True
    if next(table.iterdescendants("th", "thead", "tfoot", "col", "colgroup"), None) is not None:
        return False
    rows = _rows(table)
    for row in rows:
        for cell in _cells(row):
            if next(cell.iterdescendants(*_BLOCKS), None) is not None:
                return True
            if len(cell.text_content()) > _LONG_CELL:
                return True
    columns = max((len(_cells(row)) for row in rows), default=0)
    return len(rows) < 10 and columns <= 4 and len(rows) * columns <= 10


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn every layout table of ``tree`` (and its sections, rows and cells, not those of a
    data table inside it) into ``div`` elements, in place. Returns how many tables it turned."""
    layout = [table for table in tree.iter("table") if is_layout_table(table)]
    for table in layout:
        for row in _rows(table):
            for cell in _cells(row):
                cell.tag = "div"
            row.tag = "div"
        for section in table:
            if section.tag in _SECTIONS:
                section.tag = "div"
        table.tag = "div"
    return len(layout)


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The rows of ``table`` itself (in its sections or directly in it), not of nested tables."""
    rows = []
    for child in table:
        if child.tag in _SECTIONS:
            rows += [row for row in child if row.tag == "tr"]
        elif child.tag == "tr":
            rows.append(child)
    return rows


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [cell for cell in row if cell.tag in ("td", "th")]
