"""The Tablestore network lock's provider, driven for real against a protocol-level local server.

Pulumi's mocks never run dynamic-provider code, so these tests call ``create``/``update``/
``delete``/``diff``/``check`` directly, with the official SDK signing real HTTP requests to
:class:`~tests.infra.tablestore_control_server.TablestoreControlPlane` on 127.0.0.1 (signature
verified, ACLs recorded). The last tests unpickle the provider the way Pulumi does - serialized by
``pulumi.dynamic``, loaded in a separate, isolated interpreter started in ``infra/`` - and drive it
from there, because that process cannot import this repository.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from infra.components.tablestore_lock import (
    INPUT_KEYS,
    TablestoreNetworkLockArgs,
    TablestoreNetworkLockProvider,
    control_endpoint,
)
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc

from tests.infra.conftest import REPO_ROOT
from tests.infra.tablestore_control_server import Instance, TablestoreControlPlane
from tests.servers._base import LoopbackServer

REGION = "ap-southeast-1"
INSTANCE = "crlocktest"
KEY_ID, SECRET = "LTAI5tLockTestKeyId0001", "lock-test-secret-9f8e7d6c5b4a"
STS_KEY_ID, STS_SECRET, STS_TOKEN = "STS.LockTestKeyId0002", "sts-secret-1a2b3c4d", "sts-token-abcdef0123456789"
OTHER_KEY_ID, OTHER_SECRET = "LTAI5tOtherIdentity0003", "other-secret-0f1e2d3c"
CREDENTIAL_VARIABLES = (
    "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_PROFILE",
    "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_PROFILE",
)
OPEN, LOCKED = ["INTERNET", "VPC"], ["VPC"]


@pytest.fixture
def control() -> Iterator[tuple[TablestoreControlPlane, LoopbackServer]]:
    app = TablestoreControlPlane(
        {KEY_ID: SECRET, STS_KEY_ID: STS_SECRET, OTHER_KEY_ID: OTHER_SECRET},
        sts_tokens={STS_KEY_ID: STS_TOKEN},
        instances={INSTANCE: Instance(["VPC", "INTERNET"], ["TRUST_PROXY"])},
    )
    with LoopbackServer(app) as server:
        yield app, server


@pytest.fixture
def deployer_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """The deployer's shell: no credentials but the ones a test sets, and an empty home."""
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", KEY_ID)
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", SECRET)
    return monkeypatch


def _provider(**overrides: Any) -> Any:
    settings = {"retry_delays": (0.0, 0.0), "verify_delays": (0.0, 0.0), "connect_timeout_ms": 2000,
                "read_timeout_ms": 5000, **overrides}
    return TablestoreNetworkLockProvider(**settings)


def _props(server: LoopbackServer, **overrides: Any) -> dict[str, Any]:
    args = TablestoreNetworkLockArgs(instance_name=INSTANCE, region=REGION, endpoint=server.netloc, protocol="http")
    return {**args.inputs(), **overrides}


def _acl(app: TablestoreControlPlane) -> tuple[list[str], list[str]]:
    instance = app.instances[INSTANCE]
    return sorted(instance.network_type_acl), sorted(instance.network_source_acl)


# --- the lifecycle ----------------------------------------------------------------------------

def test_create_locks_the_instance_to_the_vpc_and_keeps_the_console(control, deployer_env):
    app, server = control
    props = _props(server)
    result = _provider().create(props)
    assert _acl(app) == (LOCKED, ["TRUST_PROXY"])
    (update,) = app.updates()
    assert update.body == {"InstanceName": INSTANCE, "NetworkTypeACL": ["VPC"], "NetworkSourceACL": ["TRUST_PROXY"]}
    assert update.access_key_id == KEY_ID
    assert [c.action for c in app.calls] == ["UpdateInstance", "GetInstance"]  # verified by reading back
    assert result.id == f"{REGION}/{INSTANCE}"
    assert result.outs == {key: props[key] for key in INPUT_KEYS}


def test_delete_reopens_the_instance_to_the_internet(control, deployer_env):
    app, server = control
    provider, props = _provider(), _props(server)
    created = provider.create(props)
    provider.delete(created.id, created.outs)
    assert _acl(app) == (OPEN, ["TRUST_PROXY"])
    assert [u.body["NetworkTypeACL"] for u in app.updates()] == [LOCKED, OPEN]
    assert app.updates()[-1].body["NetworkSourceACL"] == ["TRUST_PROXY"]


