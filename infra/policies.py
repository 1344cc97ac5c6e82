"""Every policy document the stack creates, as Python data, plus the rules they must obey.

Documents are built here from names and ARNs and serialised with :func:`to_json`; no policy is
written as a JSON string anywhere else. :func:`least_privilege_violations` and
:func:`bucket_policy_violations` are the rules; the stack refuses to register a document that breaks
them, and the tests run the same rules (and prove they catch bad documents).

ARN forms (from the services' RAM authorization references):

* OSS object   ``acs:oss:*:<account>:<bucket>/<key>`` (OSS names are global, region is ``*``)
* Tablestore   ``acs:ots:<region>:<account>:instance/<instance, lowercase>/table/<table>``
* SLS logstore ``acs:log:<region>:<account>:project/<project>/logstore/<logstore>``
* MNS send     ``acs:mns:<region>:<account>:/queues/<queue>/messages``
* FC function  ``acs:fc:<region>:<account>:functions/<function>``
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from credrec.settings import Settings, due_index_name

ANSWER_PREFIX: str = Settings.model_fields["answer_prefix"].default

PolicyDocument = dict[str, Any]

#: Row operations the results store uses (claim and complete = conditional PutRow, read = GetRow,
#: list and sweep = GetRange). ``ots:UpdateRow`` is not granted: no code path calls it.
OTS_ROW_ACTIONS = ("ots:GetRow", "ots:PutRow", "ots:GetRange")
SYSTEM_POLICY_ID_VERIFICATION = "AliyunAntCloudAuthFullAccess"

_ACTION_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")
# Path words of ARNs that name a resource *type*, not a resource: "instance/*" is every instance,
# "role/*" every RAM role, "key/*" every KMS key.
_ARN_TYPE_WORDS = frozenset(
    {"instance", "table", "project", "logstore", "functions", "services", "triggers", "layers", "queues", "topics",
     "role", "user", "group", "policy", "key", "alias", "secret", "vpc", "vswitch", "securitygroup", "eip",
     "natgateway", "routetable", "certificate", "namespace", "repository", "cluster"}
)
#: Actions that hand out identity or keys: granted only on fully named resources, never a wildcard.
_IDENTITY_ACTIONS = re.compile(r"^(ram|sts|kms|ims):")
_ACCOUNT_RE = re.compile(r"^\d{6,}$")


# --- ARNs ------------------------------------------------------------------------------------

def oss_bucket_arn(account_id: str, bucket: str) -> str:
    return f"acs:oss:*:{account_id}:{bucket}"


def oss_objects_arn(account_id: str, bucket: str, key_prefix: str = "") -> str:
    return f"acs:oss:*:{account_id}:{bucket}/{key_prefix}*"


def ots_table_arn(region: str, account_id: str, instance: str, table: str) -> str:
    # Tablestore instance names are case-insensitive and RAM matches them in lowercase.
    return f"acs:ots:{region}:{account_id}:instance/{instance.lower()}/table/{table}"


def logstore_arn(region: str, account_id: str, project: str, logstore: str) -> str:
    return f"acs:log:{region}:{account_id}:project/{project}/logstore/{logstore}"


def mns_queue_messages_arn(region: str, account_id: str, queue: str) -> str:
    return f"acs:mns:{region}:{account_id}:/queues/{queue}/messages"


def fc_function_arn(region: str, account_id: str, function: str) -> str:
    return f"acs:fc:{region}:{account_id}:functions/{function}"


def oss_source_arn(region: str, account_id: str, bucket: str) -> str:
    """The OSS trigger's ``source_arn`` (region-qualified, unlike RAM resource ARNs for OSS)."""
    return f"acs:oss:{region}:{account_id}:{bucket}"


def ram_role_arn(account_id: str, role: str) -> str:
    return f"acs:ram::{account_id}:role/{role.lower()}"


# --- documents -------------------------------------------------------------------------------

def trust_policy(service: str) -> PolicyDocument:
    """Trust document letting one Alibaba Cloud service (e.g. ``fc.aliyuncs.com``) assume a role."""
    return {
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": [service]}}],
    }


