"""Ward-server addresses as libpq takes them, told apart from a SQLite file path."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")


def is_server_url(text: str | None) -> bool:
    return bool(text) and str(text).strip().lower().startswith(SCHEMES)


def shown_url(url: str) -> str:
    """The address without a password, as it may appear on screen, in logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc}" if user else netloc))


def database_name(url: str) -> str:
    """The database a URL names (``lmdesk`` when it names none)."""
    path = urlsplit(url).path.lstrip("/")
    return path or "lmdesk"


def with_database(url: str, name: str) -> str:
    """The same server and options, another database (to reach ``postgres`` when creating)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))
