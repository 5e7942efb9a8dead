"""Known news outlets by domain, with the Japanese names editors expect to see."""

from __future__ import annotations

OUTLETS_BY_DOMAIN: dict[str, str] = {
    "jp.reuters.com": "ロイター",
    "globe.asahi.com": "朝日新聞GLOBE+",
    "www.asahi.com": "朝日新聞",
    "digital.asahi.com": "朝日新聞",
    "www3.nhk.or.jp": "NHK",
    "www.nhk.or.jp": "NHK",
    "news.web.nhk": "NHK",
    "www.nikkei.com": "日本経済新聞",
    "www.yomiuri.co.jp": "読売新聞",
    "mainichi.jp": "毎日新聞",
    "www.sankei.com": "産経新聞",
    "www.jiji.com": "時事通信",
    "www.47news.jp": "共同通信",
    "nordot.app": "共同通信",
    "newsdig.tbs.co.jp": "TBS NEWS DIG",
    "www.bloomberg.co.jp": "ブルームバーグ",
    "toyokeizai.net": "東洋経済オンライン",
    "www.afpbb.com": "AFPBB",
    "www.tokyo-np.co.jp": "東京新聞",
    "www.bbc.com": "BBC",
    "www.cnn.co.jp": "CNN",
}


def outlet_for_domain(host: str) -> str | None:
    """The outlet's Japanese name for ``host`` (a host name, with or without "www."), if known."""
    host = host.lower().rstrip(".")
    if host.startswith("m.") or host.startswith("sp."):
        host = host.split(".", 1)[1]
    for candidate in (host, f"www.{host}", host.removeprefix("www.")):
        if candidate in OUTLETS_BY_DOMAIN:
            return OUTLETS_BY_DOMAIN[candidate]
    return None
