"""A module's audio and images, served to the participant who has the module open.

A file is served only when the page text the participant reads (their pinned revision, in their
language) names it with the digest in the address, and the file on disk still has those bytes.
The address changes whenever the file does, so browsers may keep it for good. Django's
FileResponse answers no Range requests, which audio players need to seek, so single byte ranges
are answered here.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from accounts.access import role_required
from accounts.roles import Role
from modules.access import get_open_module
from modules.content import media_file
from modules.models import ModuleVersion
from modules.selectors import version_in

CACHE_CONTROL = f"private, max-age={365 * 24 * 60 * 60}, immutable"
# A file opened on its own in a tab (an SVG above all) may run nothing and load nothing.
MEDIA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
CHUNK_SIZE = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _media_item(version: ModuleVersion, *, digest: str, name: str) -> dict:
    """The page entry naming this file in this version; 404 for anything else."""
    for page in version.pages:
        for item in page.get("media", []):
            if item["name"] == name and item["sha256"] == digest:
                return item
    raise Http404


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for by a single range; None when the header asks for
    several ranges or is malformed (the whole file is then the right answer). Raises
    ValueError when the range lies outside the file."""
    match = _RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start > end or start >= size:
        raise ValueError(header)
    return start, end


def _read(path: Path, start: int, end: int) -> Iterator[bytes]:
    with path.open("rb") as file:
        file.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


@role_required(Role.PARTICIPANT)
@require_safe
def module_media(request: HttpRequest, number: int, digest: str, name: str) -> HttpResponseBase:
    progress = get_open_module(request.user, number)
    item = _media_item(
        version_in(progress.content_version, get_language()), digest=digest, name=name
    )
    path = media_file(number=number, slug=progress.module.slug, name=name, sha256=digest)
    if path is None:
        raise Http404
    size = path.stat().st_size
    etag = f'"{digest}"'
    wanted = request.headers.get("Range", "")
    # If-Range: a part of another version of the file would not fit what the player holds.
    if request.headers.get("If-Range", etag) != etag:
        wanted = ""
    try:
        byte_range = _byte_range(wanted, size) if wanted else None
    except ValueError:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if byte_range is None:
        response = FileResponse(path.open("rb"), content_type=item["content_type"])
    else:
        start, end = byte_range
        response = StreamingHttpResponse(
            _read(path, start, end), status=206, content_type=item["content_type"]
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Security-Policy"] = MEDIA_POLICY
    return response
