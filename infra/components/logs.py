"""Where the function's logs go: an SLS project, a logstore with bounded retention and a full-text
index so the JSON log lines can be searched by request id or outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

TYPE = "credrec:logs:FunctionLogs"


@dataclass(frozen=True)
class FunctionLogsArgs:
    project_name: str
    logstore_name: str
    retention_days: int


class FunctionLogs(pulumi.ComponentResource):
    project: pulumi.Output[str]
    logstore: pulumi.Output[str]
    index: alicloud.log.StoreIndex

    def __init__(self, name: str, args: FunctionLogsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        project = alicloud.log.Project(
            f"{name}-project", project_name=args.project_name, description="credrec function logs", opts=child
        )
        store = alicloud.log.Store(
            f"{name}-store",
            project_name=project.project_name,
            logstore_name=args.logstore_name,
            retention_period=args.retention_days,
            shard_count=2,
            auto_split=True,
            max_split_shard_count=16,
            append_meta=True,
            opts=child,
        )
        self.index = alicloud.log.StoreIndex(
            f"{name}-index",
            project=project.project_name,
            logstore=store.logstore_name,
            full_text={"case_sensitive": False, "include_chinese": False},
            opts=child,
        )
        self.project = project.project_name
        self.logstore = store.logstore_name
        self.register_outputs({"project": self.project, "logstore": self.logstore})
