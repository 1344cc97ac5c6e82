"""A protocol-level stand-in for the Tablestore control-plane OpenAPI (2020-12-09) on 127.0.0.1.

It serves the two ROA operations the network lock uses, exactly as the official SDK
(``alibabacloud-tablestore20201209``) sends them with ``protocol="http"`` and
``endpoint="127.0.0.1:<port>"``:

* ``UpdateInstance`` - ``POST /v2/openapi/updateinstance``, JSON body ``{"InstanceName",
  "NetworkTypeACL", "NetworkSourceACL"}`` (``content-type: application/json``). Both ACL lists are
  required here (the alicloud provider always sends them together); the instance's ACLs are
  replaced and the request is recorded.
* ``GetInstance`` - ``GET /v2/openapi/getinstance?InstanceName=…``: the instance with its ACLs.

Every request must carry a valid ACS3-HMAC-SHA256 signature: the ``Authorization`` header is
checked by :class:`credrec_local.servers.acs3.Acs3Verifier`, the verifier the CloudAuth emulator uses (ROA
signs the pathname, query and headers the same way as RPC): the signed headers must cover host,
action, version, date, nonce and content hash (and the STS token when one is sent), the content
hash must match the body, the date must be within 15 minutes and the nonce new. The action and
version headers must match the path. Errors are JSON ``{"Code", "Message", "RequestId"}``.

Assumptions (the real service's exact answers are not documented anywhere reachable): an unknown
instance is HTTP 404 ``InstanceNotFound``; a RAM denial is HTTP 403 ``NoPermission``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from credrec_local.servers.acs3 import Acs3Verifier, ApiError
from tests.servers._base import DROP, Request, Response

VERSION = "2020-12-09"
ROUTES = {  # (method, path) -> action
    ("POST", "/v2/openapi/updateinstance"): "UpdateInstance",
    ("GET", "/v2/openapi/getinstance"): "GetInstance",
}
NETWORK_TYPES = {"VPC", "INTERNET", "CLASSIC"}
NETWORK_SOURCES = {"TRUST_PROXY"}
MAX_SKEW_S = 900.0


@dataclass
class Call:
    """One authenticated, well-formed request (whatever was answered: denied, fault or success)."""

    action: str
    access_key_id: str
    security_token: str | None
    instance: str
    body: dict[str, Any]


@dataclass
class Instance:
    network_type_acl: list[str]
    network_source_acl: list[str] = field(default_factory=lambda: ["TRUST_PROXY"])


class TablestoreControlPlane:
    """The app behind a :class:`tests.servers._base.LoopbackServer`.

    ``credentials``: AccessKeyId -> secret; ``sts_tokens``: AccessKeyId -> the token it requires.
    ``denied``: (AccessKeyId, action) pairs answered 403. ``faults``: error answers (status, code)
    served, in order, to the next authenticated requests. ``drops``: close the connection without an
    answer for this many requests (counted in ``dropped``). ``ignore_updates``: accept UpdateInstance
    but change nothing. ``stale_reads``: after an update, GetInstance reports the previous ACLs this
    many times (eventual consistency).
    """

    def __init__(
        self,
        credentials: dict[str, str],
        *,
        instances: dict[str, Instance] | None = None,
        sts_tokens: dict[str, str] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.instances = dict(instances or {})
        self.clock = clock or (lambda: dt.datetime.now(dt.timezone.utc).timestamp())
        self.verifier = Acs3Verifier(credentials, sts_tokens, max_skew_s=MAX_SKEW_S, clock=lambda: self.clock())
        self.denied: set[tuple[str, str]] = set()
        self.faults: list[tuple[int, str]] = []
        self.ignore_updates = False
        self.stale_reads = 0
        self.drops = 0
        self.dropped = 0
        self.calls: list[Call] = []
        self.rejected: list[str] = []  # codes of requests refused before processing (auth, routing)
        self._previous: dict[str, Instance] = {}
        self._stale_left: dict[str, int] = {}
        self._lock = threading.Lock()

    # --- what tests read ---------------------------------------------------------------------
    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.action == "UpdateInstance"]

    # --- HTTP ----------------------------------------------------------------------------------
    def handle(self, request: Request) -> Response | object:
        with self._lock:
            if self.drops > 0:  # a peer that dies mid-request: no HTTP answer at all
                self.drops -= 1
                self.dropped += 1
                return DROP
        request_id = str(uuid.uuid4()).upper()
        try:
            with self._lock:
                body = self._serve(request)
            status = 200
            body = {"RequestId": request_id, **body}
        except ApiError as err:
            status, body = err.status, {"Code": err.code, "Message": err.message, "RequestId": request_id}
        return Response(status, [("Content-Type", "application/json")], json.dumps(body).encode())

    def _serve(self, request: Request) -> dict[str, Any]:
        low = {name.lower(): value for name, value in request.headers.items()}
        parts = urlsplit(request.path)
        try:
            access_key_id = self.verifier.verify(request.method, request.path, low, request.body)
            token = low.get("x-acs-security-token")
            action = self._route(request.method, parts.path, low)
        except ApiError as err:
            self.rejected.append(err.code)
            raise
        params = self._params(action, parts.query, low, request.body)
        self.calls.append(Call(action, access_key_id, token, params.get("InstanceName", ""), params))
        if (access_key_id, action) in self.denied:
            raise ApiError(403, "NoPermission", f"You are not authorized to do this action: ots:{action}.")
        if self.faults:
            status, code = self.faults.pop(0)
            raise ApiError(status, code, f"injected {code}")
        return self._update(params) if action == "UpdateInstance" else self._get(params)

    @staticmethod
    def _route(method: str, path: str, low: dict[str, str]) -> str:
        action = ROUTES.get((method, path))
        if action is None or low.get("x-acs-action") != action:
            raise ApiError(404, "InvalidAction.NotFound", f"no {low.get('x-acs-action')} at {method} {path}")
        if low.get("x-acs-version") != VERSION:
            raise ApiError(400, "InvalidVersion", f"expected version {VERSION}")
        return action

    @staticmethod
    def _params(action: str, query: str, low: dict[str, str], body: bytes) -> dict[str, Any]:
        if action == "GetInstance":
            return dict(parse_qsl(query, keep_blank_values=True))
        if not low.get("content-type", "").startswith("application/json"):
            raise ApiError(400, "InvalidParameter", "the body must be JSON")
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            raise ApiError(400, "InvalidParameter", "the body is not valid JSON") from None
        if not isinstance(params, dict):
            raise ApiError(400, "InvalidParameter", "the body must be a JSON object")
        return params

    def _instance(self, params: dict[str, Any]) -> tuple[str, Instance]:
        name = params.get("InstanceName")
        if not isinstance(name, str) or not name:
            raise ApiError(400, "MissingParameter", "InstanceName is required")
        if name not in self.instances:
            raise ApiError(404, "InstanceNotFound", f"instance {name} does not exist")
        return name, self.instances[name]

    def _update(self, params: dict[str, Any]) -> dict[str, Any]:
        name, instance = self._instance(params)
        types, sources = params.get("NetworkTypeACL"), params.get("NetworkSourceACL")
        for key, value, allowed in (("NetworkTypeACL", types, NETWORK_TYPES),
                                    ("NetworkSourceACL", sources, NETWORK_SOURCES)):
            if not isinstance(value, list) or not set(value) <= allowed:
                raise ApiError(400, "InvalidParameter", f"{key} must be a list of {sorted(allowed)}")
        if not self.ignore_updates:
            self._previous[name] = Instance(list(instance.network_type_acl), list(instance.network_source_acl))
            self._stale_left[name] = self.stale_reads
            instance.network_type_acl, instance.network_source_acl = list(types), list(sources)
        return {}

    def _get(self, params: dict[str, Any]) -> dict[str, Any]:
        name, instance = self._instance(params)
        if self._stale_left.get(name, 0) > 0:
            self._stale_left[name] -= 1
            instance = self._previous[name]
        return {
            "InstanceName": name,
            "InstanceStatus": "normal",
            "NetworkTypeACL": list(instance.network_type_acl),
            "NetworkSourceACL": list(instance.network_source_acl),
        }
