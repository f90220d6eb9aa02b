"""The reimbursements page's chart: counted, paid and refused per period, drawn with QPainter in
the statement PDF's colours, with a legend in words; and the periods' names in the window's
language.
"""

from __future__ import annotations

import logging

from pos_app.domain.periods import Period
from pos_app.domain.schemes import ReimbursementRhythm
from pos_app.ui.qt import (
    QBrush,
    QColor,
    QDate,
    QLocale,
    QPainter,
    QPen,
    QRectF,
    QSizePolicy,
    Qt,
    QWidget,
)
from pos_app.ui.wording import language, money, say

log = logging.getLogger(__name__)


COUNTED_COLOUR, PAID_COLOUR, REFUSED_COLOUR = "#2f6f9f", "#3a9b5c", "#c0392b"
"""The statement PDF's palette: the same bars on paper and on screen."""


CHART_PERIODS = 12
"""The newest periods the page's chart shows (the PDF statement has the season)."""


def period_label(period: Period) -> str:
    """ "mars 2026" / "March 2026", "semaine 14 de 2026 (…)" / "week 14 of 2026 (…)"."""
    if period.rhythm is ReimbursementRhythm.MONTHLY and language() != "fr":
        english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        return english.toString(QDate(period.start.year, period.start.month, 1), "MMMM yyyy")
    return say(period.label)


def short_label(period: Period) -> str:
    """Under a bar of the chart: 03/26, S14 (W14 in English)."""
    if period.rhythm is ReimbursementRhythm.MONTHLY:
        return f"{period.start:%m/%y}"
    if period.rhythm is ReimbursementRhythm.WEEKLY:
        return ("S" if language() == "fr" else "W") + period.key.rsplit("W", 1)[-1]
    return period.key.removeprefix("claim-")[:8]


def scheme_short_name(name: str) -> str:
    """ "Atouts Culture et Sport 2025-2026" → "Atouts Culture et Sport" (the season is the
    period's)."""
    head, _, last = name.rpartition(" ")
    return head if head and last[:1].isdigit() and "-" in last else name


class PeriodChart(QWidget):
    """Grouped bars per period, oldest on the left: counted by the Region, paid, refused. The
    legend says which is which in words, and the refused bars are hatched as well as red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int, int, int]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Graphique : compté, payé et refusé par période"))

    def show_periods(self, bars: list[tuple[str, int, int, int]]) -> None:
        """(label, counted, paid, refused) in cents, oldest first."""
        self.bars = bars
        self.setAccessibleDescription(
            "; ".join(
                self.tr("%1 : compté %2, payé %3, refusé %4")
                .replace("%1", label)
                .replace("%2", money(counted))
                .replace("%3", money(paid))
                .replace("%4", money(refused))
                for label, counted, paid, refused in bars
            )
        )
        self.update()

    def legend(self) -> list[tuple[str, str, Qt.BrushStyle]]:
        return [
            (self.tr("Compté par la Région"), COUNTED_COLOUR, Qt.BrushStyle.SolidPattern),
            (self.tr("Payé"), PAID_COLOUR, Qt.BrushStyle.SolidPattern),
            (self.tr("Refusé"), REFUSED_COLOUR, Qt.BrushStyle.BDiagPattern),
        ]

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        painter.fillRect(0, 0, width, height, QColor("#ffffff"))
        metrics = painter.fontMetrics()
        line = metrics.height()
        x = 8.0
        for word, colour, pattern in self.legend():  # the legend, in words
            self._swatch(painter, QRectF(x, 6, 12, 12), colour, pattern)
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(x + 16, 2, 400, line + 4), Qt.AlignmentFlag.AlignVCenter, word)
            x += 16 + metrics.horizontalAdvance(word) + 18
        if not self.bars:
            painter.setPen(QColor("#555555"))
            painter.drawText(
                QRectF(0, line + 8, width, height - line - 8),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("Aucun montant de la Région pour l'instant."),
            )
            return
        top = line + 14.0
        bottom = height - line - 6.0
        axis = metrics.horizontalAdvance(money(0)) + 14.0
        biggest = max(max(counted, paid, refused) for _, counted, paid, refused in self.bars)
        scale = (bottom - top) / biggest if biggest > 0 else 0.0
        painter.setPen(QPen(QColor("#999999"), 1))
        painter.drawLine(int(axis), int(bottom), width - 6, int(bottom))
        painter.setPen(QColor("#555555"))
        painter.drawText(
            QRectF(0, top - line / 2, axis - 4, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            money(biggest),
        )
        painter.drawText(
            QRectF(0, bottom - line / 2, axis - 4, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            money(0),
        )
        slot = (width - axis - 8) / len(self.bars)
        bar = max(3.0, min(22.0, slot / 4))
        for index, (label, counted, paid, refused) in enumerate(self.bars):
            left = axis + index * slot + (slot - 3 * bar) / 2
            for offset, (cents, (_, colour, pattern)) in enumerate(
                zip((counted, paid, refused), self.legend(), strict=True)
            ):
                tall = max(cents * scale, 1.0 if cents else 0.0)
                self._swatch(
                    painter, QRectF(left + offset * bar, bottom - tall, bar - 1, tall), colour,
                    pattern,
                )  # fmt: skip
            painter.setPen(QColor("#333333"))
            painter.drawText(
                QRectF(axis + index * slot, bottom + 2, slot, line + 2),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )

    @staticmethod
    def _swatch(painter: QPainter, rect: QRectF, colour: str, pattern: Qt.BrushStyle) -> None:
        if rect.height() <= 0:
            return
        painter.setPen(QPen(QColor(colour), 1))
        if pattern is not Qt.BrushStyle.SolidPattern:
            painter.fillRect(rect, QColor("#f6d5d1"))
        painter.fillRect(rect, QBrush(QColor(colour), pattern))
        painter.drawRect(rect)