def test_delete_of_a_lock_whose_instance_is_gone_succeeds(control, deployer_env):
    app, server = control
    del app.instances[INSTANCE]
    _provider().delete(f"{REGION}/{INSTANCE}", _props(server))
    assert [c.action for c in app.calls] == ["UpdateInstance"]


def test_create_on_a_missing_instance_fails(control, deployer_env):
    app, server = control
    del app.instances[INSTANCE]
    with pytest.raises(RuntimeError, match="does not exist"):
        _provider().create(_props(server))


def test_update_applies_a_changed_locked_acl_to_the_same_instance(control, deployer_env):
    app, server = control
    provider = _provider()
    created = provider.create(_props(server))
    news = _props(server, lockedNetworkTypeAcl=["VPC", "CLASSIC"])
    result = provider.update(created.id, created.outs, news)
    assert _acl(app) == (["CLASSIC", "VPC"], ["TRUST_PROXY"])
    assert result.outs["lockedNetworkTypeAcl"] == ["VPC", "CLASSIC"]


def test_diff_replaces_only_for_another_instance_or_region_and_deletes_first(control):
    _, server = control
    provider, olds = _provider(), {**_props(server), "__provider": "pickle"}
    assert not provider.diff("id", olds, {**_props(server), "__provider": "pickle"}).changes
    code = provider.diff("id", olds, {**olds, "__provider": "pickle of newer code"})
    assert (code.changes, code.replaces) == (True, [])  # re-lock in place, so delete() runs current code
    for key, value in (("instanceName", "crother"), ("region", "eu-central-1")):
        result = provider.diff("id", olds, {**olds, key: value})
        assert (result.changes, result.replaces, result.delete_before_replace) == (True, [key], True)
    acl = provider.diff("id", olds, {**olds, "lockedNetworkTypeAcl": ["VPC", "CLASSIC"]})
    assert (acl.changes, acl.replaces) == (True, [])
    unknown = provider.diff("id", olds, {**olds, "instanceName": rpc.UNKNOWN})  # preview of a new instance
    assert unknown.replaces == ["instanceName"]


def test_check_refuses_extra_inputs_and_acls_that_would_not_lock(control):
    _, server = control
    provider, good = _provider(), _props(server)
    assert provider.check({}, {**good, "__provider": "pickle"}).failures == []
    assert provider.check({}, {**good, "instanceName": rpc.UNKNOWN}).failures == []  # preview
    cases = {
        "accessKeySecret": {**good, "accessKeySecret": SECRET},
        "lockedNetworkTypeAcl": {**good, "lockedNetworkTypeAcl": ["VPC", "INTERNET"]},
        "openNetworkTypeAcl": {**good, "openNetworkTypeAcl": ["VPC"]},
        "networkSourceAcl": {**good, "networkSourceAcl": ["ANYWHERE"]},
        "protocol": {**good, "protocol": "ftp"},
        "region": {key: value for key, value in good.items() if key != "region"},
    }
    for key, news in cases.items():
        assert [f.property for f in provider.check({}, news).failures] == [key], key


def test_default_endpoint_is_the_regions_public_openapi():
    assert control_endpoint(REGION) == "tablestore.ap-southeast-1.aliyuncs.com"
    inputs = TablestoreNetworkLockArgs(instance_name=INSTANCE, region=REGION).inputs()
    assert (inputs["endpoint"], inputs["protocol"]) == ("tablestore.ap-southeast-1.aliyuncs.com", "https")
    assert list(inputs) == list(INPUT_KEYS)


# --- verification and failures -----------------------------------------------------------------

def test_create_waits_for_the_instance_to_report_the_lock(control, deployer_env):
    app, server = control
    app.stale_reads = 2  # the first two reads still show the open ACL
    _provider(verify_delays=(0.0, 0.0, 0.0)).create(_props(server))
    assert [c.action for c in app.calls] == ["UpdateInstance", "GetInstance", "GetInstance", "GetInstance"]


def test_create_fails_if_the_instance_never_reports_the_lock(control, deployer_env):
    app, server = control
    app.ignore_updates = True  # accepted, not applied
    with pytest.raises(RuntimeError, match=r"still reports NetworkTypeACL=\['INTERNET', 'VPC'\]"):
        _provider().create(_props(server))


