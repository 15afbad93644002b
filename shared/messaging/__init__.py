"""Kafka plumbing written once (消息): envelope transport, outbox relay, inbox, consumers, DLQ.

A service declares a `Subscriptions` and writes events with `Outbox.add`; it writes no
Kafka code of its own.
"""
