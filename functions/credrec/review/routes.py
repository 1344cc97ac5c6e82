"""HTTP side of the review workbench, served by the same handler as the JSON API.

    GET  /                                  the workbench page (static, no data in it)
    GET  /static/{app.js,app.css}           its script and style (vendored, no CDN)
    GET  /review/me                         who the token belongs to, reject reasons, claim length
    GET  /review/queue?view=&status=&decision=&fraud=&since=&until=&limit=&cursor=
    GET  /review/stats                      dashboard figures (JSON)
    GET  /review/charts/{status,decisions}.svg   dashboard charts (server-drawn SVG)
    GET  /review/records/{id}               record + overlays + review flags
    GET  /review/records/{id}/image         the document from the private bucket (no-store)
    POST /review/records/{id}/claim | /release | /decision

``/review/*`` takes a *reviewer* token only (``Settings.reviewer_tokens_sha256``, SHA-256 compared
in constant time); the service token opens the JSON API and not this, and the other way round.
Every answer carries a strict Content-Security-Policy (no inline script or style, no framing).
No personal data appears in paths or logs: ids are hashes, filters are statuses, tags and days.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from importlib import resources
from typing import Any

from ..errors import (
    AuthenticationError,
    CredrecError,
    InvalidRequestError,
    ObjectNotFoundError,
    PermanentError,
)
from ..events import HttpRequest
from ..logging import JsonLogger
from ..models import Record, ReviewAction, Status
from ..ports import Clock, ObjectSource, ResultStore
from ..settings import Settings
from ..validation import sniff
from .dashboard import DECISION_COLOURS, STATUS_COLOURS, stacked_bars
from .overlays import overlays
from .service import (
    REJECT_REASONS,
    QueueFilter,
    ReviewService,
    live_claim,
    machine_outcome,
    needs_review,
    parse_day,
    review_flags,
)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
STATIC = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "bmp": "image/bmp", "webp": "image/webp",
               "GIF": "image/gif"}
MAX_DECISION_BODY = 16_000
_RECORD = re.compile(r"^/review/records/([0-9a-f]{32})(?:/(image|claim|release|decision))?/?$")
_CHART = re.compile(r"^/review/charts/(status|decisions)\.svg$")


class ReviewRouteNotFoundError(PermanentError):
    default_code = "NOT_FOUND"
    http_status = 404


class ReviewMethodError(PermanentError):
    default_code = "METHOD_NOT_ALLOWED"
    http_status = 405


class ImageUnavailableError(PermanentError):
    default_code = "IMAGE_UNAVAILABLE"
    http_status = 404


def answer(status: int, body: bytes | str, content_type: str, request_id: str | None,
           extra: dict[str, str] | None = None) -> dict[str, Any]:
    headers = {"content-type": content_type, "cache-control": "no-store", **SECURITY_HEADERS, **(extra or {})}
    if request_id:
        headers["x-request-id"] = request_id
    if isinstance(body, bytes):
        return {"statusCode": status, "headers": headers, "body": base64.b64encode(body).decode("ascii"),
                "isBase64Encoded": True}
    return {"statusCode": status, "headers": headers, "body": body, "isBase64Encoded": False}


def json_answer(status: int, payload: Any, request_id: str | None) -> dict[str, Any]:
    extra = {"www-authenticate": 'Bearer realm="credrec-review"'} if status == 401 else None
    return answer(status, json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                  "application/json; charset=utf-8", request_id, extra)


_static_cache: dict[str, str] = {}


def static_text(name: str) -> str:
    if name not in _static_cache:
        _static_cache[name] = resources.files("credrec.review").joinpath("static").joinpath(name).read_text("utf-8")
    return _static_cache[name]


def is_workbench_path(path: str) -> bool:
    return path in ("/", "/index.html") or path.startswith(("/static/", "/review/")) or path == "/review"


def route_name(path: str) -> str:
    """A log-safe name for the route (no ids)."""
    if path in ("/", "/index.html"):
        return "/"
    if path.startswith("/static/"):
        return "/static/{file}"
    match = _RECORD.match(path)
    if match:
        return "/review/records/{id}" + (f"/{match.group(2)}" if match.group(2) else "")
    if _CHART.match(path):
        return "/review/charts/{chart}"
    return path if path in ("/review/me", "/review/queue", "/review/stats") else "other"


def queue_item(record: Record, now: float) -> dict[str, Any]:
    view = record.public_view()
    claim = live_claim(record, now)
    last = record.review.last
    return {
        "id": record.id,
        "status": record.status.value,
        "created_at": view["created_at"],
        "name": record.fields.name,
        "flags": review_flags(record),
        "needs_review": needs_review(record),
        "decision": machine_outcome(record),
        "fraud": view["fraud"],
        "claim": {"reviewer": claim.reviewer, "seconds_left": int(claim.until - now)} if claim else None,
        "last_review": {"reviewer": last.reviewer, "action": last.action.value} if last else None,
    }


class ReviewRoutes:
    def __init__(self, settings: Settings, store: ResultStore, objects: ObjectSource, clock: Clock,
                 logger: JsonLogger) -> None:
        self.settings = settings
        self.objects = objects
        self.clock = clock
        self.log = logger
        self.service = ReviewService(store, clock, claim_seconds=settings.review_claim_seconds)

    # ------------------------------------------------------------------ entry

    def dispatch(self, request: HttpRequest, request_id: str | None) -> dict[str, Any]:
        try:
            return self._dispatch(request, request_id)
        except CredrecError as exc:
            return json_answer(exc.http_status, {"error": {"code": exc.code, "message": exc.message}}, request_id)

    def _dispatch(self, request: HttpRequest, rid: str | None) -> dict[str, Any]:
        method, path = request.method, request.path
        if path in ("/", "/index.html") or path.startswith("/static/"):
            if method not in ("GET", "HEAD"):
                raise ReviewMethodError("use GET")
            name = path[len("/static/"):] if path.startswith("/static/") else "index.html"
            if name not in STATIC:
                raise ReviewRouteNotFoundError("no such file")
            return answer(200, static_text(name), STATIC[name], rid)
        reviewer = self.authenticate(request)
        if path == "/review/me":
            self._method(method, "GET")
            return json_answer(200, {"reviewer": reviewer, "reject_reasons": REJECT_REASONS,
                                     "claim_seconds": self.settings.review_claim_seconds}, rid)
        if path == "/review/queue":
            self._method(method, "GET")
            return self._queue(request, rid)
        if path == "/review/stats":
            self._method(method, "GET")
            return json_answer(200, self.service.stats().as_json(), rid)
        chart = _CHART.match(path)
        if chart:
            self._method(method, "GET")
            stats = self.service.stats()
            svg = (stacked_bars("Records per day by status", stats.by_day_status, STATUS_COLOURS)
                   if chart.group(1) == "status" else
                   stacked_bars("Records per day by machine decision", stats.by_day_decision, DECISION_COLOURS))
            return answer(200, svg, "image/svg+xml; charset=utf-8", rid)
        match = _RECORD.match(path)
        if not match:
            raise ReviewRouteNotFoundError("no such route")
        record_id, action = match.group(1), match.group(2)
        if action is None:
            self._method(method, "GET")
            return json_answer(200, self._record_view(self.service.get(record_id)), rid)
        if action == "image":
            self._method(method, "GET")
            return self._image(self.service.get(record_id), rid)
        self._method(method, "POST")
        if action == "claim":
            record = self.service.claim(record_id, reviewer)
        elif action == "release":
            record = self.service.release(record_id, reviewer)
        else:
            record = self._decide(request, record_id, reviewer)
        self.log.info("review." + action, request_id=rid, record_id=record_id)
        return json_answer(200, self._record_view(record), rid)

    @staticmethod
    def _method(method: str, wanted: str) -> None:
        if method != wanted and not (wanted == "GET" and method == "HEAD"):
            raise ReviewMethodError(f"use {wanted}")

    # ------------------------------------------------------------------ auth

    def reviewer_for(self, header: str | None) -> str | None:
        """The reviewer whose token an ``Authorization`` header carries; every hash is compared."""
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        presented = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
        found: str | None = None
        for name, digest in sorted(self.settings.reviewer_hashes.items()):
            if hmac.compare_digest(presented, digest):
                found = name
        return found

    def authenticate(self, request: HttpRequest) -> str:
        header = request.headers.get("authorization", "")
        if not self.settings.reviewer_hashes:
            raise AuthenticationError("no reviewers are configured (credrec reviewers add NAME)")
        if not header.partition(" ")[2].strip():
            raise AuthenticationError("missing bearer token")
        found = self.reviewer_for(header)
        if found is None:
            raise AuthenticationError("unknown reviewer token")
        return found

    # ------------------------------------------------------------------ handlers

    def _queue(self, request: HttpRequest, rid: str | None) -> dict[str, Any]:
        q = request.query
        view = q.get("view") or "queue"
        if view not in ("queue", "all"):
            raise InvalidRequestError("view must be queue or all")
        status = None
        if q.get("status"):
            try:
                status = Status(q["status"].upper())
            except ValueError as exc:
                raise InvalidRequestError(f"status must be one of {', '.join(s.value for s in Status)}") from exc
        decision = (q.get("decision") or "").upper() or None
        if decision not in (None, "ACCEPT", "REVIEW", "REJECT", "NONE"):
            raise InvalidRequestError("decision must be ACCEPT, REVIEW, REJECT or NONE")
        fraud = q.get("fraud") or None
        if fraud is not None and not re.fullmatch(r"[A-Za-z0-9_]{1,40}", fraud):
            raise InvalidRequestError("fraud must be flagged, clear or a fraud type such as PS")
        since = parse_day(q["since"], "since") if q.get("since") else None
        until = parse_day(q["until"], "until") + 86400 if q.get("until") else None
        try:
            limit = int(q.get("limit") or 25)
        except ValueError as exc:
            raise InvalidRequestError("limit must be a number") from exc
        if not 1 <= limit <= 100:
            raise InvalidRequestError("limit must be between 1 and 100")
        flt = QueueFilter(view=view, status=status, decision=decision, fraud=fraud, since=since, until=until)
        page = self.service.queue(flt, limit=limit, cursor=q.get("cursor") or None)
        now = self.clock.now()
        return json_answer(200, {"records": [queue_item(r, now) for r in page.records], "cursor": page.cursor,
                                 "scanned": page.scanned}, rid)

    def _record_view(self, record: Record) -> dict[str, Any]:
        now = self.clock.now()
        claim = live_claim(record, now)
        view = record.public_view()
        return {
            "record": view,
            "flags": review_flags(record),
            "needs_review": needs_review(record),
            "claim": {"reviewer": claim.reviewer, "seconds_left": int(claim.until - now)} if claim else None,
            "overlays": overlays(record.ext_id_info),
            "expected": view["expected"],
            "decision": view["decision"],
            "image": {"available": record.source.kind == "oss" and bool(record.source.key),
                      "why_not": None if record.source.kind == "oss" else
                      "sent inline to the HTTP API: the image was not kept"},
        }

    def _image(self, record: Record, rid: str | None) -> dict[str, Any]:
        source = record.source
        if source.kind != "oss" or not source.key or not source.bucket:
            raise ImageUnavailableError("the image was sent inline to the HTTP API and not kept")
        if source.bucket != self.settings.bucket:
            raise ImageUnavailableError("the image is in another bucket")
        try:
            data = self.objects.read(source.bucket, source.key, etag=source.etag)
        except ObjectNotFoundError as exc:
            raise ImageUnavailableError("the image is no longer in the bucket (deleted or expired)") from exc
        kind = sniff(data)
        content_type = IMAGE_TYPES.get(kind or "")
        if kind == "PDF":  # the function does not rasterise PDFs; a page image would come from a renderer
            raise ImageUnavailableError("the document is a PDF: the function does not render PDF pages, "
                                        "open the original from the bucket", code="PDF_NOT_RENDERED",
                                        http_status=415)
        if content_type is None:
            raise ImageUnavailableError("the stored file is not an image the browser can show",
                                        code="IMAGE_NOT_DISPLAYABLE", http_status=415)
        return answer(200, data, content_type, rid, {"content-disposition": "inline"})

    def _decide(self, request: HttpRequest, record_id: str, reviewer: str) -> Record:
        if len(request.body) > MAX_DECISION_BODY:
            raise InvalidRequestError("decision body too large")
        try:
            body = json.loads(request.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidRequestError("the body is not valid JSON") from exc
        if not isinstance(body, dict):
            raise InvalidRequestError("the body must be a JSON object")
        unknown = sorted(set(body) - {"action", "reasons", "comment", "seen_decisions"})
        if unknown:
            raise InvalidRequestError(f"unknown fields: {', '.join(unknown)}")
        try:
            action = ReviewAction(str(body.get("action", "")).upper())
        except ValueError as exc:
            raise InvalidRequestError("action must be APPROVE, REJECT or REQUEST_DOCUMENT") from exc
        reasons = body.get("reasons") or []
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise InvalidRequestError("reasons must be a list of reason codes")
        comment = body.get("comment")
        if comment is not None and not isinstance(comment, str):
            raise InvalidRequestError("comment must be text")
        seen = body.get("seen_decisions")
        if seen is not None and (not isinstance(seen, int) or isinstance(seen, bool) or seen < 0):
            raise InvalidRequestError("seen_decisions must be a count")
        return self.service.decide(record_id, reviewer, action=action, reasons=reasons, comment=comment,
                                   seen_decisions=seen)
