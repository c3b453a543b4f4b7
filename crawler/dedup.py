"""Identity keys for stories: canonical URLs and a hash of normalised text. Pure functions.

The database enforces uniqueness on these keys (``storage.models``); this module only says
which spellings of a URL, and which texts, are the same.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from crawler.language import to_latin

__all__ = ["UrlRules", "canonical_url", "content_hash", "normalise_text"]

# Parameters that only say who sent the reader; they never change the page.
TRACKING_PARAM = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|igshid"
    r"|ref_src|spm|__twitter_impression)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class UrlRules:
    """How one CMS family writes one page in several ways."""

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


def canonical_url(url: str, rules: UrlRules = DEFAULT_RULES) -> str:
    """The one spelling of ``url`` that all its equivalent spellings share."""
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
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
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:32]
