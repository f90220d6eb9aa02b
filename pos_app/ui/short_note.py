"""A long French note shown in a fixed number of lines, the rest elided, the whole of it in the
tooltip and the accessible description.

The scheme files' category notes run to 400 characters; wrapped in full under the wallet
choice at 1366×768 they push the price field and the « Encaisser » button down the screen.
This label keeps its height (`lines` lines of its font) whatever the text, and never asks
for more width than it is given: it wraps at word boundaries for the width it has and ends the
last line with « … » when the text goes on.
"""

from __future__ import annotations

from pos_app.ui.qt import QFontMetrics, QLabel, QResizeEvent, QSize, QSizePolicy, Qt, QWidget


def fit_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> list[str]:
    """`text` wrapped at spaces into at most `lines` lines of `width` pixels; the last one
    elided if the text does not fit. A word longer than a line is elided on its own line."""
    words = text.split()
    result: list[str] = []
    while words and len(result) < lines:
        if len(result) == lines - 1:
            rest = " ".join(words)
            result.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            return result
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if metrics.horizontalAdvance(line) > width:
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
        result.append(line)
    return result


class ShortNote(QLabel):
    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.full_text = ""
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_note(self, text: str) -> None:
        self.full_text = " ".join(text.split())
        self.setToolTip(self.full_text)
        self.setAccessibleDescription(self.full_text)
        self._fit()

    def elided(self) -> bool:
        """Whether part of the note is only in the tooltip."""
        return " ".join(self.text().split()) != self.full_text

    def sizeHint(self) -> QSize:
        return QSize(80, self.fontMetrics().lineSpacing() * self.lines + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(self.contentsRect().width(), 40)
        fitted = "\n".join(fit_lines(self.full_text, self.fontMetrics(), width, self.lines))
        if fitted != self.text():
            self.setText(fitted)
