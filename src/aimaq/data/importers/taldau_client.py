"""The live Taldau client: ``GetIndexData`` over HTTP with timeouts and retries.

``GET {base}/ru/Api/GetIndexData/{indexId}?period={p}&dics={d}`` (``period=7`` annual,
``period=9`` quarterly cumulative; ``dics=67`` the regions classifier, several as
``67,915``). Server errors (5xx), timeouts and dropped connections are retried with
exponential backoff; a client error (4xx) is reported at once, since asking again
cannot help.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from aimaq.errors import ImportError_, Location

DEFAULT_BASE_URL = "https://taldau.stat.gov.kz"


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait for an answer and how often to ask again.

    The wait before retry ``k`` (from 1) is ``backoff * 2 ** (k - 1)`` seconds.
    """

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0

    def delay(self, attempt: int) -> float:
        return self.backoff * 2 ** (attempt - 1)


def taldau_url(
    index_id: str | int,
    *,
    period: str | int = 7,
    dics: str = "67",
    base_url: str = DEFAULT_BASE_URL,
) -> str:
    """The ``GetIndexData`` address of one indicator.

    Examples
    --------
    >>> taldau_url(2709379, period=7, dics="67")
    'https://taldau.stat.gov.kz/ru/Api/GetIndexData/2709379?period=7&dics=67'
    """
    index = str(index_id).strip()
    if not index.isdigit():
        raise ImportError_(
            f"a Taldau index id is a number, got {index!r}",
            Location("taldau", None, "index", index),
        )
    return f"{base_url.rstrip('/')}/ru/Api/GetIndexData/{index}?period={period}&dics={dics}"


def fetch(
    url: str,
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    client: httpx.Client | None = None,
) -> bytes:
    """The body of a successful answer from ``url``.

    Raises
    ------
    ImportError_
        A 4xx answer (at once), or no good answer after all retries (the last error is
        named).

    Examples
    --------
    >>> RetryPolicy(retries=2, backoff=0.5).delay(2)
    1.0
    """
    rules = policy or RetryPolicy()
    own = client is None
    http = client or httpx.Client(timeout=rules.timeout, follow_redirects=True)
    last = ""
    try:
        for attempt in range(rules.retries + 1):
            if attempt:
                sleep(rules.delay(attempt))
            try:
                response = http.get(url, timeout=rules.timeout)
            except httpx.TimeoutException:
                last = f"no answer within {rules.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__}: {exc})"
                continue
            status = response.status_code
            if 500 <= status < 600:
                last = f"server error {status} {response.reason_phrase}"
                continue
            if 400 <= status < 500:
                raise ImportError_(
                    f"Taldau refused the request: {status} {response.reason_phrase} "
                    "(check the index id, period and dics)",
                    Location(url),
                )
            if status != 200:
                raise ImportError_(
                    f"unexpected answer {status} {response.reason_phrase}", Location(url)
                )
            return response.content
    finally:
        if own:
            http.close()
    raise ImportError_(
        f"no usable answer after {rules.retries + 1} attempt(s): {last}", Location(url)
    )