def function_policy(
    *,
    region: str,
    account_id: str,
    bucket: str,
    upload_prefix: str,
    ots_instance: str,
    table: str,
    log_project: str,
    logstore: str,
    queue: str,
) -> PolicyDocument:
    """Exactly what the function does, on exactly its resources.

    Read uploads (HEAD, GET and presigning a GET all need only ``oss:GetObject``); claim, read,
    complete and list records; write its logs; and - through FC's async destination, which acts with
    the function's role - send failed events to the dead-letter queue.
    """
    return {
        "Version": "1",
        "Statement": [
            # GetObjectVersion: reads and presigned URLs pinned to the validated version (versioned bucket)
            _allow(["oss:GetObject", "oss:GetObjectVersion"], [oss_objects_arn(account_id, bucket, upload_prefix)]),
            # a paid answer whose final write failed waits under its own private prefix (answer vault)
            _allow(["oss:PutObject", "oss:GetObject", "oss:DeleteObject"],
                   [oss_objects_arn(account_id, bucket, ANSWER_PREFIX)]),
            _allow(list(OTS_ROW_ACTIONS), [ots_table_arn(region, account_id, ots_instance, table)]),
            # the sweeper reads the table's index of IN_PROGRESS records (an index is read as a table)
            _allow(["ots:GetRange"], [ots_table_arn(region, account_id, ots_instance, due_index_name(table))]),
            _allow(["log:PostLogStoreLogs"], [logstore_arn(region, account_id, log_project, logstore)]),
            _allow(["mns:SendMessage"], [mns_queue_messages_arn(region, account_id, queue)]),
        ],
    }


def oss_invoke_policy(*, region: str, account_id: str, function: str) -> PolicyDocument:
    """What the OSS trigger's role may do: invoke this one function (any qualifier of it)."""
    arn = fc_function_arn(region, account_id, function)
    return {"Version": "1", "Statement": [_allow(["fc:InvokeFunction"], [arn, f"{arn}/*"])]}


def https_only_bucket_policy(*, account_id: str, bucket: str) -> PolicyDocument:
    """Bucket policy refusing every request made over plain HTTP, for everyone."""
    return {
        "Version": "1",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": ["*"],
                "Action": ["oss:*"],
                "Resource": [oss_bucket_arn(account_id, bucket), f"{oss_bucket_arn(account_id, bucket)}/*"],
                "Condition": {"Bool": {"acs:SecureTransport": ["false"]}},
            }
        ],
    }


def to_json(document: PolicyDocument) -> str:
    """Compact, stable serialisation (RAM policies are limited to 6144 bytes)."""
    return json.dumps(document, separators=(",", ":"), sort_keys=False)


def _allow(actions: list[str], resources: list[str]) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


# --- rules -----------------------------------------------------------------------------------

def least_privilege_violations(document: PolicyDocument) -> list[str]:
    """Why a custom RAM policy is not least-privilege; empty when it is.

    Rules: every ``Allow`` lists explicit actions (no wildcards) of the same service as each of its
    resources; every resource is an ARN of one named account with a named resource - never ``*``, and
    a ``*`` only as a trailing wildcard under a named parent (``bucket/uploads/*``); only OSS ARNs may
    leave the region open (bucket names are global). ``Deny`` statements may be broad.
    """
    problems = _shape_problems(document)
    if problems:
        return problems
    for index, statement in enumerate(document["Statement"]):
        where = f"Statement[{index}]"
        actions = _as_list(statement.get("Action"))
        resources = _as_list(statement.get("Resource"))
        if "NotAction" in statement or "NotResource" in statement:
            problems.append(f"{where}: NotAction/NotResource grant everything else")
        if statement["Effect"] == "Deny":
            continue
        if not actions or not resources:
            problems.append(f"{where}: an Allow needs explicit Action and Resource lists")
        for action in actions:
            if "*" in action or not _ACTION_RE.match(action):
                problems.append(f"{where}: action {action!r} is not one explicit API action")
        for resource in resources:
            problems.extend(f"{where}: {p}" for p in _resource_problems(resource))
            if "*" in resource and any(_IDENTITY_ACTIONS.match(a) for a in actions):
                problems.append(f"{where}: identity/key actions need a fully named resource, not {resource!r}")
            service = resource.split(":")[1] if resource.count(":") >= 4 else ""
            for action in actions:
                if action.split(":", 1)[0] != service:
                    problems.append(f"{where}: action {action} does not belong to resource {resource}")
    return problems


