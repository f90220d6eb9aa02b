"""The partner's back office: what happens after the sale (daily closes...), one module per
capability, each taking an open `Till` (not growing `pos_app/services.py`)."""
