"""SSRF guard: refuse URLs that would make the server talk to itself or its private network."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from urllib.parse import urlsplit

from .errors import ConnectionFailed, UnsafeURL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOWED_SCHEMES = frozenset({"http", "https"})

# Cloud metadata endpoints are the classic SSRF prize; named explicitly so that even an
# allow-listed private range never lets them through unless they are listed exactly.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


def check_url_safe(url: str, allowed_hosts: Sequence[str]) -> None:
    """Return if ``url`` may be fetched; raise :class:`UnsafeURL` otherwise.

    The scheme must be http or https. The host is resolved and every address it resolves to
    must be public, unless the host name or the address matches ``allowed_hosts`` (exact host
    names, IP addresses or CIDR ranges). A host that does not resolve raises
    :class:`ConnectionFailed` (transient: DNS may come back).
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise UnsafeURL(f"scheme {parts.scheme or '(none)'!r} is not allowed: {url}", url=url)
    try:
        host = parts.hostname
        port = parts.port
    except ValueError as exc:  # e.g. a port that is not a number
        raise UnsafeURL(f"malformed URL {url!r}: {exc}", url=url) from exc
    if not host:
        raise UnsafeURL(f"URL has no host: {url}", url=url)

    allowed_names, _ = _split_allow_list(allowed_hosts)
    if host.lower().rstrip(".") in allowed_names:
        return
    safe_addresses(host, port, allowed_hosts, url=url)


def safe_addresses(
    host: str, port: int | None, allowed_hosts: Sequence[str], *, url: str | None = None
) -> list[IPAddress]:
    """Resolve ``host`` and return its addresses if every one may be connected to.

    The connection must then go to one of these very addresses: resolving the name again
    could give another answer (DNS rebinding), so the fetcher connects by address.
    """
    url = url or host
    allowed_names, allowed_networks = _split_allow_list(allowed_hosts)
    addresses = _resolve(host, port, url)
    if host.lower().rstrip(".") in allowed_names:
        return addresses
    for address in addresses:
        if _is_allowed_address(address, allowed_networks):
            continue
        if _is_forbidden_address(address):
            raise UnsafeURL(
                f"{host} resolves to non-public address {address}; refusing to fetch {url}",
                url=url,
            )
    return addresses


def _split_allow_list(allowed_hosts: Sequence[str]) -> tuple[set[str], list[IPNetwork]]:
    names: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in allowed_hosts:
        entry = entry.strip().lower().strip("[]")
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry.rstrip("."))
    return names, networks


def _resolve(host: str, port: int | None, url: str) -> list[IPAddress]:
    literal = _parse_ip(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ConnectionFailed(f"cannot resolve host {host!r} of {url}: {exc}", url=url) from exc
    addresses = [_parse_ip(str(info[4][0])) for info in infos]
    return [address for address in addresses if address is not None]


def _parse_ip(text: str) -> IPAddress | None:
    try:
        # Drop an IPv6 zone id ("fe80::1%eth0"): the address decides, not the interface.
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None


def _is_allowed_address(address: IPAddress, networks: list[IPNetwork]) -> bool:
    for net in networks:
        if address.version != net.version or address not in net:
            continue
        if address in METADATA_ADDRESSES and net.num_addresses > 1:
            continue  # a broad range such as 169.254.0.0/16 does not unlock the metadata service
        return True
    return False


def _is_forbidden_address(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return _is_forbidden_address(address.ipv4_mapped)
    return (
        address in METADATA_ADDRESSES
        or address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global  # shared address space 100.64/10, documentation ranges, …
    )
