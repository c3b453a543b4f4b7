"""Layout tables (`crawler.extraction.tables`): a page laid out in tables is read by its story
cell, never as one table of menus and text; tables of data stay tables."""

from __future__ import annotations

from datetime import UTC, date, datetime

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.core.items import Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.classify import MIN_WORDS, NOTICE_WORDS
from crawler.extraction.tables import is_layout_table, unwrap_layout_tables

FETCHED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
STORY = [
    "The consulate general opened its new consular office on the ground floor of the building "
    "in the old town, where citizens can now apply for passports and identity cards.",
    "The office is open from Monday to Friday between nine and one o'clock, and on the first "
    "Saturday of every month for citizens who work during the week and cannot come earlier.",
    "Applications for visas are received at the same address; the forms can be downloaded from "
    "this site or collected at the entrance, where the staff will help with any questions.",
]
MENU = ["Home", "News", "Consular services", "Visas", "Culture", "Economy", "Links", "Contact"]


def layout_page(paragraphs: list[str]) -> bytes:
    """A 2000s page: a banner row, then the menu in one cell and the story in the next, its
    title in ``<font>`` and its paragraphs split by ``<br><br>``."""
    menu = "<br>".join(
        f'<a href="/{item.lower()}.asp"><font size=2>{item}</font></a>' for item in MENU
    )
    body = "<br><br>\n".join(paragraphs)
    return f"""<html><head><title>Consulate General</title></head><body>
<table width=760 border=0 cellpadding=0 cellspacing=0>
<tr><td colspan=2><img src="/img/banner.gif" width=760 height=80></td></tr>
<tr><td width=160 valign=top bgcolor="#eeeeee">{menu}</td>
<td width=600 valign=top><font face="Arial" size=4><b>New consular office opened</b></font><br>
<font size=1>Munich, 18.03.2004</font><br><br>
<font face="Arial" size=2>{body}</font></td></tr>
<tr><td colspan=2 align=center><font size=1>Copyright 2004 Consulate General</font></td></tr>
</table></body></html>""".encode()


def test_a_story_in_a_layout_table_is_read_from_its_cell_without_the_menu() -> None:
    result = extract(
        layout_page(STORY), "http://consulate.example/news.asp?id=12", generic_newsroom(), FETCHED
    )
    assert not isinstance(result, Rejected), result
    (story,) = result
    assert STORY[0][:60] in story.text and STORY[2][-40:] in story.text
    assert not any(item in story.text.split("\n") for item in MENU)
    assert "Copyright 2004" not in story.text


def test_a_table_of_data_stays_a_table() -> None:
    tree = lxml.html.fromstring(
        "<div><table><tr><th>Office</th><th>Hours</th></tr>"
        "<tr><td>Passports</td><td>9-13</td></tr><tr><td>Visas</td><td>10-12</td></tr></table>"
        "<table><tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr></table></div>"
    )
    assert [is_layout_table(t) for t in tree.iter("table")] == [False, False]
    assert unwrap_layout_tables(tree) == 0
    assert len(list(tree.iter("td"))) == 9


def test_a_table_inside_a_layout_table_is_judged_on_its_own() -> None:
    tree = lxml.html.fromstring(
        "<table><tr><td><p>Story text</p><table><tr><th>Year</th></tr><tr><td>2004</td></tr>"
        "</table></td></tr></table>"
    )
    assert unwrap_layout_tables(tree) == 1
    assert [t.tag for t in tree.iter("table", "th", "td", "tr")] == [
        "table",
        "tr",
        "th",
        "tr",
        "td",
    ]


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@st.composite
def tables(draw: st.DrawFn, depth: int = 0) -> str:
    """Random tables of random text, some with a header row, some holding another table."""
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        row = []
        for _ in range(draw(st.integers(1, 4))):
            inner = draw(tables(depth + 1)) if depth < 2 and draw(st.booleans()) else ""
            row.append(f"<td>{_escape(draw(cells))}{inner}</td>")
        rows.append("<tr>" + "".join(row) + "</tr>")
    header = "<tr><th>h</th></tr>" if draw(st.booleans()) else ""
    return f"<table>{header}{''.join(rows)}</table>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(tables())
