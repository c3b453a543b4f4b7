"""Page bytes to a parsed page: refuse what is not HTML (empty, binary, a feed), read the
charset (byte-order mark, header, meta, then the bytes themselves), strip what XML forbids,
parse into lxml and drop scripts, styles and form controls."""

from __future__ import annotations

import re

import charset_normalizer
import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from crawler.core.items import Reason, Rejected
from crawler.extraction.elements import drop

__all__ = ["parse_page"]

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FEED_ROOT = re.compile(
    r"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b", re.S
)
_NOISE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "input",
    "select",
    "textarea",
    "button",
    "svg",
    "object",
    "embed",
)


#: Elements that embed a player: kept as a recording (`_recording`) when one of `_PLAYERS`.
_EMBEDS = frozenset({"iframe", "embed"})
#: Hosts of embedded video and audio players.
_PLAYERS = re.compile(
    r"//(?:[\w-]+\.)*(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com|dailymotion\.com|"
    r"soundcloud\.com|spotify\.com|podbean\.com|buzzsprout\.com|libsyn\.com|anchor\.fm|"
    r"simplecast\.com|podcasts\.apple\.com)/",
    re.IGNORECASE,
)


def parse_page(html: bytes, content_type: str | None) -> HtmlElement | Rejected:
    """The page as a tree without noise, or `Rejected` when it is no HTML page."""
    decoded = _decode(html, content_type)
    if isinstance(decoded, Rejected):
        return decoded
    markup, clean = decoded
    try:
        tree = lxml.html.document_fromstring(markup, parser=_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        return Rejected(Reason.EMPTY, f"unparseable: {exc}")
    if not clean:
        _clean_tree(tree)  # a walk over every node: only when one may hold such a character
    fallbacks = []  # <noscript>: what the page says to a reader without scripts
    for element in tree.iter(*_NOISE_TAGS):
        if element.tag in _EMBEDS and _PLAYERS.search(element.get("src") or ""):
            _recording(element)
        elif element.tag == "noscript":
            fallbacks.append(element)
        else:
            drop(element)
    _read_fallbacks(tree, fallbacks)
    return tree


def _read_fallbacks(tree: HtmlElement, fallbacks: list[HtmlElement]) -> None:
    """Drop the page's ``fallbacks`` (its <noscript> elements: "Please enable JavaScript"),
    unless they are all it shows: a page whose script only alerts its message and goes back
    (a Korean board's deleted post, "해당 게시물이 존재하지 않거나 삭제되었습니다.") says
    it in its <noscript>, which is read then."""
    if not fallbacks:
        return
    shown = _shows_text(tree)
    for element in fallbacks:
        if shown:
            drop(element)
        elif element.getparent() is not None:
            element.drop_tag()  # its text stays where it was


def _shows_text(tree: HtmlElement) -> bool:
    """Whether the page's body holds text outside its <noscript> elements (the first found
    ends the walk: a page's header has some)."""
    body = tree.find("body")
    for element in (body if body is not None else tree).iter():
        if not isinstance(element.tag, str):
            continue
        own = (element.text or "").strip() and element.tag != "noscript"
        after = (element.tail or "").strip()
        if (own or after) and not any(a.tag == "noscript" for a in element.iterancestors()):
            return True
    return False


def _recording(element: HtmlElement) -> None:
    """An embedded player (an ``<iframe>`` of YouTube, a podcast host's ``<embed>``) as the
    empty ``<video>`` it stands for: the page plays a recording there, and shows no text."""
    source, tail = element.get("src") or "", element.tail
    element.clear()  # its children, text, attributes, and the text after it: put back
    element.tag, element.tail = "video", tail
    element.set("src", source)


def _parser() -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    # Every element is an HtmlElement, found by lxml in C: lxml.html's own lookup (in Python,
    # for its form and input classes, which nothing here uses) runs for each element Python
    # touches, half a million times on 80 pages, some 5% of an extraction.
    parser.set_element_class_lookup(_LOOKUP)
    return parser


_LOOKUP = lxml.etree.ElementDefaultClassLookup(
    element=HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


#: Control characters (C0 but tab and newlines, DEL, C1): Word pastes and old CMSs leave them
#: in pages; they mean nothing in text and XML feeds cannot carry them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: What XML 1.0 cannot hold besides those: surrogates and U+FFFE, U+FFFF. trafilatura discards
#: a whole document that has one anywhere, so none may reach it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _xml_reference(match: re.Match[str]) -> str:
    """A numeric character reference, or nothing if it names a character XML forbids.

    Done on the markup: the parser turns a reference to a surrogate, to NUL or past U+10FFFF
    into U+FFFD, which then reads as a letter of the word it was in.
    """
    number = _reference_number(match)
    if number > 0x10FFFF or (number < 0x7F and _NOT_XML.match(chr(number))):
        return ""
    if 0xD800 <= number <= 0xDFFF or number in (0xFFFE, 0xFFFF):
        return ""
    return match.group()


def _reference_number(match: re.Match[str]) -> int:
    hexadecimal, decimal = match.groups()
    return int(hexadecimal, 16) if hexadecimal else int(decimal)


def _clean_tree(tree: HtmlElement) -> None:
    """Strip characters XML forbids from every text, tail and attribute of a parsed page."""
    for element in tree.iter():
        if element.text and _NOT_XML.search(element.text):
            element.text = _NOT_XML.sub("", element.text)
        if element.tail and _NOT_XML.search(element.tail):
            element.tail = _NOT_XML.sub("", element.tail)
        for name, value in element.attrib.items():
            if _NOT_XML.search(value):
                element.set(name, _NOT_XML.sub("", value))


#: How files that servers send as ``text/html`` by mistake begin (PDF, images, archives,
#: office documents, media, executables).
_BINARY_SIGNATURES = (
    *(b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"),
    *(b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh"),
    *(b"RIFF", b"OggS", b"ID3", b"fLaC", b"wOFF", b"wOF2", b"\x7fELF", b"\x00\x00\x01\x00"),
)
#: Bytes that text never holds (C0 controls but tab, newlines, form feed and escape).
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def _binary(head: bytes) -> str | None:
    """What makes the first bytes of a page binary, not text, or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: text
        return None
    for signature in _BINARY_SIGNATURES:
        if head.startswith(signature) or head[4:12].startswith(b"ftyp"):
            return f"binary content ({(signature if head.startswith(signature) else b'ftyp')!r})"
    # Word pastes leave a few stray controls (a NUL too); a file of another kind has them
    # everywhere.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 50):
        return f"binary content ({controls} control bytes in the first {len(head)})"
    return None


def _decode(html: bytes, content_type: str | None) -> tuple[str, bool] | Rejected:
    """The page's markup, without control characters, and whether the tree parsed from it
    is sure to hold no character XML forbids (then it need not be cleaned of them)."""
    if not html or not html.strip():
        return Rejected(Reason.EMPTY, "no content")
    if why := _binary(html[:8192]):
        return Rejected(Reason.NOT_HTML, why)
    markup = _to_text(html, content_type)
    if _FEED_ROOT.match(markup[:4096]):
        return Rejected(Reason.NOT_HTML, "a feed or sitemap")
    if "<" not in markup[:4096]:
        return Rejected(Reason.NOT_HTML, "no markup")
    # The parser reads most references to DEL and the C1 controls as windows-1252 does
    # (``&#150;`` is an en dash), but DEL and the five codes windows-1252 leaves out stay
    # control characters in the tree: a page that keeps one is cleaned after parsing.
    controls = False

    def reference(match: re.Match[str]) -> str:
        nonlocal controls
        kept = _xml_reference(match)
        controls = controls or (bool(kept) and 0x7F <= _reference_number(match) <= 0x9F)
        return kept

    markup = _XML_DECLARATION.sub("", _CHARACTER_REFERENCE.sub(reference, markup), count=1)
    if _holds_not_xml(markup):
        return _CONTROL.sub("", markup), False
    return markup, not controls


#: Bytes but the C0 controls XML forbids and DEL: what `bytes.translate` deletes to find those.
_NOT_CONTROL_BYTES = bytes(
    sorted(
        set(range(256)) - set(range(0x00, 0x09)) - {0x0B, 0x0C} - set(range(0x0E, 0x20)) - {0x7F}
    )
)


def _holds_not_xml(markup: str) -> bool:
    """Whether ``markup`` holds a character of `_NOT_XML`, found in its UTF-8 bytes: a regex
    character class over a whole page costs several times more than these byte scans.

    In UTF-8 the C0 controls and DEL are single bytes no other character's bytes contain; a C1
    control is ``C2 80``-``C2 9F``, a surrogate ``ED A0``-``ED BF`` (``C2`` and ``ED`` only
    ever lead a character), and U+FFFE and U+FFFF are ``EF BF BE`` and ``EF BF BF``.
    """
    data = markup.encode("utf-8", "surrogatepass")
    if data.translate(None, _NOT_CONTROL_BYTES):
        return True
    # Each lead byte is found alone (a scan for one byte is the fastest there is), then the
    # bytes after it are checked (a character's bytes are all there, its lead never last).
    for lead, low, high in ((b"\xc2", 0x80, 0x9F), (b"\xed", 0xA0, 0xBF)):
        index = data.find(lead)
        while index != -1:
            if low <= data[index + 1] <= high:
                return True
            index = data.find(lead, index + 1)
    index = data.find(b"\xef")
    while index != -1:
        if data[index + 1 : index + 3] in (b"\xbf\xbe", b"\xbf\xbf"):
            return True
        index = data.find(b"\xef", index + 1)
    return False


def _to_text(html: bytes, content_type: str | None) -> str:
    """The page as text: a byte-order mark first, then the charset the server or the page
    declares, if the bytes really are in it, else what the bytes look like.

    Old CMSs behind new servers send ``charset=utf-8`` over windows-1251 pages: a declaration
    the bytes contradict is ignored rather than turning every letter into U+FFFD.
    """
    bom, _ = read_bom(html)
    if bom:
        return html_to_unicode(content_type, html)[1]
    declared = [
        http_content_type_encoding(content_type) if content_type else None,
        html_body_declared_encoding(html[:4096]),
    ]
    for encoding in declared:
        if encoding:
            try:
                return html.decode(resolve_encoding(encoding) or encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    if any(declared):  # declared, but wrongly: ask the bytes
        guess = charset_normalizer.from_bytes(html[:65536]).best()
        if guess is not None:
            try:
                return html.decode(guess.encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    return html_to_unicode(None if any(declared) else content_type, html)[1]
