"""Parsing engine: decode Japanese pages and extract articles, citations, feeds (no Django)."""

from .article import ParsedArticle, parse_article, parse_text_document, strip_site_suffix
from .css_selectors import SelectorError
from .decoding import DecodedPage, DecodeError, decode_html
from .feeds import (
    FeedEntry,
    FeedError,
    parse_feed,
    parse_listing,
    parse_listing_entries,
    parse_sitemap,
)
from .outlets import outlet_for_domain
from .page import ParsedPage, media_type_for_name, parse_page
from .sections import ParsedCitation, Section, find_sections
from .urls import canonicalize_url, is_web_url

__all__ = [
    "DecodeError",
    "DecodedPage",
    "FeedEntry",
    "FeedError",
    "ParsedArticle",
    "ParsedCitation",
    "ParsedPage",
    "Section",
    "SelectorError",
    "canonicalize_url",
    "decode_html",
    "find_sections",
    "media_type_for_name",
    "is_web_url",
    "outlet_for_domain",
    "parse_article",
    "parse_feed",
    "parse_listing",
    "parse_listing_entries",
    "parse_page",
    "parse_sitemap",
    "parse_text_document",
    "strip_site_suffix",
]