def test_transient_errors_are_retried(control, deployer_env):
    app, server = control
    app.faults = [(503, "ServiceUnavailable"), (429, "Throttling.User")]
    _provider(retry_delays=(0.0, 0.0)).create(_props(server))
    assert _acl(app)[0] == LOCKED
    assert [c.action for c in app.calls] == ["UpdateInstance"] * 3 + ["GetInstance"]


def test_a_missing_permission_fails_at_once_and_says_which(control, deployer_env):
    app, server = control
    app.denied.add((KEY_ID, "UpdateInstance"))
    with pytest.raises(RuntimeError, match=r"NoPermission \(HTTP 403\).*ots:UpdateInstance") as error:
        _provider().create(_props(server))
    assert len(app.updates()) == 1  # a 403 is not retried
    assert f"instance/{INSTANCE}" in str(error.value)


def test_a_wrong_secret_fails_clearly_and_changes_nothing(control, deployer_env):
    app, server = control
    wrong = "not-the-" + SECRET
    deployer_env.setenv("ALICLOUD_SECRET_KEY", wrong)
    with pytest.raises(RuntimeError, match=r"SignatureDoesNotMatch \(HTTP 400\).*deployer's credentials") as error:
        _provider().create(_props(server))
    assert app.rejected == ["SignatureDoesNotMatch"] and app.calls == []  # refused before processing
    assert _acl(app)[0] == OPEN
    assert wrong not in str(error.value) and SECRET not in str(error.value)


def test_an_unknown_access_key_is_an_error_even_on_delete(control, deployer_env):
    """The gateway answers 404 InvalidAccessKeyId.NotFound: that must not pass for a deleted instance."""
    app, server = control
    deployer_env.setenv("ALICLOUD_ACCESS_KEY", "LTAI5tNobodyKnowsThisKey")
    with pytest.raises(RuntimeError, match=r"InvalidAccessKeyId\.NotFound \(HTTP 404\).*deployer's credentials"):
        _provider().delete(f"{REGION}/{INSTANCE}", _props(server, openNetworkTypeAcl=["VPC", "INTERNET"]))
    assert app.rejected == ["InvalidAccessKeyId.NotFound"]


def test_a_lost_connection_is_retried(control, deployer_env):
    app, server = control
    app.drops = 1
    _provider(retry_delays=(0.0,)).create(_props(server))
    assert app.dropped == 1 and _acl(app)[0] == LOCKED


def test_an_unreachable_endpoint_fails_naming_it(deployer_env):
    props = {**TablestoreNetworkLockArgs(instance_name=INSTANCE, region=REGION).inputs(),
             "endpoint": "127.0.0.1:9", "protocol": "http"}  # discard port: nothing listens
    with pytest.raises(RuntimeError, match=r"no answer from http://127\.0\.0\.1:9"):
        _provider(retry_delays=(0.0,)).create(props)


# --- credentials -------------------------------------------------------------------------------

def test_alicloud_variables_win_like_in_the_alicloud_provider(control, deployer_env):
    app, server = control
    deployer_env.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", OTHER_KEY_ID)
    deployer_env.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", OTHER_SECRET)
    _provider().create(_props(server))
    assert {c.access_key_id for c in app.calls} == {KEY_ID}


def test_alibaba_cloud_variables_are_used_without_alicloud_ones(control, deployer_env):
    app, server = control
    deployer_env.delenv("ALICLOUD_ACCESS_KEY")
    deployer_env.delenv("ALICLOUD_SECRET_KEY")
    deployer_env.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", OTHER_KEY_ID)
    deployer_env.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", OTHER_SECRET)
    _provider().create(_props(server))
    assert {c.access_key_id for c in app.calls} == {OTHER_KEY_ID}


def test_sts_credentials_send_their_token(control, deployer_env):
    app, server = control
    deployer_env.setenv("ALICLOUD_ACCESS_KEY", STS_KEY_ID)
    deployer_env.setenv("ALICLOUD_SECRET_KEY", STS_SECRET)
    deployer_env.setenv("ALICLOUD_SECURITY_TOKEN", STS_TOKEN)
    _provider().create(_props(server))
    assert {(c.access_key_id, c.security_token) for c in app.calls} == {(STS_KEY_ID, STS_TOKEN)}


