"""The verdict, large: what the cashier reads from a step away, in a second.

Colour is never the only signal: each state has its symbol and its word (✔ ACCEPTÉ, ⚠ À
VÉRIFIER, ✖ REFUSÉ), and the whole text is the panel's accessible description, so a screen
reader says the same thing. The panel only shows what the services decided.
"""

from __future__ import annotations

from pos_app.domain.model import Verdict
from pos_app.domain.rules import ACCEPTED_MESSAGE
from pos_app.ui.qt import QFont, QFrame, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from pos_app.ui.wording import day, money, say

TONE_STYLES = {
    "accepted": ("#e3f6e5", "#0b4f1c", "#1e7b34"),
    "attention": ("#fff4d6", "#5c3b00", "#b7791f"),
    "refused": ("#fde2e1", "#7a1111", "#b3261e"),
    "idle": ("#f1f3f5", "#222222", "#c9ced3"),
}
"""tone: (background, text, border). Dark text on light grounds: readable in a bright shop."""


class VerdictPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdict")
        self.setAccessibleName(self.tr("Résultat de la vérification"))
        self.tone = "idle"
        self._styled = ""
        self.symbol = QLabel()
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.symbol.setMinimumWidth(90)
        self.title = QLabel()
        self.person = QLabel()
        self.message = QLabel()
        self.details = QLabel()
        self.due = QLabel()
        """After a sale, what the cashier must still collect: the largest line on screen."""
        self.due.setObjectName("due")
        self.due.setAccessibleName(self.tr("Reste à payer par le jeune"))
        self.due.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.due.hide()
        for label, size, bold in (
            (self.symbol, 54, True),
            (self.title, 30, True),
            (self.person, 20, True),
            (self.message, 15, False),
            (self.details, 15, False),
            (self.due, 30, True),
        ):
            font = QFont()
            font.setPointSize(size)
            font.setBold(bold)
            label.setFont(font)
            label.setWordWrap(label is not self.symbol)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        heading = QWidget()
        row = QHBoxLayout(heading)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.symbol)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.person)
        row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(self.due)
        layout.addStretch(1)
        self.setMinimumHeight(220)
        self.show_idle()

    # --- states ---------------------------------------------------------------------------

    def show_idle(self, last_operation: str = "") -> None:
        """Waiting for a code; `last_operation` recalls what was recorded last (after a
        restart, the cashier sees whether the sale in progress went through)."""
        self._show(
            "idle",
            "…",
            self.tr("En attente d'un code"),
            "",
            self.tr("Scannez le QR code du jeune (caméra ou lecteur), ou tapez le code imprimé."),
            last_operation,
        )

    def show_verdict(self, verdict: Verdict) -> None:
        if not verdict.accepted:
            self.show_refusal(say(verdict.message))
            return
        symbol, title = (
            ("⚠", self.tr("À VÉRIFIER"))
            if verdict.tone == "attention"
            else ("✔", self.tr("ACCEPTÉ"))
        )
        wallets = "\n".join(
            self.tr("• %1 : %2")
            .replace("%1", wallet.label)
            .replace("%2", money(wallet.balance_cents))
            for wallet in verdict.wallets
        )
        cautions = "\n".join(f"⚠ {say(note)}" for note in verdict.cautions)
        self._show(
            verdict.tone,
            symbol,
            title,
            self._person(verdict),
            self._lead(verdict) if wallets else say(verdict.message),
            "\n".join(part for part in (wallets, cautions) if part),
        )

    def show_refusal(self, message: str, title: str = "") -> None:
        self._show("refused", "✖", title or self.tr("REFUSÉ"), "", message, "")

    def show_attention(self, title: str, message: str) -> None:
        self._show("attention", "⚠", title, "", message, "")

    def show_done(self, title: str, message: str, details: str = "") -> None:
        self._show("accepted", "✔", title, "", message, details)

    def show_sale(self, person: str, summary: str, due: str, *, to_collect: bool) -> None:
        """A sale recorded: done, not ready for another charge; `due` (what the cashier still
        collects, by other means) in the largest letters, or nothing left to pay."""
        self._show("accepted", "✔", self.tr("VENTE ENREGISTRÉE"), person, summary, "")
        self.due.setObjectName("due" if to_collect else "paid")
        self.due.style().unpolish(self.due)
        self.due.style().polish(self.due)
        self.due.setText(due)
        self.due.show()
        self.setAccessibleDescription(f"{self.accessibleDescription()} {due}")

    # --- drawing --------------------------------------------------------------------------

    def _lead(self, verdict: Verdict) -> str:
        """The sentence without its balances, which the lines below list once."""
        message = verdict.message
        if getattr(message, "template", None) == ACCEPTED_MESSAGE:
            return say(message.params["lead"]) + "."  # type: ignore[attr-defined]
        return say(message)

    def _person(self, verdict: Verdict) -> str:
        credential = verdict.credential
        if credential is None or not credential.holder_name:
            return ""
        text = credential.holder_name
        if credential.birth_date is not None:
            text += " — " + self.tr("né(e) le %1").replace("%1", day(credential.birth_date))
            if verdict.holder_age is not None:
                text += " — " + self.tr("%1 ans").replace("%1", str(verdict.holder_age))
        return text

    def _show(
        self, tone: str, symbol: str, title: str, person: str, message: str, details: str
    ) -> None:
        if tone != self._styled:  # a style sheet re-polishes every label: only on a change
            background, text, border = TONE_STYLES[tone]
            self.setStyleSheet(
                f"QFrame#verdict {{ background:{background}; border:3px solid {border};"
                " border-radius:10px; }"
                f" QFrame#verdict QLabel {{ color:{text}; background:transparent; border:none; }}"
                " QFrame#verdict QLabel#due { color:#5c3b00; background:#fff4d6;"
                " border:3px solid #b7791f; border-radius:8px; padding:8px; }"
                " QFrame#verdict QLabel#paid { color:#0b4f1c; background:#ffffff;"
                " border:2px solid #1e7b34; border-radius:8px; padding:8px; }"
            )
            self._styled = tone
        self.tone = tone
        if self.due.isVisibleTo(self):
            self.due.hide()
        # Empty labels stay shown: hiding and showing them re-lays the page out at each scan
        # (~1 ms each in bench/bench_window.py), for a few pixels of space.
        self.symbol.setText(symbol)
        self.title.setText(title)
        self.person.setText(person)
        self.message.setText(message)
        self.details.setText(details)
        self.setAccessibleDescription(
            " ".join(part for part in (title, person, message, details) if part)
        )

    def text(self) -> str:
        """Everything the panel says, in reading order (tests, logs, the screenshot script)."""
        lines = [f"{self.symbol.text()} {self.title.text()}"]
        lines += [label.text() for label in (self.person, self.message, self.details)]
        if self.due.isVisibleTo(self):
            lines.append(self.due.text())
        return "\n".join(line for line in lines if line)
