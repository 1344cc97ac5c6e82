"""Physical names of every resource, derived from the config and the account id.

Bucket, SLS project and Tablestore instance names are unique across *all* Alibaba Cloud accounts
(the instance name is part of its endpoint host), so they embed the account id or a hash of it: two
users deploying the same stack name never collide, and one account can hold several stacks with
different ``namePrefix`` values. All names are plain strings, known before any resource exists,
which lets the function's settings be validated up front.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from credrec.settings import Settings
from infra.config import StackConfig

#: The results table name the function defaults to; infra uses the same one and sets it explicitly.
TABLE_NAME: str = Settings.model_fields["table"].default
#: Label of the Tablestore VPC binding (3-16 letters/digits); not the VPC id.
OTS_VPC_LABEL = "credrecvpc"
LOGSTORE_NAME = "function-logs"


@dataclass(frozen=True)
class Names:
    upload_bucket: str
    artifacts_bucket: str
    log_project: str
    logstore: str
    ots_instance: str
    table: str
    queue: str
    function: str
    function_role: str
    function_policy: str
    oss_invoke_role: str
    oss_invoke_policy: str
    vpc: str
    vswitch: str
    security_group: str

    @classmethod
    def derive(cls, cfg: StackConfig, account_id: str) -> Names:
        prefix = cfg.name_prefix
        digest = hashlib.sha256(f"{account_id}/{cfg.region}/{prefix}".encode()).hexdigest()
        return cls(
            upload_bucket=f"{prefix}-uploads-{account_id}",
            artifacts_bucket=f"{prefix}-artifacts-{account_id}",
            log_project=f"{prefix}-logs-{account_id}",
            logstore=LOGSTORE_NAME,
            # 3-16 chars, starts with a letter, lowercase (RAM ARNs want the instance name in lowercase).
            ots_instance=f"cr{digest[:12]}",
            table=TABLE_NAME,
            queue=f"{prefix}-dlq",
            function=f"{prefix}-recognizer",
            function_role=f"{prefix}-fc-exec",
            function_policy=f"{prefix}-fc-exec",
            oss_invoke_role=f"{prefix}-oss-invoke",
            oss_invoke_policy=f"{prefix}-oss-invoke",
            vpc=f"{prefix}-vpc",
            vswitch=f"{prefix}-vsw",
            security_group=f"{prefix}-fc",
        )
