"""The lines around a story on its page, read as a reader sees them: the story's own heading
(its title where the page's <title> names only the site) and the date a short line beside it
or under its text states. For pages read whole (the generic reading), where old templates give
every page one <title> and state the date only in the story's table cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from urllib.parse import SplitResult, parse_qsl, unquote, urljoin, urlsplit

import lxml.etree
from lxml.html import HtmlElement

from crawler.extraction.classify import announces_event, filed_among_news, names_news
from crawler.extraction.dates import (
    MONTHS,
    PUBLISHED_LABEL,
    PUBLISHED_LABEL_ONLY,
    UPDATED_LABEL,
    StatedDate,
    find_date,
    find_stated_date,
    published_part,
    written_dates,
)
from crawler.extraction.elements import (
    CHROME,
    CJK,
    HEADINGS,
    count_words,
    holds_story,
    machine_date,
    page_header,
    paragraphs,
    squash,
    visible_text,
    word_list,
)
from crawler.extraction.fields import (
    box_namer,
    clean_title,
    dateline_date,
    first_text,
    publication_microdata,
)
from crawler.extraction.links import (
    another_page_titled,
    closing_links,
    is_home,
    names_a_language,
)
from crawler.extraction.page import Page

__all__ = [
    "Frame",
    "Framed",
    "Line",
    "laid_out_story",
    "lead_date",
    "page_lines",
    "published_metadata",
    "stated_date",
    "story_frame",
    "story_title",
    "teaser",
    "title_and_stated_date",
    "update_days",
]

#: Elements whose whole text stands out as a heading.
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "b", "strong", "big"})
#: ... and those a template names so: <td class="contentheading">, <div id="naslov">.
_HEADING_NAME = re.compile(r"title|heading|headline|naslov|наслов", re.IGNORECASE)
#: The boxes beside a story, as `crawler.extraction.fields.without_boxes` drops them, told
#: apart while the lines are read (one walk, no second XPath over the page).
_BOX_TAGS = frozenset({"aside", "nav", "footer"})
#: Elements that are no text a reader sees.
_UNSEEN = frozenset({"script", "style", "noscript", "select", "option", "textarea", "head"})
_LINE_BREAKS = frozenset({*_HEADING_TAGS, "br", "p", "div", "li", "td", "th", "tr", "table"})
_BLOCK_LIKE = frozenset(
    {"h5", "h6", "ul", "ol", "dl", "dd", "dt", "pre", "blockquote", "center", "form", "section"}
    | {"article", "header", "footer", "figure", "figcaption", "tbody", "thead", "tfoot"}
)
#: Words of a paragraph of prose, where a story's lead is looked for (`lead_date`).
_LEAD_WORDS = 12
#: Words a lead's date is within the first of: "On Wednesday, 25 November 2026," is five.
_LEAD_OPENING = 6
#: How recent a day further on in a lead's first sentence must be, counted from the fetch.
_LEAD_RECENT = timedelta(days=31)
#: Words a sentence goes on with after a date further on in it ("... a call was published
#: on 1 December 2026 for students from Serbia"), not a teaser's "News ... 01.12.2026.".
_LEAD_AFTER = 3
#: A sentence's closing day, said so: a preposition, the day, its month's name and the year
#: ("on 3 December 2026.", "dňa 3. decembra 2026.", "am 3. Dezember 2026.").
_ON_DAY = re.compile(
    r"^(?:on|dne|dňa|dana|am|le|el|il|w|v|u|на|у)\s+\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}\.?$",
    re.IGNORECASE,
)
#: A sentence opening with the day a rule applies from ("From 1 January 2027, ...", "Od 1.
#: januara ...", "自2023年11月7日起"): a notice's, not the day a report was published.
_FROM_DAY = re.compile(
    r"^\W*(?:from|since|as of|starting|effective|od|počev|почев|ab|seit|à partir|dès"
    r"|a partire|dal|desde|începând)(?=[\W\d])"
    # Short words that open other sentences too ("С официальным визитом", "De la Belgrad"):
    # only right before the day's number.
    r"|^\W*(?:од|от|с|з|від|vanaf|från|fra|de la)\s+\d|^\W*[自从從]",
    re.IGNORECASE,
)
_CJK = re.compile(f"[{CJK}]")
#: The page's text nodes short enough to be a line of their own.
_TEXTS = lxml.etree.XPath("//body//text()[string-length(normalize-space()) < 200]")
#: Where a sentence may end: a stop and a space, or a full stop of Japanese or Chinese.
_STOP = re.compile(r"[.!?]\s+|[。！？]")
#: Elements that start a line of their own.
_BREAKS = _LINE_BREAKS | _BLOCK_LIKE
#: Elements that hold a line of text (not a bold label in it, nor a line break).
_BLOCKS = _BREAKS - _HEADING_TAGS - {"br"} | {"h1", "h2", "h3", "h4"}
_WORD = re.compile(r"\w+")
#: What joins the two ends of a period of days ("15 Jun 2016 - 12 Dec 2016").
_RANGE = re.compile(r"\s+[-–—]\s+|\s+(?:to|until|do|bis|au)\s+", re.IGNORECASE)
#: Days of one month, the month and year written once: "3 - 4 December 2026", "3–4. decembar
#: 2026.", "December 3-4, 2026" (not a numeric date's "11-20" of "2026-11-20" or "20-11-2026").
_DAY_SPAN = re.compile(
    r"(?<![\d.:\-/])\b(?P<first>\d{1,2})\.?\s*[-–—]\s*(?P<last>\d{1,2})\b(?!\s*[-./:]\s*\d)"
)
#: The longest period that is an event's days (a conference, a visit, an exhibition); a longer
#: one is an archive's or a report's.
_EVENT_DAYS = 31
#: How far ahead an event's day may be announced; a later day is a typo.
_EVENT_AHEAD = timedelta(days=366)
#: What separates the parts of a <title>, as `clean_title` splits "Story | Site".
_TITLE_PARTS = re.compile(r"\s+[|–—:»·-]\s+")
#: How many lines a heading may stand above the story's text (a date, a byline, font buttons).
_HEADING_REACH = 5
#: The share of a heading's text its link holds when the heading is a link (a teaser's title).
_LINKED_SHARE = 0.8
#: Words of a line of the page's that is a sentence, where a day written out is the text's.
_WRITTEN_WORDS = 8
#: Words of a line that opens with a date and is a date line, not a title: the date, its
#: hours and a place or a type ("10 December 2026 10:00 – 12:00 CET | Belgrade, Serbia").
_DATED_HEAD_WORDS = 10
#: Lines between two paragraphs of one text (a caption, a pull quote), at most.
_RUN_GAP = 3
#: Further places a short first line of a reading is looked for when its next paragraphs do
#: not follow the first ("NEWS" in the menu, then over the story).
_MORE_STARTS = 3
#: Short opening lines of a reading passed over when its text does not follow them
#: (`story_frame`), and the words of each at most: a switcher's or a menu's item.
_MORE_OPENINGS = 3
_ITEM_WORDS = 3
#: The most words of a table cell that only gives a date ("Monday, 5 June 2017 10:00").
_DATE_CELL_WORDS = 6
#: A line this short may be a date line; a longer one is a sentence that mentions a date.
_DATE_LINE_WORDS = 15
#: Words of a bold line ending in a stop that make it a lead's sentence, not a heading.
_BOLD_SENTENCE_WORDS = 8
#: Words of a sentence that opens a short notice's text, when no line is longer.
_NOTICE_LINE_WORDS = 6
#: Words of a teaser's title: a shorter linked line that stands out is an author's name or a
#: section's, above a story's text.
_TEASER_WORDS = 4
#: Words of a teaser's text: a summary of a few sentences. A story's text under a linked
#: heading (a video's, a related story's, embedded above it) is longer.
_TEASER_TEXT_WORDS = 100
#: How a paragraph of sentences ends, closing quotes and brackets aside.
_SENTENCE_END = re.compile(r"[.!?:…;。！？][\"'”’»)\]」』）]*$")
#: How a line of Thai or Lao prose ends: these scripts write no stop after a sentence, and a
#: paragraph ends on a letter or sign of its own script (a date line's "| 412 view" does not).
_UNSTOPPED_END = re.compile(r"[\u0e01-\u0e4e\u0e81-\u0ece][\"'”’»)\]]*$")
#: A line stating when applications or offers are due (a vacancy, a tender, a call), by its
#: label: the page's date is that, not a day a story was published.
_DEADLINE_LINE = re.compile(
    r"^\W*(?:(?:(?:application|registration|submission|nomination) )?deadline|closing date"
    r"|apply by|rok za|rok:|рок за|рок:"
    r"|date limite|date de clôture|bewerbungsfrist|bewerbungsschluss|einsendeschluss|frist:"
    r"|scadenza)",
    re.IGNORECASE,
)
#: A day and the hour after it, The Events Calendar's way: "15. februar 2018 @ 19:00".
_AT_HOUR = re.compile(r"\d\s*@\s*\d{1,2}[:.]\d{2}")
#: The label of an event's place on a line of its own, its value on the next ("Place" over
#: "Belgrade"): an event's fields under its heading.
_PLACE_LABEL = re.compile(
    r"\W*(?:place|venue|location|vieta|mjesto|mesto|место|lieu|ort|luogo|lugar|miejsce"
    r"|místo|helyszín)\W*",
    re.IGNORECASE,
)
#: A line of an event's schedule ("When: 4 June 2019 9:00 AM - 1:00 PM"): the day an event
#: takes place, not the day a story was published.
_SCHEDULE_LINE = re.compile(
    r"^\W*(?:when|where|venue|date and time|kada|када|gde|где|quand|lieu|wann|wo|ort"
    r"|starts?|begins|po[čc]etak|почетак|beginn|d[ée]but|inicio|inizio)\s*:"
    r"|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|h)?\s*[-–—]\s*\d{1,2}[:.]\d{2}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One line of a page as a reader sees it: its text, whether all of it stands out as a
    heading (bold, a heading element, a large font), and whether any of it is a link."""

    text: str
    heading: bool
    element: HtmlElement = field(compare=False, repr=False)  # where its first words are
    linked: str = ""  # the text of its links

    @property
    def link(self) -> bool:
        return bool(self.linked)


@dataclass(frozen=True)
class Frame:
    """Where a story sits among its page's lines: the lines of the page, the first line of the
    story's text, the first of its prose (after a heading or date line the text may open with),
    the text's last line, and its heading's line (None when it has none)."""

    lines: tuple[Line, ...]
    start: int
    prose: int
    end: int
    heading: int | None


