"""Bounded decoding of Content-Encoding: round trips, and bombs that never expand at once."""

from __future__ import annotations

import gzip
import itertools
import zlib

import brotli
import pytest
from hypothesis import given
from hypothesis import strategies as st

from curation.fetching.decompress import STEP, DecompressionError, decoded_chunks

ENCODERS = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "identity": lambda data: data,
}


def encode(data: bytes, encodings: list[str]) -> bytes:
    for encoding in encodings:
        data = ENCODERS[encoding](data)
    return data


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


@given(
    data=st.binary(max_size=20_000),
    encodings=st.lists(st.sampled_from(sorted(ENCODERS)), max_size=3),
    chunk_size=st.integers(min_value=1, max_value=5_000),
)
def test_any_stack_of_encodings_round_trips_in_any_chunking(
    data: bytes, encodings: list[str], chunk_size: int
) -> None:
    body = encode(data, encodings)

    decoded = decoded_chunks(split(body, chunk_size), ", ".join(encodings))

    assert b"".join(decoded) == data


def test_raw_deflate_without_zlib_header_is_accepted() -> None:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = compressor.compress(b"raw deflate body") + compressor.flush()

    assert b"".join(decoded_chunks([body], "deflate")) == b"raw deflate body"


@pytest.mark.parametrize("encoding", ["gzip, gzip", "br"])
def test_a_bomb_yields_bounded_pieces_only_as_fast_as_they_are_taken(encoding: str) -> None:
    zeros = bytes(1 << 20)
    if encoding == "br":
        compressor = brotli.Compressor(quality=5)
        body = b"".join(compressor.process(zeros) for _ in range(1024)) + compressor.finish()
    else:
        deflate = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        inner = b"".join(deflate.compress(zeros) for _ in range(1024)) + deflate.flush()
        body = gzip.compress(inner)

    first = list(itertools.islice(decoded_chunks(split(body, 16_384), encoding), 20))

    # brotli stops growing its buffer once past the limit, so a piece may overshoot by one growth.
    assert all(0 < len(piece) <= 2 * STEP for piece in first)


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (b"not gzip at all", "gzip"),
        (b"not brotli at all", "br"),
        (b"anything", "compress"),
        (b"anything", "gzip, gzip, gzip, gzip"),
    ],
)
def test_bad_or_unknown_encodings_are_a_clear_error(body: bytes, encoding: str) -> None:
    with pytest.raises(DecompressionError):
        b"".join(decoded_chunks([body], encoding))
