"""The policy rules themselves: they accept the stack's documents and catch every way to widen one.

If a rule stopped catching something, the stack tests that rely on it would pass vacuously; these
cases keep each rule honest.
"""

from __future__ import annotations

import json

import pytest

from infra import policies

ACCOUNT = "5123456789012345"
REGION = "ap-southeast-1"


def _allow(action, resource) -> dict:
    return {"Version": "1", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


def test_the_stacks_documents_pass():
    function = policies.function_policy(
        region=REGION, account_id=ACCOUNT, bucket="b", upload_prefix="uploads/", ots_instance="crAbC",
        table="credrec_records", log_project="p", logstore="s", queue="q",
    )
    assert policies.least_privilege_violations(function) == []
    assert policies.least_privilege_violations(
        policies.oss_invoke_policy(region=REGION, account_id=ACCOUNT, function="f")
    ) == []
    assert "instance/crabc/table" in policies.to_json(function)  # RAM matches instance names in lowercase
    https = policies.https_only_bucket_policy(account_id=ACCOUNT, bucket="b")
    assert policies.bucket_policy_violations(https, account_id=ACCOUNT, bucket="b") == []
    for service in ("fc.aliyuncs.com", "oss.aliyuncs.com"):
        assert policies.trust_policy_violations(policies.trust_policy(service), service=service) == []


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        (_allow(["oss:GetObject"], "*"), "not a scoped ARN"),
        (_allow(["oss:GetObject"], ["*"]), "not a scoped ARN"),
        (_allow(["oss:*"], [f"acs:oss:*:{ACCOUNT}:b/uploads/*"]), "not one explicit API action"),
        (_allow(["ots:Get*"], [f"acs:ots:{REGION}:{ACCOUNT}:instance/i/table/t"]), "not one explicit API action"),
        (_allow(["ots:GetRow"], [f"acs:ots:{REGION}:*:instance/i/table/t"]), "does not name one account"),
        (_allow(["ots:GetRow"], [f"acs:ots:*:{ACCOUNT}:instance/i/table/t"]), "region open"),
        (_allow(["ots:GetRow"], [f"acs:ots:{REGION}:{ACCOUNT}:instance/*"]), "trailing one under a named parent"),
        (_allow(["ots:GetRow"], [f"acs:ots:{REGION}:{ACCOUNT}:*"]), "trailing one under a named parent"),
        (_allow(["oss:GetObject"], [f"acs:oss:*:{ACCOUNT}:*/uploads/x"]), "trailing one under a named parent"),
        (_allow(["oss:GetObject"], [f"acs:oss:*:{ACCOUNT}:b/*/x"]), "trailing one under a named parent"),
        (_allow(["log:PostLogStoreLogs"], [f"acs:ots:{REGION}:{ACCOUNT}:instance/i/table/t"]), "does not belong"),
        (_allow([], [f"acs:oss:*:{ACCOUNT}:b/x"]), "explicit Action and Resource"),
        ({"Version": "1", "Statement": [{"Effect": "Allow", "NotAction": ["ram:*"], "Resource": ["*"]}]}, "NotAction"),
        ({"Version": "2", "Statement": []}, "Version"),
        ({"Version": "1", "Statement": []}, "non-empty Statement"),
        ({"Version": "1", "Statement": [{"Effect": "Maybe"}]}, "Effect"),
    ],
)
def test_least_privilege_rule_catches(document, complaint):
    problems = policies.least_privilege_violations(document)
    assert any(complaint in p for p in problems), problems


