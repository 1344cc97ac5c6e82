"""Private, encrypted OSS buckets.

:class:`SecureBucket` is the one way this stack makes a bucket: private ACL (``oss.BucketAcl``),
public access blocked, server-side encryption as its own resource (never also inline), optional
lifecycle rules and, when asked, a bucket policy refusing plain-HTTP requests.

Versioning is on for the upload bucket only (``versioned``): the function reads and presigns the
exact version it validated, so an overwrite can never put another person's bytes behind a URL
(issue #9, case 3). Personal data is still gone after the retention period: the lifecycle rule
expires noncurrent versions as well, and removes the delete markers left behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulumi
import pulumi_alicloud as alicloud

from infra import policies

TYPE = "credrec:storage:SecureBucket"
SSE_ALGORITHM = "AES256"


@dataclass(frozen=True)
class SecureBucketArgs:
    bucket_name: str
    account_id: str
    https_only: bool
    lifecycle_rules: list[alicloud.oss.BucketLifecycleRuleArgsDict] = field(default_factory=list)
    versioned: bool = False


def expire_prefix_rule(
    prefix: str, days: int, *, rule_id: str = "expire-uploads", versioned: bool = False
) -> alicloud.oss.BucketLifecycleRuleArgsDict:
    """Lifecycle rule deleting objects under ``prefix`` ``days`` after upload (and stale multipart
    parts); on a versioned bucket also the versions an overwrite or a delete left behind."""
    rule: alicloud.oss.BucketLifecycleRuleArgsDict = {
        "id": rule_id,
        "enabled": True,
        "prefix": prefix,
        "expirations": [{"days": days}],
        "abort_multipart_uploads": [{"days": 1}],
    }
    if versioned:
        rule["noncurrent_version_expirations"] = [{"days": days}]
    return rule


def expire_delete_markers_rule(prefix: str) -> alicloud.oss.BucketLifecycleRuleArgsDict:
    """Versioned bucket: remove delete markers once no version is left behind them."""
    return {
        "id": "expire-delete-markers",
        "enabled": True,
        "prefix": prefix,
        "expirations": [{"expired_object_delete_marker": True}],
    }


class SecureBucket(pulumi.ComponentResource):
    bucket: pulumi.Output[str]

    def __init__(self, name: str, args: SecureBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        bucket = alicloud.oss.Bucket(
            name,
            bucket=args.bucket_name,
            storage_class="Standard",
            lifecycle_rules=args.lifecycle_rules or None,
            opts=child,
        )
        bound = pulumi.ResourceOptions(parent=self, depends_on=[bucket])
        alicloud.oss.BucketAcl(f"{name}-acl", bucket=bucket.bucket, acl="private", opts=bound)
        alicloud.oss.BucketPublicAccessBlock(
            f"{name}-public-access-block", bucket=bucket.bucket, block_public_access=True, opts=bound
        )
        if args.versioned:
            alicloud.oss.BucketVersioning(f"{name}-versioning", bucket=bucket.bucket, status="Enabled", opts=bound)
        alicloud.oss.BucketServerSideEncryption(
            f"{name}-sse", bucket=bucket.bucket, sse_algorithm=SSE_ALGORITHM, opts=bound
        )
        if args.https_only:
            document = policies.https_only_bucket_policy(account_id=args.account_id, bucket=args.bucket_name)
            problems = policies.bucket_policy_violations(
                document, account_id=args.account_id, bucket=args.bucket_name
            )
            if problems:
                raise ValueError(f"bucket policy of {args.bucket_name} rejected: {problems}")
            alicloud.oss.BucketPolicy(
                f"{name}-https-only", bucket=bucket.bucket, policy=policies.to_json(document), opts=bound
            )
        self.bucket = bucket.bucket
        self.register_outputs({"bucket": self.bucket})
