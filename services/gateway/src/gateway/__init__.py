"""The LKPP gateway: what the helpdesk escalates to LKPP, forwarded once, durably."""
