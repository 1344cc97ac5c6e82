"""The results table: a Tablestore instance reachable only from the function's VPC, bound to that
VPC, and one encrypted table keyed like the function's records (one ``id`` STRING column).

Network ACL, and why it changes during the first ``pulumi up``: the alicloud provider creates
tables through the instance's *public* data endpoint, which a VPC-only instance refuses. So:

1. the instance is created with ``VPC`` + ``INTERNET`` (plus the console's trusted proxy,
   ``TRUST_PROXY``, so an operator can inspect or erase records in the console);
2. the table and the VPC binding are created;
3. :class:`~infra.components.tablestore_lock.TablestoreNetworkLock`, which depends on both, sets the
   ACL to ``VPC`` (+ ``TRUST_PROXY``) through the Tablestore OpenAPI and verifies it.

Retention: ``retention_days`` becomes the table's time to live (``-1``: never expire). Tablestore
counts it per column from the last write, and credrec writes whole rows with ``PutRow``, so a record
expires ``retention_days`` after its last update; expired rows are no longer returned and are
removed asynchronously. A table with a secondary index (the ``due`` index) may only expire data when
row updates are disabled (``allow_update=False``): the adapter never calls ``UpdateRow``, and the RAM
policy does not grant it.

The instance ignores later changes of its ACL properties, so neither the next ``pulumi up`` nor a
refresh tries to undo the lock. ``allow_internet`` (config ``tablestoreAllowInternet``) leaves the
lock out - deleting an existing lock re-opens the instance - for a table change or a refresh, which
need the data endpoint again.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

from credrec.settings import due_index_name
from infra.components.tablestore_lock import (
    NETWORK_SOURCE_ACL,
    OPEN_NETWORK_TYPE_ACL,
    TablestoreNetworkLock,
    TablestoreNetworkLockArgs,
)

TYPE = "credrec:table:ResultsTable"
PRIMARY_KEY: list[alicloud.ots.TablePrimaryKeyArgsDict] = [{"name": "id", "type": "String"}]
#: ``due`` (epoch ms) is written only while a record is IN_PROGRESS; the global secondary index on
#: it is therefore sparse and holds exactly the records in flight: the sweeper reads the overdue
#: ones from its start instead of scanning the table (``credrec.adapters.tablestore``).
DUE_COLUMN: alicloud.ots.TableDefinedColumnArgsDict = {"name": "due", "type": "Integer"}
DUE_INDEX_KEYS = ["due", "id"]
#: Instance properties the lock owns after creation (Python names; the engine gets camelCase).
ACL_PROPERTIES = ["network_type_acls", "network_source_acls"]


@dataclass(frozen=True)
class ResultsTableArgs:
    instance_name: str
    table_name: str
    vpc_label: str
    vswitch_id: pulumi.Input[str]
    region: str
    allow_internet: bool
    retention_days: int = -1  # -1: records never expire


def time_to_live_seconds(retention_days: int) -> int:
    """Tablestore ``time_to_live`` for a retention in days (``-1`` stays ``-1``: never expire)."""
    return -1 if retention_days == -1 else retention_days * 86400


class ResultsTable(pulumi.ComponentResource):
    instance_name: pulumi.Output[str]
    table_name: pulumi.Output[str]
    #: The network lock, or None when ``allow_internet`` keeps the instance open.
    network_lock: TablestoreNetworkLock | None

    def __init__(self, name: str, args: ResultsTableArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        instance = alicloud.ots.Instance(
            f"{name}-instance",
            name=args.instance_name,
            description="credrec results",
            instance_type="Capacity",
            # Open while the provider needs the data endpoint; the lock below closes it.
            network_type_acls=list(OPEN_NETWORK_TYPE_ACL),
            network_source_acls=list(NETWORK_SOURCE_ACL),
            opts=pulumi.ResourceOptions(parent=self, ignore_changes=ACL_PROPERTIES),
        )
        binding = alicloud.ots.InstanceAttachment(
            f"{name}-vpc-binding",
            instance_name=instance.name,
            vpc_name=args.vpc_label,
            vswitch_id=args.vswitch_id,
            opts=child,
        )
        table = alicloud.ots.Table(
            f"{name}-table",
            instance_name=instance.name,
            table_name=args.table_name,
            primary_keys=PRIMARY_KEY,
            defined_columns=[DUE_COLUMN],
            max_version=1,
            time_to_live=time_to_live_seconds(args.retention_days),
            # required by Tablestore for a TTL on a table with a secondary index; PutRow still works
            allow_update=args.retention_days == -1,
            enable_sse=True,
            sse_key_type="SSE_KMS_SERVICE",
            opts=child,
        )
        due_index = alicloud.ots.SecondaryIndex(
            f"{name}-due-index",
            instance_name=instance.name,
            table_name=table.table_name,
            index_name=due_index_name(args.table_name),
            index_type="Global",
            primary_keys=DUE_INDEX_KEYS,
            defined_columns=[],
            include_base_data=True,
            opts=child,
        )
        self.network_lock = None
        if not args.allow_internet:
            self.network_lock = TablestoreNetworkLock(
                f"{name}-network-lock",
                TablestoreNetworkLockArgs(instance_name=instance.name, region=args.region),
                # After everything that goes through the public endpoint; destroyed before it, too.
                pulumi.ResourceOptions(parent=self, depends_on=[table, due_index, binding]),
            )
        self.instance_name = instance.name
        self.table_name = table.table_name
        self.register_outputs({"instance_name": self.instance_name, "table_name": self.table_name})
