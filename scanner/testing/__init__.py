"""Helpers to test and measure the scanner: camera-like frames of QR codes (Qt-free)."""
