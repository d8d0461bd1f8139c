"""``pdp``: the operator's command line of the Preventive Diplomacy Platform.

It talks to a running platform: to the gateway over HTTP (API keys, import jobs), to NATS
JetStream (tailing and replaying events) and, for the tasks that run a service's own code (replay
into a consumer, dead letters, demo data), to the service's database with the service's settings,
as the service's own command line does. See ``docs/cli.md``.
"""