def test_broad_deny_statements_are_fine():
    document = {
        "Version": "1",
        "Statement": [
            {"Effect": "Deny", "Action": ["oss:*"], "Resource": ["*"]},
            {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": [f"acs:oss:*:{ACCOUNT}:b/uploads/*"]},
        ],
    }
    assert policies.least_privilege_violations(document) == []


@pytest.mark.parametrize(
    ("statement", "complaint"),
    [
        ({"Effect": "Allow", "Principal": ["*"], "Action": ["oss:GetObject"], "Resource": [f"acs:oss:*:{ACCOUNT}:b/*"]},
         "anonymous"),
        ({"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": [f"acs:oss:*:{ACCOUNT}:b/*"]}, "anonymous"),
        ({"Effect": "Deny", "Principal": ["*"], "Action": ["oss:*"], "Resource": [f"acs:oss:*:{ACCOUNT}:other/*"]},
         "outside bucket"),
        ({"Effect": "Deny", "Principal": ["*"], "Action": ["oss:*"], "Resource": [f"acs:oss:*:{ACCOUNT}:bb"]},
         "outside bucket"),
    ],
)
def test_bucket_policy_rule_catches(statement, complaint):
    problems = policies.bucket_policy_violations(
        {"Version": "1", "Statement": [statement]}, account_id=ACCOUNT, bucket="b"
    )
    assert any(complaint in p for p in problems), problems


@pytest.mark.parametrize(
    "principal",
    [{"Service": ["fc.aliyuncs.com", "oss.aliyuncs.com"]}, {"Service": ["ecs.aliyuncs.com"]},
     {"Service": ["fc.aliyuncs.com"], "RAM": [f"acs:ram::{ACCOUNT}:root"]}, "*"],
)
def test_trust_rule_catches_extra_principals(principal):
    document = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}]}
    assert policies.trust_policy_violations(document, service="fc.aliyuncs.com")


def test_documents_are_serialised_json_not_handwritten_strings():
    text = policies.to_json(policies.trust_policy("fc.aliyuncs.com"))
    assert json.loads(text)["Statement"][0]["Principal"] == {"Service": ["fc.aliyuncs.com"]}
    assert " " not in text  # compact: RAM counts bytes against the 6144 limit


# Issue #10 row 10: documents an attacker (or a hurried edit) could use to widen the function's role.
# Before, 7 of these passed the rule: every role/user/key/VPC, a whole bucket, every table.
OVER_BROAD = [
    _allow(["ram:PassRole"], [f"acs:ram::{ACCOUNT}:role/*"]),
    _allow(["ram:PassRole"], [f"acs:ram::{ACCOUNT}:role/credrec-*"]),
    _allow(["ram:GetUser"], [f"acs:ram::{ACCOUNT}:user/*"]),
    _allow(["kms:Decrypt"], [f"acs:kms:{REGION}:{ACCOUNT}:key/*"]),
    _allow(["vpc:DescribeVpcs"], [f"acs:vpc:{REGION}:{ACCOUNT}:vpc/*"]),
    _allow(["oss:GetObject"], [f"acs:oss:*:{ACCOUNT}:b/*"]),
    _allow(["oss:PutObject"], [f"acs:oss:*:{ACCOUNT}:b/*"]),
    _allow(["ots:GetRow"], [f"acs:ots:{REGION}:{ACCOUNT}:instance/i/table/*"]),
    _allow(["log:PostLogStoreLogs"], [f"acs:log:{REGION}:{ACCOUNT}:project/p/logstore/*"]),
    _allow(["fc:InvokeFunction"], [f"acs:fc:{REGION}:{ACCOUNT}:functions/*"]),
    _allow(["mns:SendMessage"], [f"acs:mns:{REGION}:{ACCOUNT}:/queues/*"]),
    _allow(["sts:AssumeRole"], [f"acs:ram::{ACCOUNT}:role/*"]),
    _allow(["ram:PassRole"], [f"acs:ram::{ACCOUNT}:*"]),
]


@pytest.mark.parametrize("document", OVER_BROAD,
                         ids=lambda d: f"{d['Statement'][0]['Action'][0]} on {d['Statement'][0]['Resource'][0]}")
def test_over_broad_documents_are_refused(document):
    assert policies.least_privilege_violations(document), document


def test_the_function_policy_grants_no_unused_row_action():
    function = policies.function_policy(
        region=REGION, account_id=ACCOUNT, bucket="b", upload_prefix="uploads/", ots_instance="i",
        table="t", log_project="p", logstore="s", queue="q",
    )
    granted = {a for st in function["Statement"] for a in st["Action"]}
    assert "ots:UpdateRow" not in granted  # the Tablestore adapter never calls UpdateRow
    assert {"ots:GetRow", "ots:PutRow", "ots:GetRange"} <= granted
