"""Receipts on paper and in files: thin renderers of `pos_app.domain.receipts` (ESC/POS ticket
printers, PDF) and the service that issues them (`service.py`). Qt-free: the system's printers
are driven from `pos_app.ui.receipt_printing`. Heavy libraries (python-escpos, reportlab) are
imported on first use, never before the window's first paint."""
