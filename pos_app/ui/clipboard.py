"""A code pasted from the clipboard: a screenshot a beneficiary e-mailed, or the code's text.

The image goes through the same decoding as an image file (`scanner.images`), so a transparent
or 16-bit picture is handled the same way; text is taken as typed. Either way the counter gets a
`ScanEvent` from the clipboard, like any other source.
"""

from __future__ import annotations

import time

from pos_app.domain.text import Text
from pos_app.ui.qt import QBuffer, QByteArray, QClipboard, QIODevice
from scanner.events import ScanEvent, ScanSource
from scanner.image_errors import ScanImageError

NOTHING_TO_READ = Text(
    "Le presse-papiers ne contient ni image ni code : copiez la capture d'écran du QR code "
    "(ou le code lui-même), puis collez-la ici."
)
NO_CODE_IN_IMAGE = Text(
    "Aucun QR code lisible dans l'image collée : demandez une capture plus nette, où le QR code "
    "est entier."
)


def clipboard_scans(clipboard: QClipboard) -> list[ScanEvent]:
    """The codes on the clipboard, as scans; `ScanImageError` (French) when there are none."""
    mime = clipboard.mimeData()
    at = time.monotonic()
    if mime is not None and mime.hasImage():
        image = clipboard.image()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        from scanner.images import decode_image_bytes  # OpenCV: loaded on the first paste only

        payloads = decode_image_bytes(bytes(data.data()))
        if not payloads:
            raise ScanImageError(NO_CODE_IN_IMAGE)
        return [ScanEvent(payload, ScanSource.CLIPBOARD, at) for payload in payloads]
    text = clipboard.text().strip() if mime is not None and mime.hasText() else ""
    if not text:
        raise ScanImageError(NOTHING_TO_READ)
    return [ScanEvent(text, ScanSource.CLIPBOARD, at)]
