"""The stack under Pulumi mocks: every property the issue asks for, per resource.

Each test reads what the engine *received* (wire inputs, camelCase) in one mocked ``pulumi up`` of
the default configuration (``deployment`` fixture). Expected ARNs are spelled out here literally
rather than rebuilt with ``infra.policies``, so a wrong ARN form in the program cannot hide behind
the same helper in the test.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import pulumi
import pytest
from infra.checksum import crc64
from infra.components.tablestore_lock import INPUT_KEYS as LOCK_INPUT_KEYS
from infra.policies import bucket_policy_violations, least_privilege_violations
from infra.stack import build

from credrec.adapters.tablestore import PK as RECORD_KEY
from credrec.settings import Settings
from tests.infra.conftest import HTTP_TOKEN, REGION, Deployment
from tests.infra.infra_mocks import ACCOUNT_ID, FC_ZONES, RecordingMocks

ALICLOUD = "alicloud:"
BUCKET = "alicloud:oss/bucket:Bucket"
FUNCTION = "alicloud:fc/v3Function:V3Function"
TRIGGER = "alicloud:fc/v3Trigger:V3Trigger"
ROLE = "alicloud:ram/role:Role"
POLICY = "alicloud:ram/policy:Policy"
ATTACHMENT = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"
OTS_INSTANCE = "alicloud:ots/instance:Instance"
DYNAMIC = "pulumi-python:dynamic:Resource"  # how every Python dynamic resource reaches the engine


def _names(d: Deployment):
    return d.stack.names


def _policy_doc(d: Deployment, policy_name: str) -> dict:
    return json.loads(d.one(POLICY, policyName=policy_name).inputs["policyDocument"])


def _grants(document: dict) -> set[tuple[str, str, str]]:
    """(effect, action, resource) triples of a policy document."""
    out = set()
    for statement in document["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        out |= {(statement["Effect"], a, r) for a in actions for r in resources}
    return out


# --- provider and look-ups ------------------------------------------------------------------

def test_every_resource_and_lookup_uses_the_one_provider_pinned_to_the_region(deployment: Deployment):
    (provider,) = deployment.of_type("pulumi:providers:alicloud")
    assert provider.inputs["region"] == REGION
    reference = f"urn:pulumi:mock::credrec::pulumi:pulumi:Stack$pulumi:providers:alicloud::alicloud::{provider.resource_id}"
    cloud = [r for r in deployment.registrations if r.typ.startswith(ALICLOUD)]
    assert len(cloud) >= 25
    assert [r.name for r in cloud if r.provider != reference] == []  # never the default provider
    assert {call[0] for call in deployment.calls} == {
        "alicloud:index/getAccount:getAccount",
        "alicloud:fc/getZones:getZones",
    }
    assert {call[2] for call in deployment.calls} == {reference}


# --- network ----------------------------------------------------------------------------------

def test_vswitch_is_in_a_function_compute_zone_inside_the_vpc(deployment: Deployment):
    vpc = deployment.one("alicloud:vpc/network:Network")
    vswitch = deployment.one("alicloud:vpc/switch:Switch")
    assert vpc.inputs["cidrBlock"] == deployment.cfg.vpc_cidr
    assert vswitch.inputs["vpcId"] == vpc.resource_id
    assert vswitch.inputs["zoneId"] in FC_ZONES
    assert vswitch.inputs["zoneId"] == sorted(FC_ZONES)[0] == deployment.stack.zone_id
    assert vswitch.inputs["cidrBlock"] == deployment.cfg.vswitch_cidr


def test_security_group_allows_no_inbound_traffic(deployment: Deployment):
    group = deployment.one("alicloud:ecs/securityGroup:SecurityGroup")
    assert group.inputs["vpcId"] == deployment.one("alicloud:vpc/network:Network").resource_id
    assert group.inputs["innerAccessPolicy"] == "Drop"
    assert deployment.of_type("alicloud:ecs/securityGroupRule:SecurityGroupRule") == []
    assert deployment.of_type("alicloud:ecs/securityGroupEgressRule:SecurityGroupEgressRule") == []


# --- storage ----------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["upload_bucket", "artifacts_bucket"])
def test_buckets_are_private_blocked_and_encrypted_by_split_resources(deployment: Deployment, which: str):
    name = getattr(_names(deployment), which)
    bucket = deployment.one(BUCKET, bucket=name)
    # SSE and ACL are split resources; setting them inline too would make two owners fight.
    assert "serverSideEncryptionRule" not in bucket.inputs and "acl" not in bucket.inputs
    assert "versioning" not in bucket.inputs  # deleted personal data must really be gone
    assert deployment.one("alicloud:oss/bucketAcl:BucketAcl", bucket=name).inputs["acl"] == "private"
    block = deployment.one("alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket=name)
    assert block.inputs["blockPublicAccess"] is True
    sse = deployment.one("alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption", bucket=name)
    assert sse.inputs["sseAlgorithm"] in {"AES256", "KMS"}


def test_no_public_acl_anywhere(deployment: Deployment):
    acls = deployment.of_type("alicloud:oss/bucketAcl:BucketAcl")
    assert len(acls) == len(deployment.of_type(BUCKET)) == 2
    assert {a.inputs["acl"] for a in acls} == {"private"}
    objects = deployment.of_type("alicloud:oss/bucketObject:BucketObject")
    assert all(o.inputs.get("acl") in (None, "private", "default") for o in objects)


def test_uploads_expire_after_the_retention_days(deployment: Deployment):
    bucket = deployment.one(BUCKET, bucket=_names(deployment).upload_bucket)
    rules = {r["id"]: r for r in bucket.inputs["lifecycleRules"]}
    rule = rules["expire-uploads"]
    assert rule["enabled"] is True and rule["prefix"] == deployment.cfg.upload_prefix == "uploads/"
    assert [e["days"] for e in rule["expirations"]] == [deployment.cfg.image_retention_days] == [7]
    # versioned bucket: the versions an overwrite leaves behind expire too, and so do kept answers
    assert [e["days"] for e in rule["noncurrentVersionExpirations"]] == [7]
    assert rules["expire-kept-answers"]["prefix"] == "credrec-answers/"
    assert rules["expire-delete-markers"]["expirations"] == [{"expiredObjectDeleteMarker": True}]


def test_upload_bucket_is_versioned_so_answers_bind_to_the_validated_bytes(deployment: Deployment):
    names = _names(deployment)
    (versioning,) = deployment.of_type("alicloud:oss/bucketVersioning:BucketVersioning")
    assert versioning.inputs["status"] == "Enabled"
    assert versioning.inputs["bucket"] == names.upload_bucket


def test_fleet_is_bounded_for_the_api_qps_and_a_timer_runs_the_sweeper(deployment: Deployment):
    cfg = deployment.cfg
    (concurrency,) = deployment.of_type("alicloud:fc/v3ConcurrencyConfig:V3ConcurrencyConfig")
    assert concurrency.inputs["reservedConcurrency"] == cfg.reserved_concurrency == 13  # ceil(5 x 2.5 s)
    function = deployment.one(FUNCTION)
    assert function.inputs["instanceConcurrency"] == min(cfg.function_concurrency, 13) == 10
    timer = deployment.one(TRIGGER, triggerType="timer")
    assert json.loads(timer.inputs["triggerConfig"]) == {"cronExpression": "@every 5m", "enable": True,
                                                          "payload": "sweep"}


def test_upload_bucket_refuses_plain_http(deployment: Deployment):
    name = _names(deployment).upload_bucket
    document = json.loads(deployment.one("alicloud:oss/bucketPolicy:BucketPolicy", bucket=name).inputs["policy"])
    assert bucket_policy_violations(document, account_id=ACCOUNT_ID, bucket=name) == []
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Deny" and statement["Principal"] == ["*"]
    assert statement["Condition"] == {"Bool": {"acs:SecureTransport": ["false"]}}
    assert set(statement["Resource"]) == {f"acs:oss:*:{ACCOUNT_ID}:{name}", f"acs:oss:*:{ACCOUNT_ID}:{name}/*"}


def test_code_goes_to_the_artifacts_bucket_under_its_content_hash(deployment: Deployment):
    names = _names(deployment)
    package = deployment.stack.package
    (code,) = deployment.of_type("alicloud:oss/bucketObject:BucketObject")
    assert code.inputs["bucket"] == names.artifacts_bucket != names.upload_bucket
    assert code.inputs["key"] == f"code/{package.sha256}.zip"
    assert not code.inputs["key"].startswith(deployment.cfg.upload_prefix)
    assert code.inputs["source"] == str(package.path)
    assert code.inputs["contentMd5"] == package.md5_base64
    # The trigger watches only the upload bucket, so the code upload can never invoke the function.
    oss_trigger = deployment.one(TRIGGER, triggerType="oss")
    assert oss_trigger.inputs["sourceArn"].endswith(":" + names.upload_bucket)


# --- results table ----------------------------------------------------------------------------

def _lock(d: Deployment):
    (lock,) = d.of_type(DYNAMIC)
    return lock


def test_tablestore_instance_starts_open_for_the_provider_and_leaves_its_acl_to_the_lock(deployment: Deployment):
    instance = deployment.one(OTS_INSTANCE)
    assert instance.inputs["name"] == _names(deployment).ots_instance
    # The provider creates the table through the public data endpoint, so the instance starts open...
    assert instance.inputs["networkTypeAcls"] == ["VPC", "INTERNET"]
    assert instance.inputs["networkSourceAcls"] == ["TRUST_PROXY"]
    assert "accessedBy" not in instance.inputs  # legacy switch; the ACL lists above are the source of truth
    # ...and never fights the lock afterwards: later runs and refreshes ignore the live ACL.
    assert {"networkTypeAcls", "networkSourceAcls"} <= set(instance.options.ignore_changes)
    binding = deployment.one("alicloud:ots/instanceAttachment:InstanceAttachment")
    assert binding.inputs["instanceName"] == instance.inputs["name"]
    assert binding.inputs["vswitchId"] == deployment.one("alicloud:vpc/switch:Switch").resource_id
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{2,15}", binding.inputs["vpcName"])


def test_network_lock_closes_this_instance_to_all_but_the_vpc_once_table_and_binding_exist(deployment: Deployment):
    lock, instance = _lock(deployment), deployment.one(OTS_INSTANCE)
    table = deployment.one("alicloud:ots/table:Table")
    binding = deployment.one("alicloud:ots/instanceAttachment:InstanceAttachment")
    assert lock.inputs["instanceName"] == instance.inputs["name"] == _names(deployment).ots_instance
    assert lock.inputs["region"] == REGION == deployment.cfg.region
    assert lock.inputs["endpoint"] == "tablestore.ap-southeast-1.aliyuncs.com"  # documented OpenAPI endpoint
    assert lock.inputs["protocol"] == "https"
    assert lock.inputs["lockedNetworkTypeAcl"] == ["VPC"]
    assert lock.inputs["networkSourceAcl"] == instance.inputs["networkSourceAcls"] == ["TRUST_PROXY"]
    assert lock.inputs["openNetworkTypeAcl"] == instance.inputs["networkTypeAcls"]  # destroy re-opens as created
    # Created after (and destroyed before) everything that needs the public data endpoint.
    assert {table.options.urn, binding.options.urn, instance.options.urn} <= lock.options.dependencies
    assert lock.options.parent == deployment.by_name("results").options.urn
    # Only the declared inputs (no credentials), and the pickled provider is encrypted in state.
    assert set(lock.inputs) == {*LOCK_INPUT_KEYS, "__provider"}
    assert "__provider" in lock.secret_inputs


def test_the_instance_ends_vpc_only(deployment: Deployment):
    """What the program intends the live ACL to be once `pulumi up` has finished."""
    instance = deployment.one(OTS_INSTANCE)
    locks = [r for r in deployment.of_type(DYNAMIC) if r.inputs.get("instanceName") == instance.inputs["name"]]
    final = locks[-1].inputs["lockedNetworkTypeAcl"] if locks else instance.inputs["networkTypeAcls"]
    assert final == ["VPC"]
    assert deployment.cfg.tablestore_allow_internet is False  # the default configuration, one run


def test_escape_hatch_keeps_the_instance_open_without_a_lock(deployment: Deployment, mocks: RecordingMocks):
    """tablestoreAllowInternet=true: the same stack without the lock, so the data endpoint stays
    reachable (table changes, refresh); an existing lock would be deleted, which re-opens the instance.

    (``deployment`` first, so its snapshot never contains the resources of this second run.)"""
    before = len(mocks.registrations)
    cfg = deployment.cfg.model_copy(update={"tablestore_allow_internet": True})

    @pulumi.runtime.test
    def second_run() -> pulumi.Output[Any]:
        return pulumi.Output.all(**build(cfg, package=deployment.stack.package).outputs)

    second_run()
    new = mocks.registrations[before:]
    assert [r for r in new if r.typ == DYNAMIC] == []
    (instance,) = [r for r in new if r.typ == OTS_INSTANCE]
    assert instance.inputs["networkTypeAcls"] == ["VPC", "INTERNET"]
    assert len(new) == len(deployment.registrations) - 1  # everything else is still there


def test_table_matches_the_record_key_keeps_one_version_and_is_encrypted(deployment: Deployment):
    table = deployment.one("alicloud:ots/table:Table")
    assert table.inputs["tableName"] == Settings.model_fields["table"].default
    assert table.inputs["primaryKeys"] == [{"name": RECORD_KEY, "type": "String"}]
    assert table.inputs["maxVersion"] == 1
    assert table.inputs["enableSse"] is True and table.inputs["sseKeyType"] == "SSE_KMS_SERVICE"
    assert table.inputs["instanceName"] == deployment.one("alicloud:ots/instance:Instance").inputs["name"]


# --- identity ---------------------------------------------------------------------------------

def _trust(d: Deployment, role_name: str) -> dict:
    return json.loads(d.one(ROLE, roleName=role_name).inputs["assumeRolePolicyDocument"])


def test_function_role_is_trusted_by_fc_only(deployment: Deployment):
    trust = _trust(deployment, _names(deployment).function_role)
    assert trust["Statement"] == [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["fc.aliyuncs.com"]}}
    ]


def test_function_role_gets_id_verification_and_exactly_its_custom_policy(deployment: Deployment):
    names = _names(deployment)
    attached = {
        (a.inputs["policyName"], a.inputs["policyType"])
        for a in deployment.of_type(ATTACHMENT)
        if a.inputs["roleName"] == names.function_role
    }
    assert attached == {("AliyunAntCloudAuthFullAccess", "System"), (names.function_policy, "Custom")}


def test_function_policy_is_exactly_what_the_function_does(deployment: Deployment):
    names, cfg = _names(deployment), deployment.cfg
    document = _policy_doc(deployment, names.function_policy)
    table_arn = f"acs:ots:{REGION}:{ACCOUNT_ID}:instance/{names.ots_instance.lower()}/table/{names.table}"
    assert _grants(document) == {
        ("Allow", "oss:GetObject", f"acs:oss:*:{ACCOUNT_ID}:{names.upload_bucket}/{cfg.upload_prefix}*"),
        ("Allow", "oss:GetObjectVersion", f"acs:oss:*:{ACCOUNT_ID}:{names.upload_bucket}/{cfg.upload_prefix}*"),
        ("Allow", "oss:PutObject", f"acs:oss:*:{ACCOUNT_ID}:{names.upload_bucket}/credrec-answers/*"),
        ("Allow", "oss:GetObject", f"acs:oss:*:{ACCOUNT_ID}:{names.upload_bucket}/credrec-answers/*"),
        ("Allow", "oss:DeleteObject", f"acs:oss:*:{ACCOUNT_ID}:{names.upload_bucket}/credrec-answers/*"),
        ("Allow", "ots:PutRow", table_arn),
        ("Allow", "ots:GetRow", table_arn),
        ("Allow", "ots:GetRange", table_arn),
        ("Allow", "ots:GetRange", f"{table_arn}_due"),  # the sweeper's index of IN_PROGRESS records
        ("Allow", "log:PostLogStoreLogs", f"acs:log:{REGION}:{ACCOUNT_ID}:project/{names.log_project}/logstore/{names.logstore}"),
        ("Allow", "mns:SendMessage", f"acs:mns:{REGION}:{ACCOUNT_ID}:/queues/{names.queue}/messages"),
    }


def test_oss_invocation_role_may_only_invoke_this_function(deployment: Deployment):
    names = _names(deployment)
    trust = _trust(deployment, names.oss_invoke_role)
    assert trust["Statement"][0]["Principal"] == {"Service": ["oss.aliyuncs.com"]}
    attached = {
        (a.inputs["policyName"], a.inputs["policyType"])
        for a in deployment.of_type(ATTACHMENT)
        if a.inputs["roleName"] == names.oss_invoke_role
    }
    assert attached == {(names.oss_invoke_policy, "Custom")}
    function_arn = f"acs:fc:{REGION}:{ACCOUNT_ID}:functions/{names.function}"
    assert deployment.one(FUNCTION).outputs["functionArn"] == function_arn
    assert _grants(_policy_doc(deployment, names.oss_invoke_policy)) == {
        ("Allow", "fc:InvokeFunction", function_arn),
        ("Allow", "fc:InvokeFunction", f"{function_arn}/*"),
    }


def test_no_custom_policy_has_a_star_resource_or_broad_grant(deployment: Deployment):
    documents = [json.loads(p.inputs["policyDocument"]) for p in deployment.of_type(POLICY)]
    assert len(documents) == 2
    for document in documents:
        assert least_privilege_violations(document) == []
        for _, action, resource in _grants(document):
            assert resource != "*" and not resource.endswith(":*") and "*" not in action
    system = {a.inputs["policyName"] for a in deployment.of_type(ATTACHMENT) if a.inputs["policyType"] == "System"}
    assert system == {"AliyunAntCloudAuthFullAccess"}  # nothing like AliyunFCInvocationAccess (invoke-all)


def test_policies_fit_ram_size_limit(deployment: Deployment):
    for policy in deployment.of_type(POLICY):
        assert len(policy.inputs["policyDocument"].encode()) <= 6144
        assert policy.inputs.get("rotateStrategy") == "DeleteOldestNonDefaultVersionWhenLimitExceeded"


# --- function ---------------------------------------------------------------------------------

def test_function_runtime_code_and_role(deployment: Deployment):
    names, package = _names(deployment), deployment.stack.package
    function = deployment.one(FUNCTION)
    assert function.inputs["functionName"] == names.function
    assert function.inputs["runtime"] == "python3.10"
    assert function.inputs["handler"] == "credrec.index.handler"
    assert function.inputs["code"] == {
        "ossBucketName": names.artifacts_bucket,
        "ossObjectName": f"code/{package.sha256}.zip",
        "checksum": str(crc64(package.path.read_bytes())),
    }
    assert "zipFile" not in function.inputs["code"]
    assert function.inputs["role"] == deployment.one(ROLE, roleName=names.function_role).outputs["arn"]
    assert package.sha256[:12] in function.inputs["description"]  # a code change is always a diff


def test_function_sizing_network_and_logs(deployment: Deployment):
    cfg, names = deployment.cfg, _names(deployment)
    function = deployment.one(FUNCTION).inputs
    assert function["memorySize"] == cfg.function_memory_mb == 1024
    assert function["cpu"] == pytest.approx(0.5)
    assert 0.25 <= function["cpu"] / (function["memorySize"] / 1024) <= 1.0
    assert function["timeout"] == cfg.function_timeout_seconds
    assert function["instanceConcurrency"] == cfg.function_concurrency
    assert function["internetAccess"] is False
    assert function["vpcConfig"] == {
        "vpcId": deployment.one("alicloud:vpc/network:Network").resource_id,
        "vswitchIds": [deployment.one("alicloud:vpc/switch:Switch").resource_id],
        "securityGroupId": deployment.one("alicloud:ecs/securityGroup:SecurityGroup").resource_id,
    }
    assert function["logConfig"]["project"] == names.log_project
    assert function["logConfig"]["logstore"] == names.logstore


def test_logs_have_a_project_a_bounded_logstore_and_an_index(deployment: Deployment):
    names = _names(deployment)
    assert deployment.one("alicloud:log/project:Project").inputs["projectName"] == names.log_project
    store = deployment.one("alicloud:log/store:Store").inputs
    assert (store["projectName"], store["logstoreName"]) == (names.log_project, names.logstore)
    assert store["retentionPeriod"] == deployment.cfg.log_retention_days == 30
    index = deployment.one("alicloud:log/storeIndex:StoreIndex").inputs
    assert (index["project"], index["logstore"]) == (names.log_project, names.logstore)
    assert index["fullText"]["caseSensitive"] is False


def test_environment_keys_are_exactly_the_settings_fields(deployment: Deployment):
    env = deployment.one(FUNCTION).inputs["environmentVariables"]
    assert set(env) == set(Settings.env_names())
    assert env == deployment.environment


def test_environment_values_point_at_this_stacks_private_endpoints(deployment: Deployment):
    names, cfg = _names(deployment), deployment.cfg
    env = deployment.environment
    assert env["CREDREC_REGION"] == REGION
    assert env["CREDREC_BUCKET"] == names.upload_bucket
    assert env["CREDREC_UPLOAD_PREFIX"] == cfg.upload_prefix
    assert env["CREDREC_CLOUDAUTH_ENDPOINT"] == f"cloudauth-intl-vpc.{REGION}.aliyuncs.com"
    assert env["CREDREC_CLOUDAUTH_PROTOCOL"] == "https"
    assert env["CREDREC_OSS_ENDPOINT"] == f"oss-{REGION}-internal.aliyuncs.com"
    assert env["CREDREC_OSS_PUBLIC_ENDPOINT"] == f"oss-{REGION}.aliyuncs.com"
    assert env["CREDREC_OTS_ENDPOINT"] == f"https://{names.ots_instance}.{REGION}.vpc.tablestore.aliyuncs.com"
    assert env["CREDREC_OTS_INSTANCE"] == names.ots_instance
    assert env["CREDREC_TABLE"] == deployment.one("alicloud:ots/table:Table").inputs["tableName"]
    assert env["CREDREC_MAX_DELIVERIES"] == str(cfg.async_retry_attempts + 1) == "4"
    settings = Settings.from_mapping(env)  # the function accepts exactly what is deployed
    assert settings.http_token_sha256.get_secret_value() == hashlib.sha256(HTTP_TOKEN.encode()).hexdigest()


def test_token_hash_is_secret_and_the_token_itself_is_never_deployed(deployment: Deployment):
    assert deployment.environment_is_secret
    assert "environmentVariables" in deployment.one(FUNCTION).secret_inputs
    everything = json.dumps([r.inputs for r in deployment.registrations], default=str)
    assert HTTP_TOKEN not in everything


# --- triggers and failure handling ------------------------------------------------------------

def test_oss_trigger_watches_new_objects_under_the_upload_prefix(deployment: Deployment):
    names = _names(deployment)
    trigger = deployment.one(TRIGGER, triggerType="oss").inputs
    assert trigger["functionName"] == names.function and trigger["qualifier"] == "LATEST"
    assert trigger["sourceArn"] == f"acs:oss:{REGION}:{ACCOUNT_ID}:{names.upload_bucket}"
    assert trigger["invocationRole"] == deployment.one(ROLE, roleName=names.oss_invoke_role).outputs["arn"]
    config = json.loads(trigger["triggerConfig"])
    assert config == {
        "events": [
            "oss:ObjectCreated:PutObject",
            "oss:ObjectCreated:PostObject",
            "oss:ObjectCreated:CopyObject",  # #10 row 10: a copied-in object gets a record too
            "oss:ObjectCreated:AppendObject",
            "oss:ObjectCreated:CompleteMultipartUpload",
        ],
        "filter": {"key": {"prefix": "uploads/"}},
    }
    assert "oss:ObjectCreated:PutSymlink" not in config["events"]  # no content; may point out of the prefix


def test_http_trigger_auth_is_consistent_with_the_functions_bearer_check(deployment: Deployment):
    trigger = deployment.one(TRIGGER, triggerType="http").inputs
    assert trigger["functionName"] == _names(deployment).function
    config = json.loads(trigger["triggerConfig"])
    assert set(config) <= {"authType", "methods", "disableURLInternet", "authConfig", "corsConfig"}
    assert sorted(config["methods"]) == ["GET", "POST"]
    # FC does not authenticate (anonymous), so the function must: the token hash has to be there.
    assert config["authType"] == "anonymous"
    assert re.fullmatch(r"[0-9a-f]{64}", deployment.environment["CREDREC_HTTP_TOKEN_SHA256"])
    assert "sourceArn" not in trigger and "invocationRole" not in trigger


def test_async_failures_are_bounded_and_go_to_the_dead_letter_queue(deployment: Deployment):
    names, cfg = _names(deployment), deployment.cfg
    queue = deployment.one("alicloud:message/serviceQueue:ServiceQueue").inputs
    assert queue["queueName"] == names.queue
    assert queue["enableSse"] is True and queue["messageRetentionPeriod"] == 604800
    config = deployment.one("alicloud:fc/v3AsyncInvokeConfig:V3AsyncInvokeConfig").inputs
    assert config["functionName"] == names.function
    assert config["maxAsyncRetryAttempts"] == cfg.async_retry_attempts == 3
    assert 0 <= config["maxAsyncRetryAttempts"] <= 8
    assert config["maxAsyncEventAgeInSeconds"] == cfg.async_max_event_age_seconds
    destination = config["destinationConfig"]["onFailure"]["destination"]
    assert destination == f"acs:mns:{REGION}:{ACCOUNT_ID}:/queues/{names.queue}/messages"
    # ...and the role FC uses to deliver there may send to exactly that queue.
    grants = _grants(_policy_doc(deployment, names.function_policy))
    assert ("Allow", "mns:SendMessage", destination) in grants


# --- outputs ----------------------------------------------------------------------------------

def test_outputs(deployment: Deployment):
    names, out = _names(deployment), deployment.outputs
    assert out["bucketName"] == names.upload_bucket
    assert out["uploadPrefix"] == "uploads/"
    assert re.fullmatch(r"https://[a-z0-9.-]+\.fcapp\.run", out["httpTriggerUrl"])
    assert out["tableName"] == names.table
    assert out["deadLetterQueueName"] == names.queue
    assert (out["logProject"], out["logStore"]) == (names.log_project, names.logstore)
    assert out["functionName"] == names.function


def test_globally_unique_names_embed_the_account(deployment: Deployment):
    names = _names(deployment)
    for name in (names.upload_bucket, names.artifacts_bucket, names.log_project):
        assert ACCOUNT_ID in name and re.fullmatch(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]", name)
    assert re.fullmatch(r"[a-z][a-z0-9]{2,15}", names.ots_instance)


def test_results_table_has_a_sparse_due_index_for_the_sweeper(deployment: Deployment):
    names = _names(deployment)
    table = deployment.one("alicloud:ots/table:Table")
    assert table.inputs["definedColumns"] == [{"name": "due", "type": "Integer"}]
    index = deployment.one("alicloud:ots/secondaryIndex:SecondaryIndex")
    assert index.inputs["indexName"] == f"{names.table}_due" == Settings(table=names.table).due_index
    assert index.inputs["indexType"] == "Global" and index.inputs["primaryKeys"] == ["due", "id"]


def test_records_expire_after_the_configured_retention(deployment: Deployment, mocks: RecordingMocks):
    """#10 row 9: retention is an explicit stack setting (default 5 years), not a silent 'never'."""
    table = deployment.one("alicloud:ots/table:Table").inputs
    assert deployment.cfg.record_retention_days == 1825
    assert table["timeToLive"] == 1825 * 86400
    assert table["allowUpdate"] is False  # Tablestore: a TTL beside a secondary index needs this

    before = len(mocks.registrations)
    keep = deployment.cfg.model_copy(update={"record_retention_days": -1})

    @pulumi.runtime.test
    def keep_forever() -> pulumi.Output[Any]:
        return pulumi.Output.all(**build(keep, package=deployment.stack.package).outputs)

    keep_forever()
    (table,) = [r.inputs for r in mocks.registrations[before:] if r.typ == "alicloud:ots/table:Table"]
    assert table["timeToLive"] == -1 and table["allowUpdate"] is True
