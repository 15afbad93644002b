"""Use cases of inspection-draw (双随机抽查): each runs in the caller's unit of work, writes
its audit entry and emits its events (``uow.emit``) in the same transaction.

Each takes the service's context, a command (``commands``) and the caller; the steps more
than one use case needs are modules of their own (``lookups``, ``committing``,
``draw_records``, ``history``, ``snapshot``), never another use case's file.
"""
