"""The colours of an inline result line (done, failed), the same on every page."""

ERROR = "color:#7a1111;"
DONE = "color:#0b4f1c;"
