"""The boxes beside a story (sidebars, related news, navigation) are out of the page while its
date is read, and back where they were afterwards: the page's tree is shared by every reading
of the page."""

from __future__ import annotations

import copy

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extraction.elements import drop, prose_words
from crawler.extraction.fields import boxes_beside, without_boxes

_TAGS = st.sampled_from(["div", "p", "span", "section", "aside", "nav", "footer", "article"])
_NAMES = st.sampled_from(["", "sidebar", "related-news", "main", "Widget", "hentry", "latest"])
# A form feed is kept by the HTML parser but refused by lxml's setters.
_TEXT = st.sampled_from(["", "", " ", "text", "15 May 2024", "\n", "end\x0cform"])


def _element(children: list[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, name, text, tail: (
            f"<{tag}{f' class={name!r}' if name else ''}>{text}{''.join(children)}</{tag}>{tail}"
        ),
        _TAGS,
        _NAMES,
        _TEXT,
        _TEXT,
    )


_MARKUP = st.recursive(
    _TEXT,
    lambda inner: st.lists(inner, max_size=4).flatmap(_element),
    max_leaves=25,
)


def _page(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><title>t</title></head><body><div>{markup}</div></body></html>"
    )


@given(st.lists(_MARKUP, min_size=1, max_size=4))
def test_boxes_are_out_while_read_and_back_as_they_were_after(parts: list[str]) -> None:
    tree = _page("".join(parts))
    before = lxml.html.tostring(tree)
    copied = copy.deepcopy(tree)  # what a copy without its boxes would be
    try:
        for box in boxes_beside(copied):
            drop(box)
        expected: bytes | None = lxml.html.tostring(copied)
    except ValueError:  # a form feed after a box: lxml refuses it in the text drop_tree sets
        expected = None
    boxes = set(boxes_beside(tree))
    with without_boxes(tree) as boxless:
        assert boxless is tree
        assert not boxes & set(boxless.iter())
        if expected is not None:
            assert lxml.html.tostring(boxless) == expected
    assert lxml.html.tostring(tree) == before


def test_boxes_are_back_when_the_read_fails() -> None:
    tree = _page('a<aside>x</aside>b<div class="related">y</div>c<nav><p>z</p></nav>d')
    before = lxml.html.tostring(tree)
    with pytest.raises(RuntimeError), without_boxes(tree) as boxless:
        assert b"aside" not in lxml.html.tostring(boxless)
        raise RuntimeError("htmldate broke")
    assert lxml.html.tostring(tree) == before


_BLOCK = st.tuples(
    st.sampled_from(["p", "div", "span", "li", "article"]),
    st.integers(0, 14),
    st.booleans(),
)


@given(st.lists(_BLOCK, min_size=1, max_size=12), st.data())
def test_prose_without_some_elements_is_the_prose_of_the_page_without_them(
    blocks: list[tuple[str, int, bool]], data: st.DataObject
) -> None:
    """Weighing the prose beside a listing's teasers reads the page as if they were dropped,
    without copying it: the same words as the copy with them dropped (each one's tail
    kept)."""
    inner = "".join(
        f"<{tag}>{' '.join(['word'] * words)}{'<a href=/x>linked words here</a>' if link else ''}"
        f"</{tag}> tail words after it"
        for tag, words, link in blocks
    )
    tree = lxml.html.fromstring(f"<html><body><div id='box'>{inner}</div></body></html>")
    body = tree.find("body")
    elements = [e for e in body.iter() if e.tag in ("p", "div", "span", "li", "article")][1:]
    chosen = data.draw(st.lists(st.sampled_from(elements), unique=True)) if elements else []
    copied = copy.deepcopy(tree)
    twins = [copied.getroottree().xpath(tree.getroottree().getpath(e))[0] for e in chosen]
    for element in twins:
        drop(element)
    assert prose_words(body, without=frozenset(chosen)) == prose_words(copied.find("body"))