def bucket_policy_violations(document: PolicyDocument, *, account_id: str, bucket: str) -> list[str]:
    """Why a bucket policy could expose the bucket; empty when it cannot.

    No ``Allow`` may name the anonymous principal ``*``; every statement must stay on this bucket.
    """
    problems = _shape_problems(document)
    if problems:
        return problems
    own = (oss_bucket_arn(account_id, bucket), f"{oss_bucket_arn(account_id, bucket)}/")
    for index, statement in enumerate(document["Statement"]):
        where = f"Statement[{index}]"
        principals = _as_list(statement.get("Principal"))
        if statement["Effect"] == "Allow" and ("*" in principals or not principals):
            problems.append(f"{where}: allows anonymous (public) access")
        for resource in _as_list(statement.get("Resource")):
            if not (resource == own[0] or resource.startswith(own[1])):
                problems.append(f"{where}: resource {resource!r} is outside bucket {bucket}")
    return problems


def trust_policy_violations(document: PolicyDocument, *, service: str) -> list[str]:
    """A trust policy must let exactly ``service`` assume the role, nothing else."""
    problems = _shape_problems(document)
    if problems:
        return problems
    if len(document["Statement"]) != 1:
        problems.append("a trust policy here has exactly one statement")
    for index, statement in enumerate(document["Statement"]):
        principal = statement.get("Principal", {})
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        others = set(principal) - {"Service"} if isinstance(principal, dict) else {"?"}
        if statement["Effect"] != "Allow" or _as_list(statement.get("Action")) != ["sts:AssumeRole"]:
            problems.append(f"Statement[{index}]: must be Allow sts:AssumeRole")
        if services != [service] or others:
            problems.append(f"Statement[{index}]: principal must be exactly service {service}, got {principal}")
    return problems


def _shape_problems(document: PolicyDocument) -> list[str]:
    if not isinstance(document, dict) or document.get("Version") != "1":
        return ['policy must be an object with "Version": "1"']
    statements = document.get("Statement")
    if not isinstance(statements, list) or not statements:
        return ["policy needs a non-empty Statement list"]
    problems = []
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict) or statement.get("Effect") not in {"Allow", "Deny"}:
            problems.append(f"Statement[{index}]: Effect must be Allow or Deny")
    return problems


def _resource_problems(resource: str) -> Iterable[str]:
    parts = resource.split(":", 4)
    if resource.strip() == "*" or len(parts) != 5 or parts[0] != "acs":
        yield f"resource {resource!r} is not a scoped ARN"
        return
    _, service, region, account, relative = parts
    if not _ACCOUNT_RE.match(account):
        yield f"resource {resource!r} does not name one account"
    if "*" in service or ("*" in region and not (region == "*" and service == "oss")):
        yield f"resource {resource!r} leaves the service or region open"
    if "*" in relative:
        head = relative[:-1]
        segments = head.split("/")
        named = [seg for seg in segments if seg and seg not in _ARN_TYPE_WORDS]
        if (relative.count("*") != 1 or not relative.endswith("*") or "/" not in head
                or not segments[0].strip() or not named):
            yield f"resource {resource!r} uses a wildcard that is not a trailing one under a named parent"
        elif segments[-1] == "" and segments[-2] in _ARN_TYPE_WORDS:
            yield f"resource {resource!r} is every {segments[-2]} under its parent, not a named one"
        elif service == "oss" and len([seg for seg in segments if seg]) < 2 and segments[-1] == "":
            yield f"resource {resource!r} is a whole bucket; grant a key prefix (bucket/prefix/*)"
    if not relative.strip("*/"):
        yield f"resource {resource!r} names no resource"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
