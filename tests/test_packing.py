"""Raw pages as stored (`crawler.core.packing`): every body comes back as fetched, and pages
stored before bodies were Zstandard frames (zlib streams) still read."""

from __future__ import annotations

import hashlib
import zlib
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update

from crawler.core.packing import ZSTD_MAGIC, pack, unpack
from storage.models import RawPage
from storage.repository import Repository

FETCHED = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@given(st.binary(max_size=20_000))
def test_a_packed_body_unpacks_to_the_body_fetched(body: bytes) -> None:
    packed = pack(body)
    assert packed.sha256 == hashlib.sha256(body).hexdigest()
    assert packed.compressed.startswith(ZSTD_MAGIC)
    assert unpack(packed.compressed) == body


@given(st.binary(max_size=20_000))
def test_a_body_stored_as_a_zlib_stream_still_unpacks(body: bytes) -> None:
    assert unpack(zlib.compress(body, 6)) == body


def test_a_page_stored_by_an_earlier_version_reads_as_fetched(repository: Repository) -> None:
    body = "<html><body><p>Ambassador's reception — Пријем</p></body></html>".encode() * 40
    page_id = repository.save_page("http://x.org/a", 200, "text/html", body, FETCHED)
    assert repository.raw_page(page_id) == body
    with repository._sessions.begin() as session:  # as versions before Zstandard wrote it
        session.execute(
            update(RawPage).where(RawPage.id == page_id).values(body=zlib.compress(body))
        )
    assert repository.raw_page(page_id) == body
