"""Identity keys for stories: canonical URLs, a hash of normalised text, and a near-duplicate
signature (MinHash over word shingles, with LSH band keys). Pure functions.

The database enforces uniqueness on these keys (``storage.models``); this module only says
which spellings of a URL, and which texts, are the same or nearly the same.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from w3lib.url import canonicalize_url

from crawler.core.language import to_latin

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = [
    "NEAR_DUPLICATE",
    "NEAR_DUPLICATE_DAYS",
    "TextKeys",
    "UrlRules",
    "band_keys",
    "canonical_url",
    "content_hash",
    "material_change",
    "normalise_text",
    "signature",
    "similarity",
    "text_keys",
    "written_url",
]

# Parameters that only say who sent the reader; they never change the page.
TRACKING_PARAM = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid"
    r"|ref_src|spm|__twitter_impression)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, eq=False)
class UrlRules:
    """How one CMS family writes one page in several ways. Each family has one, compared (and
    hashed, for `canonical_url`'s cache) by identity."""

    #: ASP.NET and IIS read paths case-insensitively.
    lowercase_path: bool = False
    strip_trailing_slash: bool = False
    #: ``index.php`` and friends: ``/dir/index.php`` is ``/dir/`` (without a query string).
    default_documents: tuple[str, ...] = ()
    #: Parameters that never change the page (``selectedLocale``).
    drop_params: frozenset[str] = frozenset()
    #: PHP reads ``x=`` as no ``x`` at all.
    drop_empty_params: bool = False
    #: Parameter values that show the same page (``subaction=showcomments`` -> ``showfull``).
    same_values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: When ``name=value`` is present, only these parameters identify the page.
    identity_params: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    #: Path rewrites ``(regex, replacement)`` for known aliases of one page.
    path_aliases: tuple[tuple[str, str], ...] = ()


DEFAULT_RULES = UrlRules()


@lru_cache(maxsize=1 << 14)
def canonical_url(url: str, rules: UrlRules = DEFAULT_RULES) -> str:
    """The one spelling of ``url`` that all its equivalent spellings share. Cached: every page
    of a site links its menus, so most links were canonicalised a page ago."""
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    netloc = host if parts.port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = parts.path or "/"
    if rules.lowercase_path:
        path = path.lower()
    for pattern, replacement in rules.path_aliases:
        path = re.sub(pattern, replacement, path)
    head, _, last = path.rpartition("/")
    query = urlencode(sorted(_params(parts.query, rules)))
    if last in rules.default_documents and not query:
        path = head + "/"
    if rules.strip_trailing_slash and len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


@lru_cache(maxsize=1 << 14)
def written_url(url: str, rules: UrlRules = DEFAULT_RULES) -> str:
    """`canonical_url` with its query's fields in the order ``url`` writes them: the address
    to ask for. The page is the canonical URL's; but some servers read a query in their own
    order only (Liferay's portlets answer ``?p_p_id=…&…_cur=2`` and 404 the same fields
    sorted), and their pages write it in that order."""
    canonical = canonical_url(url, rules)
    parts = urlsplit(canonical)
    params = parse_qsl(parts.query, keep_blank_values=True)
    if len(params) < 2:
        return canonical
    order: dict[tuple[str, str] | str, int] = {}
    for index, (name, value) in enumerate(parse_qsl(urlsplit(url.strip()).query, True)):
        order.setdefault((name, value), index)
        order.setdefault(name, index)
    unknown = len(order)
    written = sorted(params, key=lambda p: order.get(p, order.get(p[0], unknown)))
    return urlunsplit(parts._replace(query=urlencode(written)))


def _params(query: str, rules: UrlRules) -> list[tuple[str, str]]:
    params = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        if TRACKING_PARAM.match(name) or name in rules.drop_params:
            continue
        if rules.drop_empty_params and value == "":
            continue
        params.append((name, rules.same_values.get(name, {}).get(value, value)))
    for (name, value), keep in rules.identity_params.items():
        if (name, value) in params:
            return [(k, v) for k, v in params if k in keep]
    return params


_NOT_WORD = re.compile(r"[\W_]+")


def normalise_text(text: str) -> str:
    """Text reduced to what makes two copies of a story the same story.

    Serbian Cyrillic becomes Latin, then Unicode NFKC, case folding, and punctuation and
    whitespace runs collapse to single spaces; so a story and its twin in the other script,
    retyped quotes or extra blank lines normalise to the same string.
    """
    folded = unicodedata.normalize("NFKC", to_latin(text)).casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """A 128-bit hex key of the normalised text (exact content identity)."""
    return _hash_of(normalise_text(text))


def _hash_of(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


# -- near duplicates ---------------------------------------------------------------------------

#: Words per shingle. Five words keep a shared template sentence from looking like a shared
#: story, and survive a changed caption or credit line around an unchanged text.
SHINGLE = 5
#: Hash functions per signature: 128 estimates Jaccard similarity to about ±0.04.
PERMUTATIONS = 128
#: LSH bands x rows: 32 x 3 (96 of the 128 values) makes texts at the threshold (0.55)
#: candidates 99.7% of the time (1-(1-J^3)^32) and unrelated texts (J < 0.05) almost never.
BANDS, ROWS = 32, 3
#: Estimated Jaccard similarity of shingles at which two texts are one story, chosen on the
#: 41 labelled pairs in tests/near_duplicates/: re-posts with another title, captions or a
#: credit line, and updates that add paragraphs, score 0.60 and above; press releases from
#: one template (up to 60% shared boilerplate) 0.47 and below, reports of one event lower
#: still. 0.55 sits in that gap: re-scored with 200 other seeds, it splits or merges fewer
#: pairs than 0.50 or 0.60. A false merge loses a story, a false split only shows it twice.
NEAR_DUPLICATE = 0.55
#: Days apart two stated publication days may be and the texts still be one story (a sister
#: site posts it a day or two later); further apart they are two stories, however alike.
NEAR_DUPLICATE_DAYS = 3
#: Fewer changed words than this (numbers aside) is a cosmetic change, not an update.
MATERIAL_WORDS = 5
_SEED = 20261124


def shingles(text: str) -> set[bytes]:
    """The word 5-shingles of the normalised text (a short text is one shingle)."""
    return _shingles_of(normalise_text(text))


def _shingles_of(normalised: str) -> set[bytes]:
    words = normalised.split()
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _empty_minhash() -> MinHash:
    # Imported here: datasketch pulls in scipy, 0.3 s of every command's start, and only
    # storing a story needs it. The permutations depend only on the seed: built once.
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, seed=_SEED)


def signature(text: str) -> bytes:
    """A MinHash signature of ``text``'s shingles: 128 little-endian uint32 values."""
    return _signature_of(normalise_text(text))


def _signature_of(normalised: str) -> bytes:
    from datasketch import LeanMinHash

    minhash = _empty_minhash().copy()
    minhash.update_batch(list(_shingles_of(normalised)))
    values: bytes = LeanMinHash(minhash).hashvalues.astype("<u4").tobytes()
    return values


@dataclass(frozen=True)
class TextKeys:
    """The dedup keys of one story's text (`content_hash`, `signature`), made where the text
    is read (an extraction worker process) and stored as they are."""

    digest: str
    signature: bytes


def text_keys(text: str) -> TextKeys:
    """``text``'s `TextKeys` (its normalised form made once for both)."""
    normalised = normalise_text(text)
    return TextKeys(_hash_of(normalised), _signature_of(normalised))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    left = np.frombuffer(a, dtype="<u4")
    right = np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(left == right)) / PERMUTATIONS


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per LSH band: texts sharing any key are near-duplicate candidates."""
    keys = []
    width = ROWS * 4
    for band in range(BANDS):
        digest = hashlib.blake2b(
            sig[band * width : (band + 1) * width], digest_size=8, person=band.to_bytes(16, "big")
        ).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


_NUMBER = re.compile(r"^\d+$")


def material_change(old: str, new: str) -> bool:
    """Whether ``new`` says something ``old`` did not: at least `MATERIAL_WORDS` words added,
    removed or replaced, not counting numbers (view counters, dates of a "related" box)."""
    before = [w for w in normalise_text(old).split() if not _NUMBER.match(w)]
    after = [w for w in normalise_text(new).split() if not _NUMBER.match(w)]
    changed = 0
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changed += max(i2 - i1, j2 - j1)
            if changed >= MATERIAL_WORDS:
                return True
    return False
