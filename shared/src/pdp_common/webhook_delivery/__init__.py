"""Generic webhook delivery: a service declares the tables, enqueues in its own transactions, and
runs the worker with its targets.

```python
tables = delivery_tables(Base.metadata, prefix="subscription")
await enqueue(session, tables, target_id=sub.id, event_type=..., payload=body, message_id=event_id)
create_service_app(..., workers=[delivery_worker(tables, SubscriptionTargets(), settings)])
```

The service's migration calls ``create_delivery_tables("subscription")`` (and
``drop_delivery_tables`` on downgrade).
"""

from __future__ import annotations

from pdp_common.webhook_delivery.schedule import RetrySchedule
from pdp_common.webhook_delivery.store import Outcome, enqueue, release_target
from pdp_common.webhook_delivery.tables import (
    DeliveryStatus,
    DeliveryTables,
    create_delivery_tables,
    delivery_tables,
    drop_delivery_tables,
)
from pdp_common.webhook_delivery.worker import (
    DeliveryTarget,
    DeliveryTargets,
    DeliveryWorker,
    delivery_worker,
)

__all__ = [
    "DeliveryStatus",
    "DeliveryTables",
    "DeliveryTarget",
    "DeliveryTargets",
    "DeliveryWorker",
    "Outcome",
    "RetrySchedule",
    "create_delivery_tables",
    "delivery_tables",
    "delivery_worker",
    "drop_delivery_tables",
    "enqueue",
    "release_target",
]
