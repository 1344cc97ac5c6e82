"""Close a Tablestore instance to everything but its VPC once Pulumi has created its table.

Why this exists: the alicloud provider creates and changes Tablestore *tables* through the
instance's public data endpoint, from the deployer's machine, and an instance whose network ACL
is VPC-only refuses that ("Request denied by instance ACL policies"). So the instance is created
with ``VPC`` + ``INTERNET`` (see :mod:`infra.components.table`), and this dynamic resource - which
depends on the table and the VPC binding - then narrows the ACL with the Tablestore control-plane
OpenAPI (``UpdateInstance``, 2020-12-09, ROA ``POST /v2/openapi/updateinstance`` on
``tablestore.<region>.aliyuncs.com``). Its lifecycle is the lock's:

* ``create``/``update`` - set ``NetworkTypeACL`` to the locked list (``["VPC"]``), keep the source
  ACL (``TRUST_PROXY``: the console), then read the instance back (``GetInstance``) until it reports
  exactly that; the resource only exists once the instance is verifiably closed.
* ``delete`` - re-open the instance (``["VPC", "INTERNET"]``) so that ``pulumi destroy`` (the lock is
  destroyed before the table it depends on) or a later table change can reach the data endpoint.
  An instance that no longer exists counts as re-opened.
* ``diff`` - another instance or region is a replacement (delete first: re-open the old one, then
  lock the new one); other changed inputs, and a changed serialized provider (``__provider``: new
  code or another Python), are an in-place update, which re-applies the lock (idempotent) and so
  keeps the code that ``delete`` will run from the state current.

Credentials are the deployer's, resolved at call time in the provider process, in the order the
alicloud Terraform provider (and hence the rest of ``pulumi up``) uses: ``ALICLOUD_ACCESS_KEY`` /
``ALICLOUD_SECRET_KEY`` / ``ALICLOUD_SECURITY_TOKEN``, then ``ALIBABA_CLOUD_ACCESS_KEY_ID`` /
``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` / ``ALIBABA_CLOUD_SECURITY_TOKEN``, then an aliyun CLI profile named
by ``ALICLOUD_PROFILE`` / ``ALIBABA_CLOUD_PROFILE``, then the SDK's default credential chain. They
are never inputs, outputs, part of the serialized provider, or in an error message.

Serialization: Pulumi pickles the provider object with dill into the state and unpickles it in a
separate process (``pulumi-resource-pulumi-python``) whose working directory is the program
directory ``infra/`` - so the repository root, and with it this module, is *not* importable there.
dill pickles a class by reference when it can find it by module and name, which would then fail
with ``No module named 'infra'``. The provider class is therefore defined inside a function, which
makes dill pickle it *by value*; its methods import the SDKs they need inside their bodies, use
only names defined on the class, and the instance holds plain data (tuples, numbers). A test
unpickles it in an isolated interpreter started in ``infra/`` and drives it against a local server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.dynamic

#: The network types the instance ends with: only its bound VPC.
LOCKED_NETWORK_TYPE_ACL: tuple[str, ...] = ("VPC",)
#: The network types while the alicloud provider needs the public data endpoint (create/destroy).
OPEN_NETWORK_TYPE_ACL: tuple[str, ...] = ("VPC", "INTERNET")
#: Network sources kept in both states: the console's trusted proxy, so operators can inspect data.
NETWORK_SOURCE_ACL: tuple[str, ...] = ("TRUST_PROXY",)

#: Every input (and output) of the lock; anything else - a credential, say - is refused by check().
INPUT_KEYS: tuple[str, ...] = (
    "instanceName",
    "region",
    "endpoint",
    "protocol",
    "lockedNetworkTypeAcl",
    "openNetworkTypeAcl",
    "networkSourceAcl",
)


def control_endpoint(region: str) -> str:
    """The public Tablestore OpenAPI (control-plane) endpoint of ``region``.

    Documented as ``tablestore.<region>.aliyuncs.com`` (e.g. ``tablestore.ap-southeast-1.aliyuncs.com``
    for Singapore); the same host the SDK's endpoint map holds for every region it lists.
    """
    return f"tablestore.{region}.aliyuncs.com"


def _define_provider_class() -> type[pulumi.dynamic.ResourceProvider]:
    # Defined inside a function on purpose: dill then pickles the class by value (see the module
    # docstring). Methods must not refer to module-level functions or classes of this file.

    class TablestoreNetworkLockProvider(pulumi.dynamic.ResourceProvider):
        """Dynamic provider of :class:`TablestoreNetworkLock` (contract in the module docstring).

        ``retry_delays``: seconds to wait before each retry of a call that failed transiently
        (throttling, HTTP 5xx, a network error); 4xx answers such as a denied permission or a bad
        signature fail at once. ``verify_delays``: seconds to wait before each re-read while the
        instance does not yet report the ACL that was just set. Timeouts are per HTTP request.
        """

        INPUT_KEYS = INPUT_KEYS
        # Tuples, not sets: set order varies between processes and would make the pickle unstable.
        NETWORK_TYPES = ("VPC", "INTERNET", "CLASSIC")
        NETWORK_SOURCES = ("TRUST_PROXY",)
        PROTOCOLS = ("https", "http")
        # Access-key variables in the alicloud Terraform provider's order; messages name the
        # variables, never their values.
        ENV_PAIRS = (
            ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"),
        )
        PROFILE_VARIABLES = ("ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE")
        CALLER_ERROR_WORDS = ("AccessKey", "SecurityToken", "Signature", "Credential", "Action", "Version")
        CREDENTIALS_HINT = (
            " - the lock uses the deployer's credentials, like the rest of `pulumi up`: "
            "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY[/ALICLOUD_SECURITY_TOKEN], "
            "ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET[/ALIBABA_CLOUD_SECURITY_TOKEN], "
            "an aliyun CLI profile (ALICLOUD_PROFILE) or the SDK's default credential chain"
        )

        def __init__(
            self,
            retry_delays: Sequence[float] = (2.0, 5.0, 10.0),
            verify_delays: Sequence[float] = (1.0, 2.0, 4.0, 8.0),
            connect_timeout_ms: int = 10_000,
            read_timeout_ms: int = 30_000,
        ) -> None:
            self.retry_delays = tuple(float(d) for d in retry_delays)
            self.verify_delays = tuple(float(d) for d in verify_delays)
            self.connect_timeout_ms = int(connect_timeout_ms)
            self.read_timeout_ms = int(read_timeout_ms)

        # --- the Pulumi dynamic-provider interface ---------------------------------------------
        def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.CheckResult:
            """Refuse unknown inputs (nothing secret may enter the state) and impossible ACLs."""
            from pulumi.runtime import rpc

            failures = []
            for key in sorted(set(news) - set(self.INPUT_KEYS) - {"__provider"}):
                failures.append(pulumi.dynamic.CheckFailure(key, f"unknown input {key!r}"))
            for key in self.INPUT_KEYS:
                if key not in news:
                    failures.append(pulumi.dynamic.CheckFailure(key, f"{key!r} is required"))
            known = {k: v for k, v in news.items() if k in self.INPUT_KEYS and not self._unknown(v, rpc)}
            for key in ("instanceName", "region", "endpoint"):
                if key in known and not (isinstance(known[key], str) and known[key]):
                    failures.append(pulumi.dynamic.CheckFailure(key, f"{key!r} must be a non-empty string"))
            if "protocol" in known and known["protocol"] not in self.PROTOCOLS:
                failures.append(pulumi.dynamic.CheckFailure("protocol", "must be 'https' (or 'http' for tests)"))
            for key, allowed in (
                ("lockedNetworkTypeAcl", self.NETWORK_TYPES),
                ("openNetworkTypeAcl", self.NETWORK_TYPES),
                ("networkSourceAcl", self.NETWORK_SOURCES),
            ):
                value = known.get(key)
                if key in known and not (
                    isinstance(value, list) and all(isinstance(v, str) and v in allowed for v in value)
                ):
                    failures.append(pulumi.dynamic.CheckFailure(key, f"must be a list of {sorted(allowed)}"))
            locked, opened = known.get("lockedNetworkTypeAcl"), known.get("openNetworkTypeAcl")
            if isinstance(locked, list) and ("INTERNET" in locked or not locked):
                failures.append(pulumi.dynamic.CheckFailure(
                    "lockedNetworkTypeAcl", "the locked ACL must be non-empty and must not include INTERNET"))
            if isinstance(opened, list) and "INTERNET" not in opened:
                failures.append(pulumi.dynamic.CheckFailure(
                    "openNetworkTypeAcl", "the open ACL must include INTERNET (the provider's data endpoint)"))
            return pulumi.dynamic.CheckResult(news, failures)

        def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
            """Lock the instance (locked ACL + source ACL), verified by reading it back."""
            self._set_acl(props, props["lockedNetworkTypeAcl"], missing_ok=False)
            return pulumi.dynamic.CreateResult(id_=f"{props['region']}/{props['instanceName']}", outs=self._outs(props))

        def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
            """Another instance or region: replace (delete first); other inputs or new provider code:
            update in place."""
            changed = [key for key in (*self.INPUT_KEYS, "__provider") if olds.get(key) != news.get(key)]
            replaces = [key for key in changed if key in ("instanceName", "region")]
            return pulumi.dynamic.DiffResult(
                changes=bool(changed), replaces=replaces, stables=[], delete_before_replace=True
            )

        def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
            """Apply the (possibly changed) locked ACL to the same instance."""
            self._set_acl(news, news["lockedNetworkTypeAcl"], missing_ok=False)
            return pulumi.dynamic.UpdateResult(outs=self._outs(news))

        def delete(self, _id: str, props: dict[str, Any]) -> None:
            """Re-open the instance (open ACL + source ACL); a missing instance is fine."""
            self._set_acl(props, props["openNetworkTypeAcl"], missing_ok=True)

        # --- helpers (reached through self only: see the note on pickling) ----------------------
        @staticmethod
        def _unknown(value: Any, rpc: Any) -> bool:
            return value == rpc.UNKNOWN or (isinstance(value, list) and rpc.UNKNOWN in value)

        def _outs(self, props: dict[str, Any]) -> dict[str, Any]:
            return {key: props[key] for key in self.INPUT_KEYS}

        def _set_acl(self, props: dict[str, Any], network_type_acl: list[str], *, missing_ok: bool) -> None:
            from alibabacloud_tablestore20201209 import models

            instance = props["instanceName"]
            wanted_types = sorted(network_type_acl)
            wanted_sources = sorted(props["networkSourceAcl"])
            client = self._client(props)
            what = f"Tablestore UpdateInstance {instance} NetworkTypeACL={wanted_types}"
            request = models.UpdateInstanceRequest(
                instance_name=instance, network_type_acl=list(wanted_types), network_source_acl=list(wanted_sources)
            )
            try:
                self._call(what, props, lambda runtime: client.update_instance_with_options(request, {}, runtime))
            except LookupError:
                if missing_ok:
                    return
                raise RuntimeError(f"{what}: the instance does not exist in {props['region']}") from None
            self._verify(client, props, wanted_types, wanted_sources)

        def _verify(self, client: Any, props: dict[str, Any], types: list[str], sources: list[str]) -> None:
            import time

            from alibabacloud_tablestore20201209 import models

            instance = props["instanceName"]
            what = f"Tablestore GetInstance {instance}"
            request = models.GetInstanceRequest(instance_name=instance)
            seen: tuple[list[str], list[str]] = ([], [])
            for delay in (0.0, *self.verify_delays):
                time.sleep(delay)
                try:
                    body = self._call(what, props, lambda runtime: client.get_instance_with_options(request, {}, runtime)).body
                except LookupError:
                    raise RuntimeError(f"{what}: the instance disappeared after UpdateInstance") from None
                seen = (sorted(body.network_type_acl or []), sorted(body.network_source_acl or []))
                if seen == (types, sources):
                    return
            raise RuntimeError(
                f"{what}: UpdateInstance was accepted but the instance still reports NetworkTypeACL={seen[0]} "
                f"NetworkSourceACL={seen[1]} instead of {types} / {sources}; check the instance in the console"
            )

        def _call(self, what: str, props: dict[str, Any], send: Any) -> Any:
            """Send one request, retrying transient failures; LookupError if the instance is gone."""
            import time

            from alibabacloud_credentials.exceptions import CredentialException
            from alibabacloud_tea_openapi import exceptions as api_errors
            from darabonba.exceptions import UnretryableException
            from darabonba.runtime import RuntimeOptions

            for delay in (*self.retry_delays, None):  # None: the last attempt
                try:
                    return send(RuntimeOptions())
                except api_errors.AlibabaCloudException as exc:  # an HTTP error answer
                    status, code = int(exc.status_code or 0), str(exc.code or "")
                    # A 404 about the caller (unknown AccessKeyId, wrong action) is not a gone instance.
                    about_caller = any(word in code for word in self.CALLER_ERROR_WORDS)
                    if (status == 404 or "NotExist" in code or "NotFound" in code) and not about_caller:
                        raise LookupError(props["instanceName"]) from None
                    transient = (
                        status >= 500 or status == 429 or code.startswith("Throttling")
                        or isinstance(exc, api_errors.ThrottlingException)
                    )
                    if not transient or delay is None:
                        raise RuntimeError(self._explain(what, props, status, code, exc)) from None
                except UnretryableException as exc:  # no HTTP answer: the SDK wraps the cause
                    cause = getattr(exc, "inner_exception", None)
                    if isinstance(cause, CredentialException):
                        raise RuntimeError(f"{what}: no credentials: {self._safe(cause)}{self.CREDENTIALS_HINT}") from None
                    if delay is None:
                        raise RuntimeError(
                            f"{what}: no answer from {props['protocol']}://{props['endpoint']}: {self._safe(cause)}"
                        ) from None
                except CredentialException as exc:
                    raise RuntimeError(f"{what}: no credentials: {self._safe(exc)}{self.CREDENTIALS_HINT}") from None
                time.sleep(delay)
            raise AssertionError("unreachable: the last attempt returns or raises")

        def _explain(self, what: str, props: dict[str, Any], status: int, code: str, exc: Any) -> str:
            message = str(getattr(exc, "message", "") or "")  # the SDK's text includes the request id
            hint = ""
            if status == 403 or "NoPermission" in code or "Forbidden" in code:
                hint = (
                    f" - the deployer needs ots:UpdateInstance and ots:GetInstance on "
                    f"acs:ots:{props['region']}:<account>:instance/{props['instanceName']}"
                )
            elif "Signature" in code or "AccessKey" in code or "SecurityToken" in code or "InvalidCredentials" in code:
                hint = self.CREDENTIALS_HINT
            return f"{what} failed: {code} (HTTP {status}): {message}{hint}"

        @staticmethod
        def _safe(exc: Any) -> str:
            # Only the cause's own text (SDK credential and network errors name what is missing or
            # unreachable, never a secret), capped, and never the SDK's request object, which holds
            # the signed headers.
            text = str(getattr(exc, "message", "") or exc) if exc is not None else "unknown error"
            return text[:400]

        def _client(self, props: dict[str, Any]) -> Any:
            from alibabacloud_tablestore20201209.client import Client
            from alibabacloud_tea_openapi.utils_models import Config

            config = Config(
                region_id=props["region"],
                endpoint=props["endpoint"],
                protocol=props["protocol"],
                connect_timeout=self.connect_timeout_ms,
                read_timeout=self.read_timeout_ms,
            )
            static = self._static_credentials()
            if static is not None:
                config.access_key_id, config.access_key_secret, config.security_token = static
            else:
                config.credential = self._credential_client()
            return Client(config)

        def _static_credentials(self) -> tuple[str, str, str | None] | None:
            """The first complete access-key pair from the environment (alicloud provider order)."""
            import os

            for id_name, secret_name, token_name in self.ENV_PAIRS:
                key_id, secret = os.environ.get(id_name, ""), os.environ.get(secret_name, "")
                if key_id and secret:
                    return key_id, secret, os.environ.get(token_name) or None
                if key_id or secret:
                    present, absent = (id_name, secret_name) if key_id else (secret_name, id_name)
                    raise RuntimeError(f"{present} is set but {absent} is not: set both, or neither")
            return None

        def _credential_client(self) -> Any:
            """A CLI profile named in the environment, else the SDK's default credential chain."""
            import os

            from alibabacloud_credentials.client import Client as CredentialClient

            for variable in self.PROFILE_VARIABLES:
                profile = os.environ.get(variable)
                if profile:
                    from alibabacloud_credentials.provider import CLIProfileCredentialsProvider

                    # The path is computed now, not at SDK import time, so HOME is the deployer's.
                    path = os.path.join(os.path.expanduser("~"), ".aliyun", "config.json")
                    return CredentialClient(
                        provider=CLIProfileCredentialsProvider(profile_name=profile, profile_file=path)
                    )
            return CredentialClient()

    return TablestoreNetworkLockProvider