def test_unwrapping_keeps_every_word_and_leaves_no_cell_outside_a_table(markup: str) -> None:
    tree = lxml.html.fromstring(f"<div>{markup}</div>")
    before = tree.text_content()
    unwrap_layout_tables(tree)
    assert tree.text_content() == before
    for cell in tree.iter("td", "th", "tr"):
        assert next(cell.iterancestors("table"), None) is not None


def short_layout_page(paragraphs: list[str], menu: list[str]) -> bytes:
    """A 2000s page whose story is short beside its layout: the site's name in the banner, a
    menu cell with opening hours, the story's cell (date, title, paragraphs, print and back
    links), and a footer row."""
    links = "".join(
        f'<tr><td><a href="/{i}.asp"><b>{item}</b></a></td></tr>' for i, item in enumerate(menu)
    )
    body = "<br><br>\n".join(paragraphs)
    return f"""<html><head><title>Consulate General of Aldoria</title></head><body>
<table width=780 border=0 cellpadding=0 cellspacing=0>
<tr><td colspan=2><font size=5><b>Consulate General of Aldoria</b></font><br>
<font size=2>Generalkonsulat von Aldorien in München</font></td></tr>
<tr><td width=170 valign=top><table width=160>{links}</table>
<table width=150><tr><td><b>Opening hours</b></td></tr>
<tr><td>Mon - Fri<br>09:00 - 13:00<br><br>Emergencies:<br>0171/123 45 67</td></tr></table></td>
<td width=609 valign=top><font size=1 color="#999999">02.11.2004</font><br>
<font size=3 color="#990000"><b>Consular day in Augsburg</b></font><br>
<font size=2>{body}</font><br><br>
<font size=1><a href="news_print.asp?id=37">Print</a> |
<a href="news.asp">&laquo; Back</a></font></td></tr>
<tr><td colspan=2 align=center><font size=1>&copy; 2003-2004 Consulate General | Tal 8, Munich
| Last change: 15.10.2004<br>Best viewed at 800x600 | <a href="mailto:w@c.example">webmaster</a>
</font></td></tr>
</table></body></html>""".encode()


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(STORY), min_size=1, max_size=2, unique=True),
    st.lists(st.sampled_from(MENU), min_size=4, max_size=8, unique=True),
)
def test_a_short_story_beside_its_layout_is_read_from_its_title_to_its_last_sentence(
    paragraphs: list[str], menu: list[str]
) -> None:
    """trafilatura keeps a whole layout whose story is short: the story is what stands
    between its title and its last sentence, not the banner, menu, hours or footer."""
    result = extract(
        short_layout_page(paragraphs, menu),
        "http://consulate.example/news.asp?id=37",
        generic_newsroom(),
        FETCHED,
    )
    assert not isinstance(result, Rejected), result
    (story,) = result
    lines = story.text.split("\n\n")
    assert lines[0] in ("Consular day in Augsburg", paragraphs[0])
    assert lines[-1] == paragraphs[-1]
    assert not set(lines) & {
        *MENU,
        "Opening hours",
        "Print",
        "Generalkonsulat von Aldorien in München",
    }


@settings(deadline=None)
@given(st.integers(NOTICE_WORDS, MIN_WORDS - 10), st.lists(st.sampled_from(MENU), min_size=4))
def test_a_notice_of_one_short_sentence_beside_its_layout_is_a_dated_story(
    words: int, menu: list[str]
) -> None:
    """A CuteNews notice of a dozen words in a layout table: no line is long, so its one
    sentence opens the story, under its heading and the date beside it."""
    sentence = " ".join(["Citizens may apply for passports"] + ["today"] * (words - 5)) + "."
    result = extract(
        short_layout_page([sentence], menu),
        "http://consulate.example/news.asp?id=37",
        generic_newsroom(),
        FETCHED,
    )
    assert not isinstance(result, Rejected), result
    (story,) = result
    assert story.published == date(2004, 11, 2)
    assert story.text.split("\n\n")[-1] == sentence
    assert "Opening hours" not in story.text and "webmaster" not in story.text