def test_half_a_key_pair_is_an_error_not_a_silent_fallback(control, deployer_env):
    _, server = control
    deployer_env.delenv("ALICLOUD_SECRET_KEY")
    deployer_env.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", OTHER_KEY_ID)
    deployer_env.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", OTHER_SECRET)
    with pytest.raises(RuntimeError, match="ALICLOUD_ACCESS_KEY is set but ALICLOUD_SECRET_KEY is not"):
        _provider().create(_props(server))


def test_an_aliyun_cli_profile_named_like_for_the_alicloud_provider(control, deployer_env, tmp_path):
    app, server = control
    deployer_env.delenv("ALICLOUD_ACCESS_KEY")
    deployer_env.delenv("ALICLOUD_SECRET_KEY")
    deployer_env.setenv("ALICLOUD_PROFILE", "deploy")
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text(json.dumps({
        "current": "other",
        "profiles": [
            {"name": "other", "mode": "AK", "access_key_id": "LTAI-wrong", "access_key_secret": "x"},
            {"name": "deploy", "mode": "AK", "access_key_id": OTHER_KEY_ID, "access_key_secret": OTHER_SECRET},
        ],
    }))
    _provider().create(_props(server))
    assert {c.access_key_id for c in app.calls} == {OTHER_KEY_ID}


def test_credentials_never_reach_outputs_or_the_serialized_provider(control, deployer_env):
    _, server = control
    deployer_env.setenv("ALICLOUD_SECURITY_TOKEN", "")  # present but empty: a permanent key
    provider = _provider()
    created = provider.create(_props(server))
    updated = provider.update(created.id, created.outs, _props(server))
    state = json.dumps([created.id, created.outs, updated.outs]) + serialize_provider(provider)
    for value in (KEY_ID, SECRET):
        assert value not in state
    assert set(created.outs) == set(INPUT_KEYS)


# --- the provider as Pulumi runs it -----------------------------------------------------------

DRIVER = textwrap.dedent(r"""
    import base64, json, os, sys
    # As `python -m pulumi.dynamic` started by the engine in the program directory (infra/): that
    # directory, not the repository root, is first on sys.path.
    sys.path.insert(0, os.getcwd())
    import dill
    from pulumi.runtime._serialization import _deserialize

    provider = _deserialize(lambda: dill.loads(base64.b64decode(sys.stdin.read())))
    props = json.loads(sys.argv[1])
    try:
        result = provider.create(props)
    except RuntimeError as exc:
        print(json.dumps({"error": str(exc)}))
        sys.exit(3)
    print(json.dumps({"id": result.id, "outs": result.outs,
                      "imported": sorted(m for m in sys.modules if m == "infra" or m.startswith(("infra.", "tests")))}))
""")


def _run_pickled(provider: Any, props: dict[str, Any], env: dict[str, str]) -> tuple[int, dict[str, Any]]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and driver
        [sys.executable, "-I", "-c", DRIVER, json.dumps(props)],
        input=serialize_provider(provider), cwd=REPO_ROOT / "infra", env=env,
        capture_output=True, text=True, check=False, timeout=120,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr[-3000:]
    return result.returncode, json.loads(lines[-1])


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in CREDENTIAL_VARIABLES}
    env.update(HOME=str(home), ALIBABA_CLOUD_ECS_METADATA_DISABLED="true", **extra)
    return env


def test_the_pickled_provider_runs_where_the_repository_is_not_importable(control, tmp_path):
    app, server = control
    code, report = _run_pickled(
        _provider(), _props(server), _clean_env(tmp_path, ALICLOUD_ACCESS_KEY=KEY_ID, ALICLOUD_SECRET_KEY=SECRET)
    )
    assert code == 0, report
    assert report["imported"] == []  # pickled by value: nothing of this repository was imported
    assert report["outs"]["lockedNetworkTypeAcl"] == ["VPC"]
    assert _acl(app)[0] == LOCKED and {c.access_key_id for c in app.calls} == {KEY_ID}


def test_without_any_credentials_the_provider_says_where_it_looked(control, tmp_path):
    app, server = control
    code, report = _run_pickled(_provider(), _props(server), _clean_env(tmp_path))
    assert code == 3
    assert "no credentials" in report["error"] and "ALICLOUD_ACCESS_KEY" in report["error"]
    assert app.calls == [] and app.rejected == []  # nothing was sent
