"""Always on screen: is the till online, when did it last sync, how much waits to be sent,
how old the Region's data is, who is at the till; and what the partner must act on.

Each state is a word and a symbol as well as a colour. Snapshot downloads show a progress bar
here, so a long first sync never looks like a frozen till.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pos_app.services import TillStatus
from pos_app.ui.qt import (
    QFont,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from pos_app.ui.wording import moment, say

_STRIP = "QFrame#status { background:#eef1f4; border-bottom:1px solid #c9ced3; }"
_STRIP_OFFLINE = "QFrame#status { background:#fde2e1; border-bottom:3px solid #b3261e; }"
_OFFLINE_BANNER = (
    "color:#ffffff; background:#a61b1b; border-radius:4px; padding:6px 10px; font-weight:bold;"
)


class StatusStrip(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status")
        self.setStyleSheet(_STRIP)
        self.online: bool | None = None
        """As last shown by `show_connection`: None until the first sync round has said."""
        font = QFont()
        font.setPointSize(12)
        self.connection = QLabel()
        self.connection.setAccessibleName(self.tr("Connexion à la Région"))
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("État de la caisse"))
        self.summary.setWordWrap(True)
        self.operator_button = QPushButton()
        self.operator_button.setAccessibleName(self.tr("Changer d'opérateur"))
        self.conflicts_button = QPushButton()
        self.conflicts_button.setAccessibleName(self.tr("Refus de la Région à voir"))
        self.conflicts_button.setStyleSheet(
            "QPushButton { background:#fff4d6; color:#5c3b00; border:2px solid #b7791f;"
            " border-radius:6px; padding:4px 10px; font-weight:bold; }"
        )
        self.conflicts_button.hide()
        for widget in (self.connection, self.summary, self.operator_button):
            widget.setFont(font)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progression de la synchronisation"))
        self.progress.setMaximumHeight(18)
        self.progress.hide()
        self.warnings = QLabel()
        self.warnings.setAccessibleName(self.tr("Avertissements"))
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            "color:#5c3b00; background:#fff4d6; border:1px solid #b7791f; padding:4px;"
        )
        self.warnings.hide()
        self.offline_banner = QLabel(
            "○ "
            + self.tr("Hors ligne : les ventes sont gardées et partiront dès le retour du réseau")
        )
        self.offline_banner.setAccessibleName(self.tr("Caisse hors ligne"))
        self.offline_banner.setWordWrap(True)
        self.offline_banner.setFont(font)
        self.offline_banner.setStyleSheet(_OFFLINE_BANNER)
        self.offline_banner.hide()
        self._warnings: list[str] = []
        self._close_notice = ""
        self._money_notice = ""
        row = QHBoxLayout()
        row.addWidget(self.connection)
        row.addWidget(self.summary, 1)
        row.addWidget(self.operator_button)
        # The Region's refusals on the row of the warnings: the summary keeps one line at 1366.
        notices = QHBoxLayout()
        notices.addWidget(self.conflicts_button, 0, Qt.AlignmentFlag.AlignTop)
        notices.addWidget(self.warnings, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.offline_banner)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addLayout(notices)
        self.show_connection(None)

    def show_connection(self, online: bool | None) -> None:
        """None until the first sync round has said. Offline, a red banner says so in words
        (sales are kept, sent when the network is back) and the strip turns red."""
        self.online = online
        self.offline_banner.setVisible(online is False)
        self.setStyleSheet(_STRIP_OFFLINE if online is False else _STRIP)
        if online is None:
            text, colour = "◌ " + self.tr("Connexion : vérification…"), "#444"
        elif online:
            text, colour = "● " + self.tr("En ligne"), "#0b4f1c"
        else:
            text, colour = "○ " + self.tr("Hors ligne"), "#7a1111"
        self.connection.setText(text)
        self.connection.setStyleSheet(f"color:{colour}; font-weight:bold;")

    def show_status(self, status: TillStatus, now: datetime, training: datetime | None) -> None:
        zone = now.tzinfo
        if not status.enrolled and self.online is None:  # no Region to check yet
            self.connection.setText("◌ " + self.tr("Pas encore reliée à la Région"))
        parts = []
        if training is not None:
            parts.append(
                self.tr("MODE FORMATION (horloge fixée au %1)").replace("%1", moment(training))
            )
        parts.append(status.partner.name if status.partner else self.tr("caisse non activée"))
        parts.append(
            self.tr("dernière synchro : %1").replace(
                "%1",
                moment(status.last_sync.astimezone(zone), with_year=False)
                if status.last_sync
                else self.tr("jamais"),
            )
        )
        parts.append(self.tr("en attente d'envoi : %1").replace("%1", str(status.pending)))
        if status.snapshot_generated_at is not None:
            parts.append(
                self.tr("données de la Région : %1").replace(
                    "%1", self._age(now - status.snapshot_generated_at)
                )
            )
        self.summary.setText(" · ".join(parts))
        self._warnings = [say(warning) for warning in status.warnings]
        self._show_warnings()

    def show_close_notice(self, text: str) -> None:
        """A day left unclosed (from the close service), shown with the other warnings."""
        self._close_notice = text
        self._show_warnings()

    def show_money_notice(self, text: str) -> None:
        """A dispute deadline a week away or less (from the reimbursements page's notice)."""
        self._money_notice = text
        self._show_warnings()

    def _show_warnings(self) -> None:
        notices = (self._close_notice, self._money_notice)
        shown = [*self._warnings, *(notice for notice in notices if notice)]
        self.warnings.setText("\n".join(f"⚠ {warning}" for warning in shown))
        self.warnings.setVisible(bool(shown))

    def show_operator(self, name: str | None) -> None:
        """Who is at the till, in the one word the window uses for it (« Caissier », as on the
        receipts and in the history): None when nobody signed in, "" for a till without
        named cashiers."""
        if name is None:
            text = self.tr("Caissier : identifiez-vous (F2)")
        elif name:
            text = self.tr("Caissier : %1 — changer (F2)").replace("%1", name)
        else:
            text = self.tr("Caissier : sans nom (F2)")
        self.operator_button.setText(text)
        self.operator_button.setAccessibleName(self.tr("Changer de caissier"))

    def show_conflicts(self, count: int) -> None:
        self.conflicts_button.setText(
            "⚠ " + self.tr("%1 refus de la Région à voir (F3)").replace("%1", str(count))
        )
        self.conflicts_button.setVisible(count > 0)

    def show_progress(self, stage: str, done: int, total: int) -> None:
        """A snapshot being downloaded (bytes) or applied (records); hidden when `stage` is ""."""
        if not stage:
            self.progress.hide()
            return
        label = (
            self.tr("Téléchargement des données de la Région")
            if stage == "download"
            else self.tr("Mise à jour des données de la Région")
        )
        self.progress.setFormat(label + " — %p %")
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, int(1000 * done / total)))
        else:
            self.progress.setRange(0, 0)  # unknown size: a busy bar
        self.progress.show()

    def _age(self, age: timedelta) -> str:
        """Offline, the data's age always (it cannot be « à jour » without the network)."""
        seconds = max(0, int(age.total_seconds()))
        if self.online is False and seconds < 60:
            return self.tr("il y a moins d'une minute")
        if seconds < 120 and self.online is not False:
            return self.tr("à jour")
        if seconds < 7200:
            return self.tr("il y a %1 min").replace("%1", str(seconds // 60))
        if seconds < 3 * 86400:
            return self.tr("il y a %1 h").replace("%1", str(seconds // 3600))
        return self.tr("il y a %1 jours").replace("%1", str(seconds // 86400))
