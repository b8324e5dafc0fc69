"""A web page fetched for archiving: HTTP(S) only, with a timeout, a size cap and a redirect
limit, and one clear `ClaimsError` for each way it can fail."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO

from claimledger.errors import ClaimsError

TIMEOUT = 20.0  # seconds without an answer
MAX_BYTES = 50 << 20  # a news page is well under 5 MiB; a 500 MB download is a mistake
MAX_REDIRECTS = 5
CHUNK = 1 << 16
USER_AGENT = "claimledger-archive/0.1 (+https://example.org/claimledger)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str  # the media type alone, lowercased ("text/html")


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch(url: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """The body of `url`; refuses other schemes, errors, endless redirects and large bodies."""
    if not url.lower().startswith(("http://", "https://")):
        raise ClaimsError(f"{url}: only http:// and https:// addresses are fetched")
    opener = urllib.request.build_opener(_LimitedRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read_capped(url, response, response.headers, max_bytes)
            media = response.headers.get_content_type()
            return Fetched(response.geturl(), data, media)
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise ClaimsError(
                f"{url}: redirected more than {MAX_REDIRECTS} times (a redirect loop?)"
            ) from None
        raise ClaimsError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise ClaimsError(f"{url}: no answer within {timeout:g} s") from None
        raise ClaimsError(f"{url}: could not reach the server ({_why(reason)})") from None
    except TimeoutError:
        raise ClaimsError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # a connection reset, a malformed address
        raise ClaimsError(f"{url}: could not fetch it ({exc})") from None


def _why(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason)


def _read_capped(url: str, body: IO[bytes], headers: Message, max_bytes: int) -> bytes:
    too_large = (
        f"{url}: larger than {max_bytes >> 20} MiB; not an article page "
        "(raise the cap with --max-size MIB if it really is)"
    )
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise ClaimsError(too_large)
    chunks, total = [], 0
    while chunk := body.read(CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise ClaimsError(too_large)
        chunks.append(chunk)
    return b"".join(chunks)
