"""Helpdesk's use cases, one module per actor: `intake` (a report, public or at the counter), `desk` (staff steps),
`following` (the reporter's steps on the status page), `reading` (pages' views and the queue), `lkpp` (LKPP's
callback and the gateway's answers), `deadlines` (the durable timers)."""