def page_lines(tree: HtmlElement) -> list[Line]:
    """The page's visible lines, without the boxes beside its story (`without_boxes`)."""
    lines: list[Line] = []
    chunks: list[tuple[str, bool, bool, HtmlElement]] = []
    box_name = box_namer(tree)

    def flush() -> None:
        if not chunks:  # a block right after another: nothing read since
            return
        text = squash("".join(c[0] for c in chunks))
        if text:
            seen = [c for c in chunks if c[0].strip()]
            heading = all(c[1] for c in seen)
            linked = squash(" ".join(c[0] for c in seen if c[2])) if any(c[2] for c in seen) else ""
            lines.append(Line(text, heading, seen[0][3], linked))
        chunks.clear()

    def walk(node: HtmlElement, parent: HtmlElement | None, heading: bool, link: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        name = ""  # its class and id; "" without either, which no pattern need be tried on
        if tag:
            kind, key = node.get("class"), node.get("id")
            if kind or key:
                name = f"{kind or ''} {key or ''}"
        tail = node.tail
        boxed = (
            bool(name)
            and tag not in ("html", "body")  # the page, whatever its classes ("one-sidebar")
            and box_name(name)
            and not holds_story(node)
        )
        if not tag or tag in _UNSEEN or (tag in _BOX_TAGS and not _own_footer(node)) or boxed:
            if tail and parent is not None:
                chunks.append((tail, heading, link, parent))
            return
        breaks = tag in _LINE_BREAKS or tag in _BLOCK_LIKE
        inner = heading or _stands_out(node, tag, name)
        inner_link = link or tag == "a"
        if breaks:
            flush()
        if text := node.text:
            chunks.append((text, inner, inner_link, node))
        for child in node:
            walk(child, node, inner, inner_link)
        if breaks:
            flush()
        if tail and parent is not None:
            chunks.append((tail, heading, link, parent))

    body = tree.find("body")
    top = body if body is not None else tree
    walk(top, top.getparent(), False, False)
    flush()
    return lines


def _own_footer(node: HtmlElement) -> bool:
    """Whether ``node`` is an article's own ``<footer>`` that says when it was published
    (Drupal's "<article><footer class="node__meta"><time>Tue, 12/01/2026 - 10:12</time>"):
    one holding a ``<time>``, or set above the story's text; not the page's footer, nor the
    one that closes an article (a photo's credit, a printout's line, the next event)."""
    return (
        node.tag == "footer"
        and next(node.iterancestors("article"), None) is not None
        and (
            next(node.iter("time"), None) is not None
            or next(node.itersiblings(), None) is not None  # above the story's text
        )
    )


def _stands_out(node: HtmlElement, tag: str, name: str) -> bool:
    if tag in _HEADING_TAGS:
        return True
    if tag == "font":
        size = (node.get("size") or "").strip()
        return size.startswith("+") or (size.isdigit() and int(size) >= 3)
    return bool(name) and _HEADING_NAME.search(name) is not None


def story_frame(page: Page, text: str) -> Frame | None:
    """Where the story's ``text`` (as read from the whole page) sits among the page's lines,
    and its heading: the nearest line above the text (or the text's own first line) that
    stands out as a heading and is no link. None when the text is not found on the page."""
    paragraphs = [p for p in text.split("\n") if _WORD.search(p)]
    if not paragraphs:
        return None
    lines = tuple(page_lines(page.tree))
    keys = [_words(line.text) for line in lines]
    first = _words(paragraphs[0])
    found = _find_line(keys, first, 0)
    if found is None:
        return None
    start, end = _run(lines, keys, paragraphs, found)
    # A short first line of the reading may stand on the page more than once ("NEWS", the
    # menu's link, then the section's title over the story): the text starts at the one its
    # next paragraphs follow.
    tries = _MORE_STARTS if len(first) <= _DATE_LINE_WORDS and len(paragraphs) > 1 else 0
    while end == start and tries and (found := _find_line(keys, first, found + 1)) is not None:
        tries -= 1
        later, last = _run(lines, keys, paragraphs, found)
        if last > later:
            start, end = later, last
    # A reading may open with a few short lines from elsewhere on the page, apart from its
    # text (a language switcher's items trafilatura kept: "- Ћирилица", "- Latinica", then
    # the heading, far below them): where the run from its first line holds no long line, the
    # text starts at the next of its opening lines whose run does; past items of a menu's
    # words only (`_ITEM_WORDS`: not a cookie notice), and not past a heading (the story's
    # own, its date and "Last updated" line under it, a gap before its text).
    for skipped in range(1, min(_MORE_OPENINGS, len(paragraphs) - 1) + 1):
        if _holds_long(keys, start, end):
            break
        passed = _words(paragraphs[skipped - 1])
        at = _find_line(keys, passed, 0)
        if len(passed) > _ITEM_WORDS or (at is not None and _is_heading(lines[at], keys[at])):
            break
        # Its copies in turn: a box above the story may show its title too.
        words, after, copies = _words(paragraphs[skipped]), 0, _MORE_STARTS
        while copies and (opening := _find_line(keys, words, after)) is not None:
            copies, after = copies - 1, opening + 1
            later, last = _run(lines, keys, paragraphs[skipped:], opening)
            if _holds_long(keys, later, last):
                start, end = later, last
                break
    long = [
        index
        for index in range(start, end + 1)
        if len(keys[index]) > _DATE_LINE_WORDS and not _is_heading(lines[index], keys[index])
    ]
    # The prose: the first long line that reads as sentences (a long tagline in the banner,
    # read with the story when trafilatura keeps the whole page, does not end like one).
    # A short notice has no long line: its first sentence of a few words opens it.
    prose = next(
        (
            i
            for i in long
            if _SENTENCE_END.search(lines[i].text) or _UNSTOPPED_END.search(lines[i].text)
        ),
        next(
            (
                index
                for index in range(start, end + 1)
                if len(keys[index]) >= _NOTICE_LINE_WORDS
                and _SENTENCE_END.search(lines[index].text)
                and not _is_heading(lines[index], keys[index])
            ),
            long[0] if long else end,
        ),
    )
    heading = None
    reach = range(prose - 1, _reach(lines, keys, prose) - 1, -1)
    for index in reach:
        line = lines[index]
        if not _is_heading(line, keys[index]):
            continue
        if _lead(line, keys[index]) and any(
            _is_heading(lines[above], keys[above]) and not _lead(lines[above], keys[above])
            for above in range(index - 1, reach.stop, -1)
        ):
            continue  # a bold lead under the story's heading (Hungary's embassy)
        if (titled := _title_above_bold(page, lines, keys, index)) is not None:
            heading = titled  # over a bold line of the text ("Nota de prensa 563 - 26")
            break
        if heading is None:
            heading = index
        if not _label(line):
            heading = index  # a title above a label ("FOR IMMEDIATE RELEASE") heads it
            break
    return Frame(lines, start, prose, end, heading)


def _title_above_bold(
    page: Page, lines: tuple[Line, ...], keys: list[list[str]], index: int
) -> int | None:
    """The line of the story's own heading element above line ``index``, when ``index``
    stands out only by its bold type (<b>, <strong>, in no heading element): a line of the
    story's text (gob.pe's bulletin number "Nota de prensa 563 - 26" over its first
    paragraph, under the <h1>, a label, tags, the date and a photo's credit). The heading
    element is the nearest above, within twice `_HEADING_REACH` lines; the page's ``<title>``
    names it as one of its parts (`_in_document_title`, "Story - Site") and it is not the
    site's name (a banner's "Ministry of Foreign Affairs" over an old portal's bold titles,
    its ``<title>`` the site's name alone); it stands in one box with the bold line, not only
    in the page's <body>; and no line between them stands out as a link (a row of tools,
    "Print", a teaser's heading). None otherwise."""
    if _in_heading_element(lines[index]):
        return None
    for above in range(index - 1, max(index - 1 - 2 * _HEADING_REACH, -1), -1):
        line = lines[above]
        if not (_in_heading_element(line) and _is_heading(line, keys[above])):
            continue
        if (
            len(keys[above]) >= _TEASER_WORDS
            and _in_document_title(page, line.text)
            and _words(line.text) != _words(first_text(page, ("title",)))
            and clean_title(page, line.text)  # empty: the site's name (`clean_title`)
            and _one_box(line.element, lines[index].element)
            and not any(
                lines[between].link and lines[between].heading
                for between in range(above + 1, index)
            )
        ):
            return above
        return None
    return None


def _one_box(one: HtmlElement, other: HtmlElement) -> bool:
    """Whether ``one`` and ``other`` stand in one element below the page's <body>, other
    than a layout table's (a banner's cell and the story's cell share only their table)."""
    mine = set(one.iterancestors())
    common = next((a for a in other.iterancestors() if a in mine), None)
    return common is not None and common.tag not in ("body", "html", "table", "tbody", "tr")


def _in_heading_element(line: Line) -> bool:
    """Whether ``line`` is (in) an <h1>-<h6> element."""
    return any(e.tag in HEADINGS for e in chain((line.element,), line.element.iterancestors()))


def _holds_long(keys: list[list[str]], start: int, end: int) -> bool:
    """Whether the lines ``start`` to ``end`` (their `_words`) hold one longer than a date
    line (`_DATE_LINE_WORDS`): a run of a reading that reached its text."""
    return any(len(keys[index]) > _DATE_LINE_WORDS for index in range(start, end + 1))


def _run(
    lines: tuple[Line, ...], keys: list[list[str]], paragraphs: list[str], start: int
) -> tuple[int, int]:
    """The first and last lines of the page that the reading's ``paragraphs`` stand on in
    one run, its first found at ``start``."""
    # A reading may put the story's lead after the paragraphs that follow it on the page
    # (trafilatura reads a "full text" box before its "intro text" box): the text starts at
    # the first line of the page, just above, that one of its paragraphs opens.
    others = [_words(paragraph) for paragraph in paragraphs[1:]]
    for index in range(start - 1, max(start - 1 - _RUN_GAP, -1), -1):
        key = keys[index]
        if len(key) > _DATE_LINE_WORDS and any(words[: len(key)] == key for words in others):
            start = index
    # The text's end: its last paragraph in one run from its first (trafilatura may add a
    # credit line from the page's foot, which would put the text's end there).
    end = start
    # Under a heading the reading opens with, its lines (a summary, a byline, a share bar)
    # may stand between it and the text, as far as a heading may stand above it.
    headed = _is_heading(lines[start], keys[start])
    gap = _HEADING_REACH + 1 if headed else _RUN_GAP
    # Among the lines under that heading (no paragraph of prose found yet), a few short
    # paragraphs may be parts of one line ("Atualizado em ..." after "Publicado em ...").
    opening, skips = True, _HEADING_REACH if headed else 0
    for paragraph in paragraphs[1:]:
        words = _words(paragraph)
        if end > start and 0 < len(words) < len(keys[end]) and keys[end][-len(words) :] == words:
            continue  # the rest of the line found last, read apart ("22 October 2026", "Print")
        found = _find_line(keys, words, end + 1)
        if found is None and opening and skips and len(words) <= _DATE_LINE_WORDS:
            skips -= 1
            continue
        if found is None or found > end + gap:
            break
        end, gap = found, _RUN_GAP
        opening = opening and len(words) <= _DATE_LINE_WORDS
    return start, end


def _reach(lines: tuple[Line, ...], keys: list[list[str]], prose: int) -> int:
    """The highest line a heading of the prose at ``prose`` may stand on: `_HEADING_REACH`
    lines above it, not counting the short cells of its table's rows of a label and a value
    (a SharePoint item's form: "Start_Publishing | 18/03/2026", "Panel_Page | SET")."""
    row = next(lines[prose].element.iterancestors("tr"), None)
    table = row.getparent() if row is not None else None
    index, counted = prose, 0
    while index > 0 and counted < _HEADING_REACH:
        index -= 1
        counted += not (
            table is not None
            and len(keys[index]) <= _DATE_LINE_WORDS
            and (cell_row := next(lines[index].element.iterancestors("tr"), None)) is not None
            and cell_row is not row
            and cell_row.getparent() is table
            and len(cell_row.findall("td")) + len(cell_row.findall("th")) == 2
        )
    return index


def laid_out_story(text: str, frame: Frame | None) -> str:
    """The story's own lines of a reading ``text`` that kept a whole page laid out in tables
    (the site's banner, its menu cell, the story's cell, the footer row): from the heading
    that stands out above its prose (``frame``, `story_frame` of the text) to its last
    sentence. ``text`` as it is when no heading stands there, or when prose comes before it
    (a reading of the story alone)."""
    if frame is None or frame.heading is None:
        return text
    lines = paragraphs(text).split("\n\n")
    keys = [_words(line) for line in lines]
    heading = _words(frame.lines[frame.heading].text)
    prose = _words(frame.lines[frame.prose].text)
    # Where the text's own lines start: its heading, or its prose when the reading left the
    # heading out; where they end: the last sentence, or the prose's line of a short notice.
    start = next((i for i, key in enumerate(keys) if key == heading), None)
    opening = next((i for i, key in enumerate(keys) if key and key == prose[: len(key)]), None)
    if start is None:
        start = opening
    if start is None or any(_sentence(line) for line in lines[:start]):
        return text
    end = max((i for i in range(start, len(lines)) if _sentence(lines[i])), default=opening)
    if end is None or end < start:
        return text
    return "\n\n".join(lines[start : end + 1])


def _sentence(line: str) -> bool:
    """Whether ``line`` is a sentence of prose: longer than a date line, and ending as one."""
    return len(_words(line)) > _DATE_LINE_WORDS and _SENTENCE_END.search(line) is not None


def _is_heading(line: Line, words: list[str]) -> bool:
    """A line that stands out, is no link, is short, and is more than a bold date or a bold
    opening sentence."""
    if not line.heading or line.link or not 1 <= len(words) <= 30:
        return False
    if len(words) > _DATE_LINE_WORDS and line.text.endswith("."):
        return False
    if len(words) <= _DATED_HEAD_WORDS and _opens_with_date(line):
        return False  # "10 December 2026 10:00 – 12:00 CET | Belgrade", "20 November 2026 |
        # Publication": a date line in the title's box, under the title
    if len(words) <= 4 or PUBLISHED_LABEL_ONLY.match(line.text):
        # A bold date; a line that opens with when the page was published ("Publicado em
        # 01/12/2026 16h20 Atualizado em ...", a title's box may hold it; not a headline that
        # says a report was published on a day), either order.
        return find_date(line.text, day_first=True) is None
    return True


def _opens_with_date(line: Line) -> bool:
    """Whether ``line`` opens with a date ("10 December 2026", "December 10, 2026",
    "10.12.2026.": its first word a number or a month's name, a date in its first three) and
    is no heading element's (a headline may open with its day: "<h1>December 2, 2026 Remarks
    at the Security Council</h1>")."""
    opening = line.text.split()[:3]
    if not opening or not (
        any(c.isdigit() for c in opening[0]) or opening[0].strip(".,").casefold() in MONTHS
    ):
        return False
    if _in_heading_element(line):
        return False
    return find_date(" ".join(opening), day_first=True) is not None


def _lead(line: Line, words: list[str]) -> bool:
    """Whether ``line`` is a lead's sentence set in bold type alone (<b>, <strong>, in no
    heading element): more than `_BOLD_SENTENCE_WORDS` words ending in a stop."""
    if len(words) <= _BOLD_SENTENCE_WORDS or not line.text.endswith("."):
        return False
    tags = {e.tag for e in chain((line.element,), line.element.iterancestors())}
    return bool(tags & {"b", "strong"}) and not tags & HEADINGS


def _words(text: str) -> list[str]:
    return word_list(text)


def _find_line(keys: list[list[str]], paragraph: list[str], since: int) -> int | None:
    """The first line from ``since`` on that starts with the paragraph's first words, else
    the first the paragraph starts with (a heading trafilatura joined to the text's first
    sentence; a banner line that only begins like the paragraph loses to the paragraph)."""
    opening = paragraph[:12]
    for index in range(since, len(keys)):
        if keys[index][: len(opening)] == opening:
            return index
    for index in range(since, len(keys)):
        key = keys[index]
        if len(key) >= 3 and key == paragraph[: len(key)]:
            return index
    return None


@dataclass(frozen=True)
class Framed:
    """What the frame of a story's text tells: its title, the date stated beside it (None
    when the page does not state one there), whether the text is another page's teaser
    (`teaser`), and whether, stating no date, it states the days of an event beside its
    heading (`event`: "3 - 4 December 2026", the page of a conference) or a deadline (`call`:
    "Deadline: 04.12.2026", a vacancy's or a tender's page); and the kind of reference page
    its date line names (`typed_reference`: "14 March 2026 | Fact sheet"), or None."""

    title: str
    stated: date | None
    teaser: bool
    event: bool = False
    call: bool = False
    reference: str | None = None


def title_and_stated_date(
    page: Page, title: str, text: str, dated: bool, frame: Frame | None = None
) -> Framed:
    """`story_title` and, for a story not ``dated`` otherwise, `stated_date`, read in the
    frame of the story's ``text``, and whether that text, `_TEASER_TEXT_WORDS` words or
    fewer, is a `teaser`: a ``title`` the page names its story by (`_titled_so`) stays, and
    a page whose metadata states its publication gets no stated date. ``frame``: the text's
    frame when it was read already (`story_frame`)."""
    # A title the page names its story by, unless its <title> names another (a banner's <h1>
    # beside the heading the <title> says: `story_title`).
    keeps_title = (
        bool(title)
        and _titled_so(page, title)
        and (_in_document_title(page, title) or not _titles_a_heading(page))
    )
    wants_date = not dated and not published_metadata(page)
    short = len(_words(text)) <= _TEASER_TEXT_WORDS
    # The frame is a walk over the whole page: only when one of them needs it, and once.
    if frame is None and (wants_date or short or not keeps_title):
        frame = story_frame(page, text)
    if not keeps_title:
        title = story_title(page, title, frame)
    stated, event, call = _stated(page, frame) if wants_date else (None, False, False)
    is_teaser = short and (teaser(page, frame) or teaser_item(page, text))
    return Framed(title, stated, is_teaser, event, call, typed_reference(page, frame))


def typed_reference(page: Page, frame: Frame | None) -> str | None:
    """The kind of page a label right above the story's heading names (`_KICKER_KIND`:
    "Usluga", a service's), or a short line between the heading and its prose beside a date,
    where that kind is a reference's, no story's: "14 March 2026 | Fact sheet",
    "20 November 2026 | Publication" (WHO's pages say what they are on their date line); on
    a page filed among the news, whose date line names its category ("| Q&A": an
    interview), only a kind its address names too ("/news-room/fact-sheets/item/measles")."""
    if frame is None:
        return None
    if _decided_on(frame) and not filed_among_news(page.url):
        return "decision"  # a story filed among the news may show when it was decided
    if frame.heading is None:
        return None
    among_news = filed_among_news(page.url)
    folders = _NOT_LETTER.sub("", urlsplit(page.url).path.casefold().rsplit("/", 1)[0])

    def filed_so(kind: str) -> bool:
        # under the news, a kind its folders file it as too ("/news-room/fact-sheets/")
        return not among_news or _NOT_LETTER.sub("", kind.casefold()).rstrip("s") in folders

    if frame.heading > 0:
        # A label right above the heading, in the heading's own box, that names a
        # reference's kind: gov.me's "Usluga" (a service's page) where its stories say
        # "Vijest"; not a section's banner above the story ("Documents").
        above, heading = frame.lines[frame.heading - 1], frame.lines[frame.heading]
        # the label alone, or beside the date: "Video, 16.11.2025" (diplo.de)
        kinds = [
            part
            for part in _KICKER_APART.split(squash(above.text))
            if part and find_date(part, day_first=True) is None
        ]
        boxes = list(heading.element.iterancestors())[:2]
        if (
            not above.link
            and len(kinds) == 1
            and _KICKER_KIND.fullmatch(kinds[0])
            and any(box in boxes for box in list(above.element.iterancestors())[:3])
            and filed_so(kinds[0])
        ):
            return kinds[0]
    for line in frame.lines[frame.heading + 1 : frame.prose]:
        if not _short(line.text) or line.link:
            continue
        parts = [part.strip() for part in _TYPE_APART.split(line.text)]
        kinds = [part for part in parts if _REFERENCE_KIND.fullmatch(part)]
        if (
            kinds
            and len(parts) > 1
            and find_date(line.text, day_first=True) is not None
            and filed_so(kinds[0])
        ):
            return kinds[0]
    return None


#: A date line's label that says the page is a decision, dated the day it was taken ("Датум
#: одлуке: 15.10.2026.", "Date of judgment: 3 March 2026", a session's conclusions under
#: "Датум седнице:"): a ruling a court or a body publishes, no story (a story reports it,
#: dated the day it was published).
_DECIDED_ON = re.compile(
    r"\W*(?:datum (?:odluke|presude|rešenja|resenja|sednice)"
    r"|датум (?:одлуке|пресуде|решења|седнице)"
    r"|date of (?:the )?(?:decision|judg(?:e)?ment|ruling)|decision date|judg(?:e)?ment date"
    r"|entscheidungsdatum|datum der entscheidung|date de la décision|date de l'arrêt)\s*:",
    re.IGNORECASE,
)


def _decided_on(frame: Frame) -> bool:
    """Whether a line between the story's heading (else `_HEADING_REACH` lines above its
    text) and its prose dates a decision (`_DECIDED_ON`), its date beside the label or on the
    next line (Drupal's field: "Датум одлуке:", then "15.10.2026.")."""
    top = frame.heading if frame.heading is not None else max(frame.start - _HEADING_REACH, 0)
    lines = frame.lines[top : frame.prose]
    for index, line in enumerate(lines):
        if line.link or (label := _DECIDED_ON.match(line.text)) is None:
            continue
        dated = line.text[label.end() :].strip()
        if not dated and index + 1 < len(lines):
            dated = lines[index + 1].text
        if find_date(dated, day_first=True) is not None:
            return True
    return False


#: What is no letter: "Fact sheet" and "/fact-sheets/" compared as "factsheet".
_NOT_LETTER = re.compile(r"[^\w]|[\d_]")


#: What parts a date line's date from the page's kind: "14 March 2026 | Fact sheet".
_TYPE_APART = re.compile(r"\s[|•·]\s")
#: Kinds of pages a date line may name that are no stories: a fact sheet, questions and
#: answers, a publication, an infographic, an event ("Event | 07-12-2026 | Belgrade").
_REFERENCE_KIND = re.compile(
    r"fact ?sheets?|q\s?&\s?a|questions and answers|publications?|infographics?|events?",
    re.IGNORECASE,
)


#: Kinds of pages a label right above the heading may name that are no stories: a service's
#: page, a document's, a fact sheet, an infographic, a video's or a gallery's (one of them:
#: a section's banner names many, "Documents", "Services").
_KICKER_KIND = re.compile(
    r"service|usluga|услуга|dienstleistung|document|dokument|документ|fact ?sheet|infographic"
    r"|video|audio|podcast|photo ?gallery|gallery|bildergalerie|galerie|fotogalerija"
    r"|фотогалерија",
    re.IGNORECASE,
)
#: What parts a label above the heading from the date beside it: "Video, 16.11.2025".
_KICKER_APART = re.compile(r"\s*[|•·,]\s*")


#: Microdata items with a headline, and <article> elements with a heading: a story's, or a
#: teaser's on a listing; and the headline or first heading of one.
_HEADLINED_ITEMS = lxml.etree.XPath(
    "//*[@itemscope][.//*[@itemprop='headline']] | //article[.//h1 or .//h2 or .//h3 or .//h4]"
)
_HEADLINE = lxml.etree.XPath(
    ".//*[@itemprop='headline'] | .//*[self::h1 or self::h2 or self::h3 or self::h4]"
)
#: Words of the line a teaser's item must hold: a sentence of its summary.
_ITEM_LINE_WORDS = 8


def teaser_item(page: Page, text: str) -> bool:
    """Whether ``text`` is the teaser of another page marked up as an item of its own: a
    microdata item (TYPO3's news list, "schema.org/Article" per teaser) or an <article>
    (WordPress's card) that holds the text's longest line and whose headline, of
    `_TEASER_WORDS` words or more, links another page: a listing of one (a topic's filter or
    a category with one story), however the page's other lines frame it (a reading that ran
    the card's lines into one)."""
    longest = max((squash(line) for line in text.split("\n")), key=len, default="")
    if len(longest.split()) < _ITEM_LINE_WORDS:
        return False
    for item in _HEADLINED_ITEMS(page.tree):
        if item.tag in _PAGE_ITEMS or next(item.iter(*_PAGE_ITEMS), None) is not None:
            continue  # the page's own item (schema.org's WebPage on <body>), not a teaser's
        if longest not in squash(item.text_content()):
            continue
        headline = next((h for h in _HEADLINE(item) if _item_of(h) is item), None)
        if headline is None:
            continue
        text = squash(headline.text_content())
        if len(_words(text)) < _TEASER_WORDS:
            continue
        anchor = next(
            (e for e in chain(headline.iterancestors(), headline.iter()) if e.tag == "a"), None
        )
        if anchor is None or len(squash(anchor.text_content())) < _LINKED_SHARE * len(text):
            continue  # a link that is a small part of the headline (SPIP's "[sr]")
        href = (anchor.get("href") or "").strip()
        if href and not href.startswith("#"):
            target = urljoin(page.base, href)
            if not _same_page(target, page.url) and not is_home(target):
                return True
    return False


#: Elements that hold a page, not one teaser.
_PAGE_ITEMS = ("html", "body", "main")


def _item_of(element: HtmlElement) -> HtmlElement | None:
    """The microdata item or <article> nearest around ``element``."""
    return next(
        (
            a
            for a in element.iterancestors()
            if a.tag == "article" or a.get("itemscope") is not None
        ),
        None,
    )


def teaser(page: Page, frame: Frame | None) -> bool:
    """Whether the text of ``frame`` is the teaser of another page: the line right above its
    prose that stands out as a heading (only short lines, a date or a kicker, between them)
    is a title of `_TEASER_WORDS` words or more linking another page, as on a tag or topic
    page or a listing of one, where a story's own heading is no link or links the story
    itself. Text that opens with a heading of its own is no teaser, unless that heading is
    such a title (the reading began at the teaser's title: a listing's last page of one)."""
    if frame is None:
        return False
    if frame.lines[frame.prose].heading:
        first = frame.lines[frame.prose]
        return len(_words(first.text)) >= _TEASER_WORDS and _teaser_heading(page, first)
    for index in range(frame.prose - 1, max(frame.prose - 1 - _HEADING_REACH, -1), -1):
        line = frame.lines[index]
        if line.heading and find_date(line.text) is None:  # a byline may stand out
            return len(_words(line.text)) >= _TEASER_WORDS and _teaser_heading(page, line)
        if not _short(line.text):
            return False
    return False


def story_title(page: Page, title: str, frame: Frame | None) -> str:
    """The story's own heading instead of ``title`` when ``title`` is the site's: old
    templates give every page one ``<title>`` (the site's name, its motto, its call sign) and
    set the story's title in a bold line or a large font above its text."""
    if frame is None or frame.heading is None:
        return title
    heading = clean_title(page, frame.lines[frame.heading].text)
    if not heading or not title:
        return heading or title
    if _words(heading) == _words(title):
        return title
    # A banner's <h1> ("CENTRE OF EXCELLENCE DEFENCE AGAINST TERRORISM" on every page) loses
    # to the heading over the text where the page's <title> names that heading, not it, or
    # the heading right above a subtitle ("17-18 November 2026 in Ankara").
    if not _in_document_title(page, title):
        for line in (frame.lines[i] for i in (frame.heading, frame.heading - 1) if i >= 0):
            named = clean_title(page, line.text)
            if (
                line.heading
                and len(_words(named)) >= _TEASER_WORDS  # no section's name ("News")
                and named.casefold() not in page.site_names
                and _in_document_title(page, named)
            ):
                return named
    if _titled_so(page, title):
        return title
    if _names_the_site(page, title, frame):
        return heading
    # A title the page shows nowhere (a site-wide "Embassy of X - News") loses to a heading
    # of a few words right above the story's text.
    words = _words(title)
    if len(_words(heading)) >= _TEASER_WORDS and not any(
        _within(words, key) for key in map(_words, (line.text for line in frame.lines))
    ):
        return heading
    return title


def _titles_a_heading(page: Page) -> bool:
    """Whether the page's ``<title>`` says what one of its headings says, of `_TEASER_WORDS`
    words or more (`_in_document_title`): only then may a banner's <h1> lose to it."""
    return any(
        len(_words(text := heading.text_content())) >= _TEASER_WORDS
        and _in_document_title(page, text)
        for heading in page.tree.iter("h1", "h2", "h3", "h4")
    )


def _in_document_title(page: Page, text: str) -> bool:
    """Whether the page's ``<title>`` says ``text``, whole or as parts of it side by side
    ("COE-DAT Conducted a Course - COE-DAT")."""
    return tuple(_words(text)) in _document_title_runs(page)


def _document_title_runs(page: Page) -> frozenset[tuple[str, ...]]:
    """The words of each run of the page's ``<title>`` parts side by side (a title that holds
    a separator: "Serbia – Freedonia: a new era"), read once per page (`Page.memo`); never
    the empty run."""
    runs = page.memo.get(_TITLE_RUNS_MEMO)
    if not isinstance(runs, frozenset):
        parts = [_words(part) for part in _TITLE_PARTS.split(first_text(page, ("title",)))]
        runs = frozenset(
            run
            for i in range(len(parts))
            for j in range(i + 1, len(parts) + 1)
            if (run := tuple(chain.from_iterable(parts[i:j])))
        )
        page.memo[_TITLE_RUNS_MEMO] = runs
    return runs


_TITLE_RUNS_MEMO = "document_title_runs"


def _titled_so(page: Page, title: str) -> bool:
    """Whether the page's og:title or one of its h1 headings is ``title``: a template that
    names its stories there names them in its ``<title>`` too. An h1 that says what a link
    to another page of the site says names that page, the story's section ("Press
    Releases" above a press release's own heading), not the story."""
    words = _words(title)
    named = [page.meta("og:title"), page.meta("twitter:title")]
    named += [
        text
        for text in (h1.text_content() for h1 in page.tree.iter("h1"))
        if not another_page_titled(page, " ".join(text.split()))
    ]
    return any(_words(clean_title(page, name)) == words for name in named if name)


def _names_the_site(page: Page, title: str, frame: Frame) -> bool:
    """Whether each part of ``title`` ("Embassy of X - Wellington - News") is written in the
    site's names, its host name, or one line above the story's heading (its banner, its
    menu): then the title names the site, not the story."""
    assert frame.heading is not None
    places = [_words(name) for name in page.site_names]
    places.append(_words(urlsplit(page.url).hostname or ""))
    places += [_words(line.text) for line in frame.lines[: frame.heading]]
    parts = [_words(part) for part in _TITLE_PARTS.split(title)]
    return all(part and any(_within(part, place) for place in places) for part in parts)


def _within(part: list[str], place: list[str]) -> bool:
    """Whether the words of ``part`` stand together, in order, in ``place``."""
    size = len(part)
    return any(place[i : i + size] == part for i in range(len(place) - size + 1))


def stated_date(page: Page, frame: Frame | None) -> date | None:
    """The date the page states for the story: on a short line beside its heading or opening
    its text (a dateline), else on one closing it ("Posted on 15 Nov 2017 by ..."). Lines
    that say when the page was updated or when an event takes place do not count, nor do
    dates of other stories around.

    None when the page's metadata states when it was published: that is read first
    (`htmldate`), and a page with metadata often lists other stories, dated, around its own.
    """
    if published_metadata(page):
        return None
    return _stated(page, frame)[0]


def _stated(page: Page, frame: Frame | None) -> tuple[date | None, bool, bool]:
    """`stated_date`, and whether the lines it read state, and no date, an event's days
    instead (a period of `_EVENT_DAYS` or fewer, the hours of a schedule, a day still to
    come), or a deadline."""
    if frame is None:
        return None, False, False
    if frame.heading is not None:
        top = frame.heading
    else:
        top = max(frame.start, frame.prose - _HEADING_REACH)
    # The short lines between the heading and the prose, then up to two above the heading,
    # then those under the text's last sentence; never past a heading or a link (of another
    # story, as a teaser shows it) on the way up or down.
    candidates = list(range(top, frame.prose))
    languages = page.newsroom.languages
    candidates += [
        index
        for index in _beside(frame, range(top - 1, max(top - 3, -1), -1), languages)
        if index == 0
        or _nearer(frame.lines, index, top, index - 1)
        or _label(frame.lines[index - 1])
        or _trail(frame.lines[index - 1])
        or _kicker(frame.lines, index - 1, top)
        or _under_tools(frame.lines, index, top)
    ]
    last = max(
        (
            i
            for i in range(frame.prose, frame.end + 1)
            if not _short(frame.lines[i].text) or _SENTENCE_END.search(frame.lines[i].text)
        ),
        default=frame.end,
    )
    candidates += _beside(frame, range(last + 1, min(last + 5, len(frame.lines))), languages)
    if any(_teaser_heading(page, frame.lines[index]) for index in range(top, frame.prose)):
        # A heading that links another page sits between the text and its date: the text is
        # that page's teaser (a listing with one item), the date that story's.
        return None, False, False
    # A deadline among the short lines around the heading, in its block or not (a banner's
    # link or a heading above it is another page's).
    call = any(
        index != frame.heading
        and not (near := frame.lines[index]).link
        and not near.heading
        and _deadline(near.text)
        for index in range(max(top - 2, 0), frame.prose)
    )
    between = range(top, frame.prose)
    if (
        any(
            _PLACE_LABEL.fullmatch(frame.lines[index].text) and not frame.lines[index].link
            for index in between
        )
        and not any(PUBLISHED_LABEL.search(frame.lines[index].text) for index in between)
        and not filed_among_news(page.url)
    ):
        # "Date" over "2026-12-06" over "Place" over "Belgrade": an event's fields, its day
        # when it takes place, however near or past (a story says when it was published, or
        # is filed among the news, whatever fields its template shows)
        return None, True, call
    # Two lines or more under the heading, each a link to another page and a date beside
    # it: the entries of a list (a gallery's albums), their days those pages'.
    entries = {
        index
        for index in range(top + 1, frame.prose)
        if frame.lines[index].link and _linked_entry(page, frame.lines[index])
    }
    if len(entries) < _ENTRIES:
        entries = set()
    event = False
    for index in dict.fromkeys(candidates):
        line = frame.lines[index].text
        if index == frame.heading or not _short(published_part(line)):
            continue
        if _DEADLINE_LINE.search(line):
            continue
        if updated := UPDATED_LABEL.search(line):
            published = PUBLISHED_LABEL.search(line[: updated.start()])
            if published is None:
                continue
            # "Publicado em 09/10/2026 15h10 Atualizado em 09/10/2026 15h10": the first,
            # and the second kept as the day the page was last updated (`stated_update`).
            later = find_stated_date(
                line[updated.end() :],
                page.latest,
                page.newsroom.languages,
                _writes_day_first(page, line),
            )
            line = line[published.end() : updated.start()]
        else:
            later = None
        # The page's own lines may say when its event takes place; a link (a banner's, a
        # ticker's) says another page's.
        own = not frame.lines[index].link
        if _SCHEDULE_LINE.search(line) or (
            _AT_HOUR.search(line) and announces_event(page.tree)
        ):  # when an event takes place ("10:00 – 12:00"; "15. februar 2018 @ 19:00" on a
            # page its CMS marks an event's)
            event = event or (own and find_date(line) is not None)
            continue
        if (days := _period(line)) is not None:
            event = event or (own and days <= _EVENT_DAYS)
            continue
        if _in_data_table(frame.lines[index].element):
            continue  # a row of a table of dates (events, a schedule), not the story's date
        if _in_site_header(frame, index):
            continue  # the site's clock ("Saturday, 12 December 2026" in Joomla's header)
        if _sentence_about(line, page):
            continue  # a sentence that names a day further on: "... were established on
            # 2 January 1955." under an about page's heading, no date line
        if _list_entry(page, frame.lines[index]):
            continue  # "2026/11/20 <a>Demonstrations in Belgrade: a warning</a>", a link's date
        if index in entries:
            continue  # "<a>Lithuanian Film Days 2026</a> 2026.11.24": an album's day
        if _caption(frame.lines[index].element):
            continue  # "... during staff talks, 3 December 2026.": when the picture was taken
        day_first = _writes_day_first(page, line)  # "Publicado em 09/10/2026" is 9 October
        stated = find_stated_date(line, page.latest, page.newsroom.languages, day_first)
        if stated is not None:
            if later is not None:
                page.memo[_UPDATE_MEMO] = later.day
            page.memo[_DATE_LINE_MEMO] = frame.lines[index].text
            return stated.day, False, False
        # A day after the fetch beside the heading, within a year, is when something will
        # happen: an event (later than that, a typo).
        ahead = find_stated_date(line, None, page.newsroom.languages, day_first) if own else None
        event = event or (ahead is not None and ahead.day <= page.latest + _EVENT_AHEAD)
    return None, event, call


def stated_update(page: Page) -> date | None:
    """The day the line that states when the story was published says it was updated
    ("Created: 2019.01.10 / Updated: 2026.11.14 09:02"), read with that date (`stated_date`);
    None when no such line was read."""
    day = page.memo.get(_UPDATE_MEMO)
    return day if isinstance(day, date) else None


#: Where `_stated` keeps the day of an update its date line states (`stated_update`).
_UPDATE_MEMO = "stated_update"


def stated_line(page: Page) -> str | None:
    """The line `stated_date` read the story's date from, as the page shows it; None when
    no date was read so."""
    line = page.memo.get(_DATE_LINE_MEMO)
    return line if isinstance(line, str) else None


#: Where `_stated` keeps the line it read the date from (`stated_line`).
_DATE_LINE_MEMO = "stated_line"


def _linked_entry(page: Page, line: Line) -> bool:
    """Whether ``line`` is mostly a link to another page, with a date beside it or in it
    ("<a>Lithuanian Film Days 2026</a> 2026.11.24")."""
    block = _block(line.element)
    if block is None or find_date(line.text, day_first=True) is None:
        return False
    return next(_leading_links(page, block, line), None) is not None


#: Lines of links with dates under a heading that make a list of entries (`_linked_entry`).
_ENTRIES = 2


def _deadline(line: str) -> bool:
    """Whether ``line`` is a short one that states when applications or offers are due
    ("Deadline: 16 November 2026.", `_DEADLINE_LINE`)."""
    return _short(line) and bool(_DEADLINE_LINE.search(line)) and find_date(line) is not None


def _own_lines(page: Page) -> list[str]:
    """The page's lines outside its header, menus, sidebars and footer, as a reader sees
    them (a reading may run its short lines together)."""
    chrome = frozenset(page.tree.iter(*CHROME))
    return visible_text(page.tree, without=chrome).split("\n\n")


def states_deadline(page: Page, published: date | None = None) -> bool:
    """Whether a line of the page's own (`_own_lines`) states a deadline (`_deadline`), as a
    tender's or a vacancy's page does anywhere in its text; one not before the day the page
    was ``published`` (a report on a course that closed its registration before it states
    that deadline as past)."""
    for line in _own_lines(page):
        if _deadline(line) and (
            published is None or ((due := find_date(line)) is not None and due.day >= published)
        ):
            return True
    return False


def titled_as_call(page: Page, title: str, text: str) -> bool:
    """Whether the page is a call for applications or offers by its title and its text, off
    the news folders: a title that opens with a call's name (`_CALL_TITLE`: "Јавни конкурс
    за доделу средстава ...", "Call for proposals ...") over a text with a line that opens
    with its deadline ("Рок за подношење пријава је 30 дана од дана објављивања конкурса.").
    Filed among the news, by its address, its category's link ("Vesti") or its breadcrumb
    trail, such a page is a story that announces the call."""
    return (
        _CALL_TITLE.match(title) is not None
        and any(_DEADLINE_LINE.match(line) for line in text.split("\n"))
        and not filed_among_news(page.url)
        and not any(names_news(tag.text_content()) for tag in _CATEGORY_LINKS(page.tree))
        and not _trail_ends_in_news(page)
    )


def _trail_ends_in_news(page: Page) -> bool:
    """Whether a breadcrumb trail of the page ("Početna > Vesti", SPIP's; a list its CMS
    marks a breadcrumb) ends in a link to the news ("Насловна » Актуелно » Конкурси » ..."
    ends in the calls')."""
    for element in _TRAIL_CANDIDATES(page.tree):
        marked = "breadcrumb" in f"{element.get('class')} {element.get('id')}".casefold()
        if marked or _TRAIL.fullmatch(squash(element.text_content())):
            links = list(element.iter("a"))
            if names_news(squash(links[-1].text_content())):
                return True
    return False


#: Elements a breadcrumb trail may be: a few links in a line of their own.
_TRAIL_CANDIDATES = lxml.etree.XPath(
    "//*[self::div or self::p or self::nav or self::ol or self::ul or self::span]"
    "[count(.//a) >= 2][string-length(normalize-space()) < 400]"
)


#: The links to the categories a post is filed in (WordPress's ``rel="tag"`` or
#: ``rel="category tag"``): a call filed in "Vesti" is a story that announces it.
_CATEGORY_LINKS = lxml.etree.XPath(
    "//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')"
    " or contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
)


#: A call's name opening a title: a public call or competition, a call for proposals or
#: applications, a vacancy, a tender.
_CALL_TITLE = re.compile(
    r"\W*(?:(?:javni|јавни|public|open)\s+)?(?:konkurs|конкурс|poziv|позив|call for|tender|"
    r"vacanc(?:y|ies)|oglas za|оглас за|natječaj|natečaj|ausschreibung|appel (?:à|a)|"
    r"convocatoria)\b",
    re.IGNORECASE,
)


def updated_long_after(page: Page, published: date, after: timedelta) -> bool:
    """Whether a line of the page's own (`_own_lines`) says the page was updated ``after``
    or longer after ``published``, by a day not after the fetch: a label line ("Updated: 1
    September 2026, 10:00", "Обновлено: 1 сентября 2026", read in the newsroom's languages):
    a word or two before the label, a date and its time after it, no sentence ("As of 1
    October 2026, applicants will be received at the new address." says when something
    happens)."""
    for line in _own_lines(page):
        label = UPDATED_LABEL.search(line)
        if (
            label is None
            or len(line[: label.start()].split()) > _BEFORE_LABEL_WORDS
            or len(words := line[label.end() :].split()) > _LABEL_DATE_WORDS
        ):
            continue
        stated = find_stated_date(" ".join(words), page.latest, page.newsroom.languages)
        if stated is not None and stated.day - published >= after:
            return True
    return False


#: Words before an update's label on its line at most ("Page last updated:") ...
_BEFORE_LABEL_WORDS = 2
#: ... and after it: a date and its time ("1 September 2026, 10:00").
_LABEL_DATE_WORDS = 5


def update_days(page: Page) -> set[date]:
    """The days the page states only on its short lines that say it was updated ("Page last
    updated: 13.09.2019", "<b>Zadnja sprememba:</b> 3. 12. 2026"), after the label: no day a
    story was published, though htmldate may read one as that on a page that states no other.
    A day another short line states too ("20 Nov. 2015 -" above "Last updated: 20 Nov. 2015")
    is the story's; a line that also says when it was published ("Published: 13.09.2019 |
    Updated: ...") states its publication first: none of its days counts. After its label, a
    date such as 05/11/2024 is read the day first on a page in a language that writes it so
    ("Dernière modification : 05/11/2024", `_writes_day_first`)."""
    updates: set[date] = set()
    others: set[date] = set()
    seen = set()
    for node in _TEXTS(page.tree):
        parent = node.getparent()
        if parent is None:
            continue
        block = next(
            (e for e in chain((parent,), parent.iterancestors()) if e.tag in _BLOCKS), parent
        )
        if block in seen:
            continue
        seen.add(block)
        line = squash(block.text_content())
        if not _short(line):
            continue
        label = UPDATED_LABEL.search(line)
        day_first = _writes_day_first(page, line)
        if label is None or PUBLISHED_LABEL.search(line):
            if (stated := find_date(line, day_first=day_first)) is not None:
                others.add(stated.day)
        elif (stated := find_date(line[label.end() :], day_first=day_first)) is not None:
            updates.add(stated.day)
    return updates - others


def _writes_day_first(page: Page, line: str) -> bool | None:
    """Whether the page writes a date of ``line`` the day first (05/11/2024 is 5 November),
    the month first (False), or None when it does not show: as its ``<time>`` element shows
    where the line is one that gives the day of a date that reads both ways (`_timed_order`),
    else the day first in every language here but English, which writes it either way (the
    U.S. the month first); in English the day first where the page's other dates show it
    ("27/11/2026" beside "01/12/2026"), either way where its text writes out a day it writes
    in figures ("12/1/2026" over "met on Tuesday, 1 December 2026", `_written_order`), or the
    day first on a site of a country that writes it so (`_country_writes_day_first`) where
    none of its dates is written the month first: read of the whole page only for a line with
    such a date."""
    root = page.tree.getroottree().getroot()
    declared = str(root.get("lang") or "") or next(iter(page.newsroom.languages), "")
    english = not declared or declared.lower().startswith("en")
    if not _EITHER_ORDER.search(line):
        return None if english else True
    if (timed := _timed_order(page, line)) is not None:
        return timed  # the line's <time> element says which
    if not english:
        return True
    if "day_first" not in page.memo:
        text = visible_text(page.tree)
        order: bool | None
        month_first = _MONTH_FIRST.search(text) is not None
        if _DAY_FIRST.search(text):
            order = None if month_first else True
        elif (written := _written_order(text)) is not None:
            order = written
        elif month_first:
            # Another page's date ("11/27/2026" in a box) may be of another system, 01/12/2026
            # could still be either; not where the page says its English is the U.S.'s
            # (SharePoint's "en-US" over "12/2/2026" and a box's "11/20/2025").
            # (a site of a country that writes the day first keeps WordPress's default
            # "en-US" all the same: its dates say nothing then)
            order = (
                False
                if _month_first_region(declared) and not _country_writes_day_first(page.url)
                else None
            )
        else:
            order = True if _country_writes_day_first(page.url) else None
        page.memo["day_first"] = order
    memo = page.memo["day_first"]
    return memo if isinstance(memo, bool) else None


#: Where `_timed_order` keeps the page's `<time>` elements that read both ways.
_TIMED_MEMO = "timed"
#: A ``<time>`` element that says its day in figures for machines: Drupal's "<time
#: datetime="2026-12-01T10:12:00+01:00">Tue, 12/01/2026 - 10:12</time>".
_TIMES = lxml.etree.XPath("//time[@datetime]")
_ISO_DAY = re.compile(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")


def _timed_order(page: Page, line: str) -> bool | None:
    """Whether ``line`` writes its date the day first (True) or the month first (False), as
    the ``<time>`` element it is shows, its ``datetime`` one of the text's two readings; None
    where it is in none (another ``<time>``, a sidebar's, says nothing of it)."""
    timed = page.memo.get(_TIMED_MEMO)
    if not isinstance(timed, tuple):
        timed = tuple(_timed(page.tree))
        page.memo[_TIMED_MEMO] = timed
    for text, order in timed:
        if text in line:
            return bool(order)
    return None


def _timed(tree: HtmlElement) -> Iterator[tuple[str, bool]]:
    """The texts of the page's ``<time>`` elements whose date in figures reads both ways, each
    with the order its ``datetime`` gives (True: the day first)."""
    for element in _TIMES(tree):
        iso = _ISO_DAY.match(str(element.get("datetime")))
        text = squash(element.text_content())
        if iso is None or not _EITHER_ORDER.search(text):
            continue
        try:
            day = date(*(int(part) for part in iso.groups()))
        except ValueError:
            continue
        readings = {
            first: stated.day
            for first in (True, False)
            if (stated := find_date(text, day_first=first)) is not None
        }
        if readings.get(True) != readings.get(False) and day in readings.values():
            yield text, readings.get(True) == day


def _month_first_region(language: str) -> bool:
    """Whether the language tag ``language`` ("en-US") names a country that writes the
    month first (`_MONTH_FIRST_COUNTRIES`)."""
    parts = language.replace("_", "-").lower().split("-")
    return len(parts) > 1 and parts[-1] in _MONTH_FIRST_COUNTRIES


def _written_order(text: str) -> bool | None:
    """Whether the page writes its dates the day first, as a date it writes both ways shows:
    "Date : 12/1/2026" over "met on Tuesday, 1 December 2026" is the month first (False), a
    day written out in a sentence of the page's (not a header's clock, "Friday, 4 December
    2026"); None when no date either order reads is also written out so."""
    written = written_dates(
        " \n ".join(line for line in text.split("\n") if len(line.split()) >= _WRITTEN_WORDS)
    )
    if not written:
        return None
    for match in _EITHER_ORDER.finditer(text):
        first, second, year = (int(part) for part in re.split(r"[/-]", match.group(0)))
        if date(year, second, first) in written:
            return True
        if date(year, first, second) in written:
            return False
    return None


#: Countries whose English writes the month first, or either way: the U.S. and its
#: territories, the states in free association with it, the Philippines, Canada, Belize.
_MONTH_FIRST_COUNTRIES = frozenset(
    {"us", "pr", "gu", "as", "vi", "mp", "um", "fm", "pw", "mh", "ph", "ca", "bz"}
)
#: Countries' codes sold to anyone, whose sites say nothing of a country: "acme.io", ".tv".
_WORLDWIDE_CODES = frozenset({"io", "co", "ai", "tv", "cc", "ws", "me", "ly", "gg", "sh", "ac"})


def _country_writes_day_first(url: str) -> bool:
    """Whether ``url``'s host is a country's (its last label a country's code) that does not
    write the month first: the Cypriot MFA's English pages at mfa.gov.cy write 01/12/2026 for
    1 December; a ``.int``, ``.org`` or ``.gov`` host says nothing of it, nor one of the codes
    sold worldwide (``.io``, ``.tv``). Asked only where the page's own dates do not tell."""
    host = urlsplit(url).hostname or ""
    country = host.rsplit(".", 1)[-1]
    return (
        len(country) == 2
        and country.isalpha()
        and country not in _MONTH_FIRST_COUNTRIES
        and country not in _WORLDWIDE_CODES
    )


#: A date that either order reads (01/12/2026, 01-12-2026); one that only the day first
#: reads (27/11/2026), or only the month first.
_DAYS_OR_MONTHS = r"(?<![\d/-])(?:0?[1-9]|1[0-2])([/-])"
_EITHER_ORDER = re.compile(_DAYS_OR_MONTHS + r"(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?!\d)")
_DAY_FIRST = re.compile(
    r"(?<![\d/-])(?:1[3-9]|2\d|3[01])([/-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d(?!\d)"
)
_MONTH_FIRST = re.compile(_DAYS_OR_MONTHS + r"(?:1[3-9]|2\d|3[01])\1(?:19|20)\d\d(?!\d)")


def lead_date(page: Page, text: str) -> date | None:
    """The day the first sentence of the story's text opens with, where the page states none
    beside its heading: "Ve čtvrtek 26. listopadu 2026 se v Novém Sadu konalo ...", "On 28
    October 2026 the Embassy hosted ...", a report opening with the day of what it reports;
    further on in that sentence, a day of the month before the fetch ("The Embassy announces
    that on 1 December 2026 the call for scholarships was published"), where an about page
    names its history ("Operation Althea was launched on 2 December 2004"), if the sentence
    goes on after it (a teaser read as one line ends with its date: "... 01.12.2026.").

    Not a period ("from 24 December to 1 January"), a deadline, a day after the fetch (an
    event still to come), nor a day where other paragraphs open with theirs (a front page of
    whole stories, each with its dateline, or a listing read as one text)."""
    paragraphs = [squash(paragraph) for paragraph in text.split("\n\n")]
    for index, line in enumerate(paragraphs):
        if len(_words(line)) < _LEAD_WORDS:
            continue  # the title, a byline or a label above the prose
        sentence = _first_sentence(line)
        languages = page.newsroom.languages
        # A dateline ("BELGRADE, 29 November 2026 – Filipino volunteers ran ...") says when
        # the story was filed, whatever days or periods its sentence goes on to name.
        if _links_another(page, line):
            return None  # an entry of a list: its date is the page it links to's
        filed = dateline_date(page, line, filed=True)
        if filed is None and (
            _period(sentence) is not None
            or _DEADLINE_LINE.search(sentence)
            or _FROM_DAY.search(sentence)
        ):
            return None
        stated = (
            StatedDate(filed)
            if filed is not None
            else find_stated_date(_opening(sentence), page.latest, languages)
        )
        if stated is None:
            # Words go on after it: a date that closes the line is a teaser's date line,
            # unless the sentence says it is its day ("... took place in Trenčín on 3
            # December 2026.": a preposition before the day and its month's name).
            words = sentence.split()
            within = " ".join(words[:-_LEAD_AFTER])
            stated = find_stated_date(within, page.latest, languages)
            if stated is None and _ON_DAY.search(" ".join(words[-_LEAD_AFTER - 1 :])):
                stated = find_stated_date(" ".join(words[-_LEAD_AFTER:]), page.latest, languages)
            if stated is None or stated.day < page.latest - _LEAD_RECENT:
                return None
        later = paragraphs[index + 1 :]
        for number, other in enumerate(later):
            if find_stated_date(_opening(other), page.latest, languages) is None:
                continue
            # Another report's opening or date line, with prose after it; a closing date line
            # ("28.10.2025.", "Photo: 28 October 2025") is none.
            if any(len(_words(prose)) >= _LEAD_WORDS for prose in later[number:]):
                return None
        return stated.day
    return None


#: Words of a link's text that make it a title (of the story an entry links), not a word.
_LINKED_TITLE_WORDS = 3


def _links_another(page: Page, line: str) -> bool:
    """Whether ``line`` is an entry that closes with the text of a link to another page, a
    title's words, after a dash or a colon: an entry of a list of other stories ("Thursday,
    3 December 2026 - Finance Committee Considers 2027 Budget Bill" on a committee's page),
    whose date is that story's; not a sentence that ends with words a link says too."""
    closing = " ".join(line.split())
    return any(
        len(text.split()) >= _LINKED_TITLE_WORDS
        and _ENTRY_MARK.search(closing[: -len(text)]) is not None
        for text in closing_links(page, closing)
    )


#: What parts an entry's date from the title it links: a dash, a bar, a colon.
_ENTRY_MARK = re.compile(r"(?:\s[-–—|]|:)\s*$")


def _opening(line: str) -> str:
    """The first words of ``line``, where a date it opens with stands (in Chinese or
    Japanese, written without spaces, its first characters: "2026年11月28日，李明大使")."""
    opening = " ".join(line.split()[:_LEAD_OPENING])
    if _CJK.search(opening):
        return line[: _LEAD_OPENING * 3]
    return opening


def _first_sentence(line: str) -> str:
    """``line`` up to the end of its first sentence: a stop before a capital or a stop of
    Japanese ("26. listopadu" and "2026. godine" go on)."""
    for stop in _STOP.finditer(line):
        rest = line[stop.end() :]
        if not rest or stop.group() in "。！？":
            return line[: stop.end()]
        if rest[0].isupper() and not _month(rest.split(maxsplit=1)[0]):
            return line[: stop.end()]  # not "Am 26. November 2025" (German writes "November")
    return line


def _in_site_header(frame: Frame, index: int) -> bool:
    """Whether line ``index`` stands in the page's header (`elements.page_header`) that does
    not hold the story's heading: a "page-header" of a title and its date is the story's."""
    header = page_header(frame.lines[index].element)
    if header is None:
        return False
    if frame.heading is None:
        return True
    heading = frame.lines[frame.heading].element
    return not any(ancestor is header for ancestor in chain((heading,), heading.iterancestors()))


def _sentence_about(line: str, page: Page) -> bool:
    """Whether ``line`` is a sentence (`_LEAD_WORDS` words or more, ending as sentences end)
    that does not open with the date it states: prose that names a day, not a date line."""
    if len(_words(line)) < _LEAD_WORDS or not _SENTENCE_END.search(line):
        return False
    return find_stated_date(_opening(line), page.latest, page.newsroom.languages) is None


def _list_entry(page: Page, line: Line) -> bool:
    """Whether ``line`` is an entry of a list of links (an item of its own, ``<li>``) whose
    link to another page, a title of `_TEASER_WORDS` words or more, holds most of it: the
    date beside such a link is that page's ("2026/11/20 Demonstrations in Belgrade: a
    warning" on a page of safety notices), not the page's own."""
    if not line.link or line.heading:
        return False
    item = _block(line.element)
    if item is None or item.tag != "li":
        return False
    return any(
        count_words(text) >= _TEASER_WORDS and find_date(text) is None
        for text in _leading_links(page, item, line)
    )


def _block(element: HtmlElement) -> HtmlElement | None:
    """The block ``element`` stands in (itself, or its nearest ancestor of `_BREAKS`)."""
    return next((e for e in chain((element,), element.iterancestors()) if e.tag in _BREAKS), None)


def _leading_links(page: Page, block: HtmlElement, line: Line) -> Iterator[str]:
    """The texts of the links of ``block`` that lead to another page and hold half of
    ``line`` or more."""
    for anchor in block.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        text = squash(anchor.text_content())
        if 2 * len(text) >= len(line.text) and not _same_page(urljoin(page.base, href), page.url):
            yield text


def _period(line: str) -> int | None:
    """The days of the period ``line`` states, one date to another ("15 Jun 2016 - 12 Dec
    2016", an archive's; "3 - 4 December 2026", an event's): no day a story was published.
    None when it states none."""
    parts = _RANGE.split(line)
    if len(parts) >= 2:
        ends = [stated.day for part in parts if (stated := find_date(part)) is not None]
        if len(ends) >= 2:
            return abs((ends[-1] - ends[0]).days) + 1
    span = _DAY_SPAN.search(line)
    if span is None:
        return None
    # The span's last day with the month (and year) right after it, or its month right
    # before it: "3 - 4 December 2026", "December 3-4, 2026" ("3-4 min, 4 December" is none).
    before, after = line[: span.start()].split()[-1:], line[span.end() :].lstrip(". ").split()[:1]
    if not any(_month(word) for word in (*before, *after)):
        return None
    last = find_date(" ".join([*before, span["last"] + line[span.end() :]]))
    first, end = int(span["first"]), int(span["last"])
    if last is None or last.day.day != end or first >= end:
        return None
    return end - first + 1


def _month(word: str) -> bool:
    """Whether ``word`` names a month ("December", "dec.", "decembar", "децембра")."""
    return word.strip(".,").casefold() in MONTHS


#: What names a picture's caption: its class ("caption", "wp-caption-text", "legend") ...
_CAPTION_NAME = re.compile(r"caption|legend", re.IGNORECASE)
#: ... not a header laid over a picture ("hero-caption", Bootstrap's "carousel-caption").
_OVERLAY_NAME = re.compile(r"hero|carousel|banner|slide|masthead|header", re.IGNORECASE)


def _caption(element: HtmlElement) -> bool:
    """Whether ``element`` is a picture's caption: a <figcaption>, or an element named a
    caption (not an overlay's) after a picture beside it, without a heading of its own (JFC
    Norfolk's "<p class=caption>" under its photo)."""
    for candidate in chain((element,), element.iterancestors()):
        if candidate.tag == "figcaption":
            return True
        if candidate.tag in ("body", "article", "main"):
            return False
        name = str(candidate.get("class") or "")
        if _CAPTION_NAME.search(name):
            if _OVERLAY_NAME.search(name) or next(candidate.iter(*HEADINGS), None) is not None:
                return False
            return any(
                e.tag in ("img", "picture") or next(e.iter("img", "picture"), None) is not None
                for e in candidate.itersiblings(preceding=True)
            )
    return False


def _in_data_table(element: HtmlElement) -> bool:
    """Whether ``element`` sits in a table of data: one with header cells (``<th>``), or with
    a cell that is a date in two rows or more (a calendar of events; the table of a story's
    layout states its date once)."""
    for table in element.iterancestors("table"):
        if next(table.iter("th"), None) is not None:
            return True
        dated = 0
        for row in table.iter("tr"):
            if len(row) >= 2 and any(_date_cell(cell) for cell in row):
                dated += 1
                if dated >= 2:
                    return True
    return False


def _date_cell(cell: HtmlElement) -> bool:
    """A table cell that is a date, perhaps with a time or a weekday: not a cell of prose."""
    text = " ".join(cell.itertext())
    return len(text.split()) <= _DATE_CELL_WORDS and find_date(text) is not None


def _teaser_heading(page: Page, line: Line) -> bool:
    """Whether ``line`` is a heading that links a page other than ``page`` itself (a story
    may link its own heading to its own address): its link holds most of its text (not
    SPIP's "Title [sr]", the "sr" a link to the story's translation)."""
    if not (line.heading and line.link):
        return False
    anchor = next((e for e in (line.element, *line.element.iterancestors()) if e.tag == "a"), None)
    if anchor is None:
        anchor = next(line.element.iter("a"), None)
    if anchor is None:
        return False
    if len(squash(anchor.text_content())) < _LINKED_SHARE * len(line.text):
        return False
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    target = urljoin(page.base, href)
    return not _same_page(target, page.url) and not is_home(target)


def _same_page(link: str, url: str) -> bool:
    """Whether ``link`` leads to the page at ``url``: the same host and path, and a query
    that is part of the page's (a link without the page's tracking or redirect fields)."""
    one, other = urlsplit(link), urlsplit(url)
    if _place(one) != _place(other):
        return False
    return set(parse_qsl(one.query, keep_blank_values=True)) <= set(
        parse_qsl(other.query, keep_blank_values=True)
    )


def _place(parts: SplitResult) -> tuple[str, str]:
    """Host and path as a link may write them: "www." or not, escaped in either case or not."""
    host = parts.netloc.lower().removeprefix("www.")
    return host, unquote(parts.path).rstrip("/")


def _beside(frame: Frame, indexes: range, languages: tuple[str, ...]) -> list[int]:
    """The lines of ``indexes`` up to the first heading or link that is no date set as one (a
    date in the month table's words or those of ``languages``, `_SET_DATE_WORDS` words at
    most: "Mətbuat relizi 07 noyabr 2026", a category's link and the day on one line).

    Above the heading (``indexes`` going up), a story's information line passes too
    (`_info_line`), and a `_label` that states no date right over the heading is passed over
    (a kind set as a heading: "Cultural diplomacy"), though no heading or link above it is;
    below the text, a title linked beside a date it does not link stops the walk (a teaser's,
    `_dated_title_link`). A language switcher's line is passed over either way."""
    above = indexes.step < 0
    kept: list[int] = []
    skipped = False  # whether a label over the heading was passed over
    for index in indexes:
        line = frame.lines[index]
        if (
            above
            and index == (frame.heading or 0) - 1
            and _label(line)
            and find_stated_date(line.text, None, languages) is None
        ):
            skipped = True  # a story's kind set as a heading over its title
            continue
        if line.link and _switcher_line(line):
            continue  # the page's own languages or scripts ("Ћирилица | Latinica")
        if not above and _place_over_date(frame, index, languages):
            continue  # "<strong>Belgrade<br>27th November, 2026</strong>" under the text
        if above and _info_line(line):
            kept.append(index)
            continue
        if (line.heading or line.link) and (
            skipped
            or (len(line.text.split()) > _SET_DATE_WORDS and not PUBLISHED_LABEL.search(line.text))
            or find_stated_date(line.text, None, languages) is None
            or (not above and _dated_title_link(line, languages))
        ):
            # a heading or link of its own, not a date set as one (Blogger's date header) nor
            # labelled ("Posted on 14 Nov 2017 by <a>Press Office</a>"): a title with its day
            # ("First Agreement of Principles ... (19 April 2013)") too
            break
        kept.append(index)
    return kept


#: Words of a place's name over the date that closes a story, at most ("Belgrade", "New
#: Delhi").
_PLACE_NAME_WORDS = 3
#: Words of a date alone, at most ("Wednesday, 27th November, 2026").
_DATE_ALONE_WORDS = 4


def _place_over_date(frame: Frame, index: int, languages: tuple[str, ...]) -> bool:
    """Whether line ``index`` is the place over the date that closes a story, the two set
    as one element's lines (Pakistan's missions: "<p><strong>Belgrade<br>27th November,
    2026</strong></p>" under the text): a name of a few words, no figures, no link."""
    if index + 1 >= len(frame.lines):
        return False
    place, below = frame.lines[index], frame.lines[index + 1]
    return (
        not place.link
        and not below.link
        and place.element is below.element
        and 1 <= len(place.text.split()) <= _PLACE_NAME_WORDS
        and not any(character.isdigit() for character in place.text)
        and not place.text.rstrip().endswith(":")  # a label's ("Related:")
        and len(below.text.split()) <= _DATE_ALONE_WORDS  # the date alone, no title beside
        and find_stated_date(below.text, None, languages) is not None
    )


#: Words of a heading or a link that is a date set as one, at most ("Mətbuat relizi 07 noyabr
#: 2026", "Friday, November 20, 2026").
_SET_DATE_WORDS = 6
#: Words of the links of a story's information line, at most: its category's ("Service:
#: News"), not a teaser's title.
_INFO_LINK_WORDS = 2


def _info_line(line: Line) -> bool:
    """Whether ``line``, not a heading, opens with a date and ends in a field's link of a
    word or two under its label: a story's information line ("2026/11/26 - 19:10 News ID:
    790388 Service: <a>News</a>"), not a teaser (a date beside another story's title, its
    "<a>Read more</a>")."""
    linked = line.linked
    return (
        bool(linked)
        and not line.heading
        and len(linked.split()) <= _INFO_LINK_WORDS
        and line.text.endswith(linked)
        and line.text[: -len(linked)].rstrip().endswith(":")
        and _opens_with_date(line)
    )


#: What parts the items of a line of links ("Ћирилица | Latinica", "EN / SR") ...
_ITEM_PARTS = re.compile(r"\s*[|/·•]\s*")
#: ... of a language switcher's few.
_SWITCHER_LINE_ITEMS = 8


def _switcher_line(line: Line) -> bool:
    """Whether ``line`` is a language switcher's: each of its items, parted by a bar or a
    stroke, names a language or a script (`names_a_language`)."""
    items = [item for item in _ITEM_PARTS.split(line.text) if item]
    return 0 < len(items) <= _SWITCHER_LINE_ITEMS and all(map(names_a_language, items))


def _dated_title_link(line: Line, languages: tuple[str, ...]) -> bool:
    """Whether ``line`` links a title beside a date it does not link, unlabelled: a teaser
    ("<a>Information Exchange Seminar 2025</a> (11/20/2025)"), not a date set as a link nor
    a byline ("Posted on 14 Nov 2017 by <a>Public Affairs Office</a>")."""
    return (
        len(line.linked.split()) > _INFO_LINK_WORDS
        and not PUBLISHED_LABEL.search(line.text)
        and find_stated_date(line.linked, None, languages) is None
    )


#: A breadcrumb's or a menu's line: names parted by ">", "»", "/" or "|".
_TRAIL = re.compile(r"[^>»›/|]+(?:\s[>»›/|]\s[^>»›/|]+)+")


def _trail(line: Line) -> bool:
    """Whether ``line`` is a trail of links ("Home > News & Announcements", "Home | About |
    Contact"): the page's own navigation above its story, not a teaser whose date a date line
    under it could be."""
    return line.link and _TRAIL.fullmatch(line.text) is not None


def _under_tools(lines: tuple[Line, ...], index: int, heading: int) -> bool:
    """Whether line ``index`` stands beside the ``heading``, in one block with it, under a row
    of the story's own tools ("Штампај Пошаљи": print it, send it by mail), links that lead
    to no other page: not a teaser whose date a date line under it could be. The page's own
    tools in its top bar, over its clock, are not the story's: the clock stands apart from
    the heading's block, or in the page's header."""
    row, line = lines[index - 1], lines[index]
    block, above = _block(line.element), _block(row.element)
    if block is None or above is None or not row.link:
        return False
    parent = block.getparent()
    own = _block(lines[heading].element)
    if parent is None or own is None or own.getparent() is not parent:
        return False
    if page_header(block) is not None or page_header(above) is not None:
        return False
    anchors = list(above.iter("a"))
    return bool(anchors) and all(_TOOL_HREF.match(a.get("href") or "") for a in anchors)


#: Where a tool's link leads: nowhere ("", "#"), a script ("javascript:window.print()"), a mail.
_TOOL_HREF = re.compile(r"\s*(?:$|#|javascript:|mailto:)", re.IGNORECASE)


def _kicker(lines: tuple[Line, ...], index: int, heading: int) -> bool:
    """Whether line ``index`` is a story's type set plainly over its date and title ("Priča"
    over "25 novembar 2026" over the title, in one block or in a row of its own): a word or
    two, no link, no heading, and nearer the heading than the line above it (a teaser's
    category over its date, in a column before the story's, is not)."""
    line = lines[index]
    return (
        not line.link
        and not line.heading
        and len(_words(line.text)) <= 2
        and (index == 0 or _nearer(lines, index, heading, index - 1))
    )


def _label(line: Line) -> bool:
    """Whether ``line`` is a label set above or under a story's title ("PRESS RELEASE",
    "FOR IMMEDIATE RELEASE", "Statement"): it stands out, links nowhere, and is a word or two,
    or a few in capitals; a date beside it is the story's, a title above it heads the story."""
    words = len(_words(line.text))
    return (
        line.heading
        and not line.link
        and (words <= 2 or (words < _TEASER_WORDS and line.text.isupper()))
    )


def _nearer(lines: tuple[Line, ...], index: int, one: int, other: int) -> bool:
    """Whether line ``index`` sits nearer (in one smaller block) to line ``one`` than to line
    ``other``: a date above a heading in the heading's cell, not a teaser's date above it."""
    return _depth(lines[index].element, lines[one].element) > _depth(
        lines[index].element, lines[other].element
    )


def _depth(one: HtmlElement, other: HtmlElement) -> int:
    """How deep the smallest element holding both ``one`` and ``other`` lies."""
    # A set of the elements themselves, kept alive: lxml then hands out the same proxy for
    # the same node, so membership is identity (ids of dropped proxies are reused).
    holding = {one, *one.iterancestors()}
    for ancestor in (other, *other.iterancestors()):
        if ancestor in holding:
            return sum(1 for _ in ancestor.iterancestors())
    return 0


def published_metadata(page: Page) -> bool:
    """Whether the page's metadata (meta tags, microdata, JSON-LD) states its publication:
    once, as a story's page does; a listing's teasers each carry their own. Microdata
    whose value is only its visible text ("12 نوفمبر، 2026" marked ``datePublished``) is
    the page's date line, read in its languages as one. Read once per page (`Page.memo`)."""
    stated = page.memo.get("published_metadata")
    if stated is None:
        stated = bool(page.meta("article:published_time")) or (
            machine_date(publication_microdata(page)) is not None
            or sum(
                (script.text or "").count('"datePublished"')
                for script in page.tree.iter("script")
                if script.get("type") == "application/ld+json"
            )
            == 1
        )
        page.memo["published_metadata"] = stated
    return bool(stated)


def _short(line: str) -> bool:
    return len(_words(line)) <= _DATE_LINE_WORDS
