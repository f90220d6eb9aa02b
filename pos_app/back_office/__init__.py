"""The back office: what happens around and after the sale (reimbursements, exports, closes).

Each module is one capability and takes an open `pos_app.services.Till`; none grows `Till`.
"""