TablestoreNetworkLockProvider = _define_provider_class()


@dataclass(frozen=True)
class TablestoreNetworkLockArgs:
    """What to lock. ``endpoint``/``protocol`` default to the region's public OpenAPI over HTTPS;
    tests point them at a local server (``http``)."""

    instance_name: pulumi.Input[str]
    region: str
    endpoint: str | None = None
    protocol: str = "https"
    locked_network_type_acl: tuple[str, ...] = LOCKED_NETWORK_TYPE_ACL
    open_network_type_acl: tuple[str, ...] = OPEN_NETWORK_TYPE_ACL
    network_source_acl: tuple[str, ...] = NETWORK_SOURCE_ACL

    def inputs(self) -> dict[str, Any]:
        """The dynamic resource's inputs (camelCase, exactly :data:`INPUT_KEYS`)."""
        return {
            "instanceName": self.instance_name,
            "region": self.region,
            "endpoint": self.endpoint or control_endpoint(self.region),
            "protocol": self.protocol,
            "lockedNetworkTypeAcl": list(self.locked_network_type_acl),
            "openNetworkTypeAcl": list(self.open_network_type_acl),
            "networkSourceAcl": list(self.network_source_acl),
        }


class TablestoreNetworkLock(pulumi.dynamic.Resource):
    """While this resource exists, the instance's network type ACL is the locked one (VPC only);
    deleting it re-opens the instance to the Internet. Give it ``depends_on`` on everything that must
    be created through the public data endpoint first (the table)."""

    def __init__(
        self, name: str, args: TablestoreNetworkLockArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TablestoreNetworkLockProvider(), name, args.inputs(), opts)
