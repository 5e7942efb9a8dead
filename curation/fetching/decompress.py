"""Undo a response's Content-Encoding with a bound on every byte produced.

httpx decodes each network chunk through every layer at once, so a 2 KB body sent as
``gzip, gzip`` (or ``br``) expands to a gigabyte in one call before any size check sees it.
Here each layer hands the next about ``STEP`` bytes at a time (brotli may overshoot by one
growth of its buffer) and the caller counts the final output as it is produced: a bomb is
refused after ``max_bytes`` plus a step or two, whatever its ratio or its number of layers.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator, Iterable, Iterator
from typing import Protocol

import brotli

# Bytes one layer produces per call: small enough to bound memory, large enough to be fast.
STEP = 64 * 1024
# Encodings stacked deeper than this are refused: no server has a reason to send them.
MAX_LAYERS = 3


class DecompressionError(ValueError):
    """The body is not valid data for its declared Content-Encoding, or the encoding is unknown."""


class _Layer(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class _ZlibLayer:
    """gzip (``wbits`` 16 + 15) or deflate; deflate falls back to a raw stream as browsers do."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while True:
            try:
                out = self._inflate.decompress(pending, STEP)
            except zlib.error as error:
                if self._raw_fallback and not self._started:
                    # Some servers send "deflate" without the zlib header.
                    self._raw_fallback = False
                    self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise DecompressionError(str(error)) from error
            self._started = True
            pending = self._inflate.unconsumed_tail
            if out:
                yield out
            if self._inflate.eof:
                return  # trailing bytes after the stream end are ignored, as httpx does
            # A full step may leave output pending inside zlib even with no input left.
            if not pending and len(out) < STEP:
                return

    def flush(self) -> Iterator[bytes]:
        # `feed` drains every step it can; what is left here is at most zlib's last window.
        out = self._inflate.flush()
        if out:
            yield out


class _BrotliLayer:
    def __init__(self) -> None:
        self._decoder = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._decoder.process(data, output_buffer_limit=STEP)
            if out:
                yield out
            while not self._decoder.can_accept_more_data():
                out = self._decoder.process(b"", output_buffer_limit=STEP)
                if out:
                    yield out
        except brotli.error as error:
            raise DecompressionError(str(error)) from error

    def flush(self) -> Iterator[bytes]:
        return iter(())


def _layer(encoding: str) -> _Layer | None:
    if encoding in ("gzip", "x-gzip"):
        return _ZlibLayer(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return _ZlibLayer(zlib.MAX_WBITS, raw_fallback=True)
    if encoding == "br":
        return _BrotliLayer()
    if encoding == "identity":
        return None
    raise DecompressionError(f"unsupported Content-Encoding {encoding!r}")


def parse_content_encoding(header: str) -> list[str]:
    """The encodings of a Content-Encoding header in the order they were applied."""
    encodings = [token.strip().lower() for token in header.split(",") if token.strip()]
    if len(encodings) > MAX_LAYERS:
        raise DecompressionError(f"{len(encodings)} stacked Content-Encodings refused")
    return encodings


def decoded_chunks(
    raw_chunks: Iterable[bytes], content_encoding: str
) -> Generator[bytes, None, None]:
    """The decoded body, a bounded piece at a time, from the raw chunks read off the network.

    Nothing is decoded ahead of what the consumer asks for, so a consumer that stops at its
    size cap stops the decompression there too.
    """
    layers = [
        layer
        for layer in map(_layer, reversed(parse_content_encoding(content_encoding)))
        if layer is not None
    ]
    for chunk in raw_chunks:
        yield from _through(layers, chunk)
    yield from _flush(layers)


def _through(layers: list[_Layer], data: bytes) -> Iterator[bytes]:
    if not layers:
        if data:
            yield data
        return
    first, rest = layers[0], layers[1:]
    for piece in first.feed(data):
        yield from _through(rest, piece)


def _flush(layers: list[_Layer]) -> Iterator[bytes]:
    for index, layer in enumerate(layers):
        for piece in layer.flush():
            yield from _through(layers[index + 1 :], piece)
