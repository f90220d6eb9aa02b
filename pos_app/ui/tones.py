"""The colours of an inline result line (done, to do first, failed), the same on every page."""

ERROR = "color:#7a1111;"
DONE = "color:#0b4f1c;"
TO_DO = "color:#5c3b00;"
"""Nothing went wrong, something is still to be done first (the amber of « À VÉRIFIER »)."""
