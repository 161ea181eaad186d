"""The arXiv API: papers by id, or every paper of an author query, page by page.

As arXiv's API terms ask, calls are at least three seconds apart. A 429 or 503 is retried
after the ``Retry-After`` it names; a timeout or another server error after a growing
pause; an address that cannot be reached at all fails at once with one line. The API's
address is ``PORTFOLIO_ARXIV_API_BASE`` when that is set (the tests point it at a local
server), else arXiv's own.
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

API_BASE = "https://export.arxiv.org/api/query"
BASE_VARIABLE = "PORTFOLIO_ARXIV_API_BASE"
#: seconds between two calls, as arXiv's API terms of use ask
DELAY = 3.0
PAGE_SIZE = 100
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ABS_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?P<version>v\d+)?$")
#: HTTP answers worth asking again
RETRIED = {429, 500, 502, 503, 504}


class ArxivError(Exception):
    """The API could not be read; the message is one line for the researcher."""


class RecordError(ArxivError):
    """``arxiv-listing.json`` is not what sync writes; *line* is where it goes wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{RECORD}:{line}: {message}")
        self.line, self.message = line, message


@dataclass(frozen=True)
class Listed:
    """One paper as the arXiv API lists it."""

    arxiv_id: str  # without its version
    version: str  # "v2", or "" when the API names none
    title: str
    authors: tuple[str, ...]
    published: str  # YYYY-MM-DD of the first version
    summary: str
    doi: str | None = None
    category: str | None = None


#: what ``sync --add`` records of the listing, beside conf.py, for the statistics page
RECORD = "arxiv-listing.json"


def read_record(srcdir: Path) -> tuple[str, list[Listed]] | None:
    """(query, papers) of the listing as ``sync --add`` last recorded it, or None without a record.

    Raises RecordError, with the line, when the record is not what sync writes.
    """
    path = srcdir / RECORD
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        papers = [Listed(str(item["id"]), "", str(item["title"]), (), "", "") for item in data["papers"]]
        return str(data["query"]), papers
    except json.JSONDecodeError as exc:
        raise RecordError(exc.lineno, f"not valid JSON ({exc.msg}); run nox -s sync -- --add again") from None
    except (KeyError, TypeError, UnicodeDecodeError) as exc:
        raise RecordError(1, f"not a record of nox -s sync ({exc}); run nox -s sync -- --add again") from None


def api_base() -> str:
    return os.environ.get(BASE_VARIABLE) or API_BASE


def parse_feed(data: bytes) -> tuple[int, list[Listed]]:
    """(totalResults, entries) of one page of the API's Atom answer."""
    try:
        feed = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArxivError(f"the arXiv API answered something that is not its Atom feed ({exc})") from None
    total_text = feed.findtext(f"{OPENSEARCH}totalResults")
    entries = []
    for entry in feed.iter(f"{ATOM}entry"):
        address = " ".join((entry.findtext(f"{ATOM}id") or "").split())
        found = ABS_ID.search(address)
        title = " ".join((entry.findtext(f"{ATOM}title") or "").split())
        if not found or not title or title == "Error":  # the API reports a bad query as an entry
            continue
        category = entry.find(f"{ARXIV}primary_category")
        entries.append(
            Listed(
                arxiv_id=found.group("id"),
                version=found.group("version") or "",
                title=title,
                authors=tuple(" ".join((name.text or "").split()) for name in entry.iter(f"{ATOM}name")),
                published=(entry.findtext(f"{ATOM}published") or "")[:10],
                summary=" ".join((entry.findtext(f"{ATOM}summary") or "").split()),
                doi=" ".join((entry.findtext(f"{ARXIV}doi") or "").split()) or None,
                category=category.get("term") if category is not None else None,
            )
        )
    total = int(total_text) if total_text and total_text.strip().isdigit() else len(entries)
    return total, entries


#: how many times a listing page that comes back short or empty is asked for again
SHORT_PAGE_RETRIES = 2


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Client:
    """Calls to the arXiv API, spaced and retried as arXiv asks."""

    def __init__(
        self,
        base: str | None = None,
        *,
        timeout: float = 30,
        retries: int = 4,
        delay: float = DELAY,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = base or api_base()
        self.timeout, self.retries, self.delay = timeout, retries, delay
        self.sleep, self.clock = sleep, clock
        self.last_call: float | None = None

    def get(self, params: dict[str, str | int]) -> bytes:
        """One answer of the API, after as many retries as it takes (up to ``retries``)."""
        url = f"{self.base}?{urlencode(params)}"
        for attempt in range(self.retries + 1):
            self._space_out()
            wait = 2.0 * 2**attempt
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as response:
                    return bytes(response.read())
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRIED:
                    raise ArxivError(f"the arXiv API at {self.base} answered {exc.code} {exc.reason}") from None
                wait = retry_after(exc.headers.get("Retry-After")) or wait
                problem = f"answered {exc.code} {exc.reason}"
            except TimeoutError:
                problem = f"did not answer within {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    problem = f"did not answer within {self.timeout:g} s"
                else:
                    raise ArxivError(f"cannot reach the arXiv API at {self.base} ({exc.reason}); offline?") from None
            except OSError as exc:
                raise ArxivError(f"cannot reach the arXiv API at {self.base} ({exc}); offline?") from None
            if attempt == self.retries:
                break
            self.sleep(wait)
        raise ArxivError(f"the arXiv API at {self.base} {problem}, {self.retries + 1} times; try again later")

    def _space_out(self) -> None:
        now = self.clock()
        if self.last_call is not None and now - self.last_call < self.delay:
            self.sleep(self.delay - (now - self.last_call))
        self.last_call = self.clock()

    def paper(self, identifier: str) -> Listed | None:
        """The API's record of one arXiv id, or None when arXiv has no such paper."""
        _, entries = parse_feed(self.get({"id_list": identifier}))
        return entries[0] if entries else None

    def papers(self, identifiers: list[str], page_size: int = PAGE_SIZE) -> dict[str, Listed]:
        """The API's records of *identifiers* (without versions), by id; ids arXiv lacks are left out."""
        found: dict[str, Listed] = {}
        for start in range(0, len(identifiers), page_size):
            chunk = identifiers[start : start + page_size]
            _, entries = parse_feed(self.get({"id_list": ",".join(chunk), "max_results": len(chunk)}))
            found.update((entry.arxiv_id, entry) for entry in entries)
        return found

    def search(self, query: str, page_size: int = PAGE_SIZE) -> list[Listed]:
        """Every entry the API lists for *query*, newest first, page by page until ``totalResults``."""
        listed: list[Listed] = []
        start = 0
        while True:
            total, entries = self.listing_page(query, start, page_size)
            listed += entries
            start += page_size
            if start >= total:
                return listed

    def listing_page(self, query: str, start: int, page_size: int) -> tuple[int, list[Listed]]:
        """One page of the listing, asked for again while it holds fewer entries than ``totalResults`` leaves.

        The API sometimes answers a page short or empty; taking that answer would silently
        leave papers out of the report and of ``--add``.
        """
        params: dict[str, str | int] = {
            "search_query": query,
            "start": start,
            "max_results": page_size,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        for _attempt in range(SHORT_PAGE_RETRIES + 1):
            total, entries = parse_feed(self.get(params))
            expected = max(0, min(page_size, total - start))
            if len(entries) >= expected:
                return total, entries
        raise ArxivError(
            f"the arXiv API at {self.base} listed {len(entries)} of the {expected} entries from entry {start} "
            f"of {total}, {SHORT_PAGE_RETRIES + 1} times; try again later"
        )
