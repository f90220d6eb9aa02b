"""The counter window (minimal for now): scan field, verdict, charge, sync.

It only calls the application services (`Till`) and shows their answers: no rule lives here.
Sync runs on a worker thread; the verdict is text plus colour plus a symbol, never colour alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from pos_app.domain.model import UsableWallet, Verdict
from pos_app.domain.money import format_euros
from pos_app.services import Till, TillError
from pos_app.ui.camera import CameraController
from pos_app.ui.clipboard import clipboard_scans
from pos_app.ui.jobs import run_in_background
from pos_app.ui.qt import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QObject,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.wedge_filter import WedgeFilter
from scanner.camera import CameraState, CameraStatus
from scanner.events import ScanEvent, ScanSource
from scanner.images import ScanImageError

log = logging.getLogger(__name__)

_STYLES = {
    "accepted": "background:#dff5e1; color:#0b4f1c; border:2px solid #1e7b34;",
    "refused": "background:#fde2e1; color:#7a1111; border:2px solid #b3261e;",
    "idle": "background:#f1f3f5; color:#222; border:2px solid #c9ced3;",
}


class SyncBridge(QObject):
    """Brings the background sync loop's outcomes to the GUI thread (a queued signal, received
    by a slot: PySide6 needs both for signals emitted from a plain Python thread)."""

    outcome = Signal(object)


class MainWindow(QMainWindow):
    def __init__(
        self,
        till: Till,
        codes_dir: str | None = None,
        after_sale: Callable[[], None] = lambda: None,
        sync_bridge: SyncBridge | None = None,
        camera: CameraController | None = None,
    ) -> None:
        super().__init__()
        self.till = till
        self.camera = camera or CameraController(parent=self)
        """Started only when the cashier asks: the till works the same without a camera."""
        self.camera.scanned.connect(self.on_scan_event)
        self.camera.status_changed.connect(self._camera_status)
        self._after_sale = after_sale
        """Tells the background sync a sale is waiting to be sent."""
        if sync_bridge is not None:
            sync_bridge.outcome.connect(self._background_synced)
        self.verdict: Verdict | None = None
        self.payload = ""
        self.setWindowTitle(self.tr("Atouts POS — caisse"))
        self.resize(900, 640)

        self.header = QLabel()
        self.header.setAccessibleName(self.tr("État de la caisse"))
        self.header.setWordWrap(True)

        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(
            self.tr("Scannez le QR code ou tapez le code, puis Entrée")
        )
        self.scan_field.setAccessibleName(self.tr("Code du jeune"))
        self.scan_field.returnPressed.connect(self.on_scan)

        self.verdict_label = QLabel(self.tr("En attente d'un code…"))
        self.verdict_label.setAccessibleName(self.tr("Résultat de la vérification"))
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setMinimumHeight(150)
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont()
        font.setPointSize(18)
        font.setBold(True)
        self.verdict_label.setFont(font)
        self.verdict_label.setFrameShape(QFrame.Shape.StyledPanel)
        self._paint("idle")

        self.wallet_box = QComboBox()
        self.wallet_box.setAccessibleName(self.tr("Avantage à utiliser"))
        self.wallet_box.currentIndexChanged.connect(self._refresh_items)
        self.item_box = QComboBox()
        self.item_box.setAccessibleName(self.tr("Nature de l'article"))
        self.id_checked_box = QCheckBox(self.tr("Pièce d'identité vérifiée (Espace)"))
        self.id_checked_box.setAccessibleName(self.tr("Pièce d'identité vérifiée"))
        self.id_checked_box.toggled.connect(self._id_checked)
        self.label_field = QLineEdit()
        self.label_field.setPlaceholderText(
            self.tr("Numéro de l'étiquette antivol collée sur le PC")
        )
        self.label_field.setAccessibleName(self.tr("Étiquette antivol"))
        self.equipment_field = QLineEdit()
        self.equipment_field.setPlaceholderText(self.tr("Numéro de série du PC remis"))
        self.equipment_field.setAccessibleName(self.tr("Numéro de série du matériel"))
        self.amount_field = QLineEdit()
        self.amount_field.setPlaceholderText(self.tr("Prix public, ex. 12,50"))
        self.amount_field.setAccessibleName(self.tr("Prix public en euros"))
        self.amount_field.returnPressed.connect(self.on_charge)
        self.charge_button = QPushButton(self.tr("Encaisser (Entrée)"))
        self.charge_button.clicked.connect(self.on_charge)
        self.result_label = QLabel()
        self.result_label.setAccessibleName(self.tr("Résultat de l'encaissement"))
        self.result_label.setWordWrap(True)
        result_font = QFont()
        result_font.setPointSize(14)
        self.result_label.setFont(result_font)

        form = QFormLayout()
        form.addRow(self.tr("Avantage"), self.wallet_box)
        form.addRow(self.tr("Article"), self.item_box)
        form.addRow(self.tr("Identité"), self.id_checked_box)
        form.addRow(self.tr("Étiquette"), self.label_field)
        form.addRow(self.tr("Matériel"), self.equipment_field)
        self._form = form
        form.addRow(self.tr("Prix"), self.amount_field)

        self.sync_button = QPushButton(self.tr("Synchroniser"))
        self.sync_button.clicked.connect(self.on_sync)
        self.camera_button = QPushButton(self.tr("Caméra"))
        self.camera_button.setCheckable(True)
        self.camera_button.setAccessibleName(self.tr("Lire les QR codes avec la caméra"))
        self.camera_button.toggled.connect(self.on_camera_toggled)
        self.camera_label = QLabel()
        self.camera_label.setAccessibleName(self.tr("État de la caméra"))
        self.camera_label.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.charge_button)
        bottom.addStretch(1)
        self.paste_button = QPushButton(self.tr("Coller une image (Ctrl+Maj+V)"))
        self.paste_button.setAccessibleName(self.tr("Lire le QR code d'une capture d'écran copiée"))
        self.paste_button.clicked.connect(self.on_paste)
        bottom.addWidget(self.paste_button)
        bottom.addWidget(self.camera_button)
        bottom.addWidget(self.sync_button)

        layout = QVBoxLayout()
        layout.addWidget(self.header)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.verdict_label)
        layout.addLayout(form)
        layout.addLayout(bottom)
        layout.addWidget(self.result_label)
        layout.addWidget(self.camera_label)
        if codes_dir:
            hint = QLabel(self.tr("Démo : QR codes dans %1").replace("%1", codes_dir))
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(hint)
        layout.addStretch(1)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reset)
        QShortcut(QKeySequence("Ctrl+Shift+V"), self, activated=self.on_paste)
        self._set_charge_enabled(False)
        self._form.setRowVisible(self.id_checked_box, False)
        self._refresh_items()
        self.refresh_status()
        self.scan_field.setFocus()

    # --- actions --------------------------------------------------------------------------

    def attach_wedge(self, wedge: WedgeFilter) -> None:
        """A USB scanner that types: its scans take the path of a code typed in the scan field,
        whatever widget has the focus (the filter keeps them out of that widget)."""
        wedge.scanned.connect(self.on_wedge_scan)
        wedge.notice.connect(self._show_refusal)

    @Slot(object)
    def on_wedge_scan(self, event: ScanEvent) -> None:
        self.scan_field.clear()
        if event.payload.strip():
            self.on_scan_event(event)

    @Slot()
    def on_paste(self) -> None:
        """A screenshot of a QR code (a beneficiary e-mailed it) or a code's text, pasted."""
        try:
            scans = clipboard_scans(QApplication.clipboard())
        except ScanImageError as exc:
            self._show_refusal(exc.message)
            return
        self.on_scan_event(scans[0])

    @Slot()
    def on_scan(self) -> None:
        payload = self.scan_field.text().strip()
        self.scan_field.clear()
        self.check_payload(payload)

    def check_payload(self, payload: str) -> None:
        if not payload:
            return
        self.on_scan_event(ScanEvent(payload, ScanSource.KEYBOARD, time.monotonic()))

    @Slot(object)
    def on_scan_event(self, event: ScanEvent) -> None:
        """Every code source ends here (typed, camera…): the counter does not care which."""
        payload = event.payload
        self.result_label.clear()
        try:
            verdict = self.till.check(payload)
        except TillError as exc:
            self._show_refusal(exc.message)
            return
        self.payload = payload
        self.show_verdict(verdict)

    def show_verdict(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.wallet_box.clear()
        if not verdict.accepted:
            self._show_refusal(verdict.message)
            return
        self.verdict_label.setText("✔ " + self.tr("ACCEPTÉ") + "\n" + verdict.message)
        self._paint("accepted")
        for wallet in verdict.wallets:
            self.wallet_box.addItem(self._wallet_text(wallet), wallet)
        self._set_charge_enabled(True)
        self.id_checked_box.setChecked(False)
        self._form.setRowVisible(self.id_checked_box, verdict.confirm_identity)
        if verdict.confirm_identity:
            self.id_checked_box.setFocus()  # Space ticks it, then the price
        else:
            self.amount_field.setFocus()

    @Slot()
    def on_charge(self) -> None:
        wallet: UsableWallet | None = self.wallet_box.currentData()
        if self.verdict is None or not self.verdict.accepted or wallet is None:
            return
        try:
            transaction = self.till.charge(
                self.payload,
                f"{wallet.scheme_id}:{wallet.category_id}",
                self.amount_field.text(),
                self.item_box.currentData(),
                id_checked=self.id_checked_box.isChecked(),
                label_number=self.label_field.text() or None,
                equipment_serial=self.equipment_field.text() or None,
            )
        except TillError as exc:
            self.result_label.setText("✖ " + exc.message)
            self.result_label.setStyleSheet("color:#7a1111;")
            return
        self.result_label.setStyleSheet("color:#0b4f1c;")
        self.result_label.setText(
            self.tr("Atouts : %1 — reste à payer : %2")
            .replace("%1", format_euros(transaction.amount_cents))
            .replace("%2", format_euros(transaction.complement_cents))
        )
        self._after_sale()
        self._after_charge()

    @Slot()
    def on_sync(self) -> None:
        self.sync_button.setEnabled(False)
        self.sync_button.setText(self.tr("Synchronisation…"))
        run_in_background(self.till.sync, self._sync_done, self._sync_failed)

    @Slot(object)
    def _background_synced(self, outcome: Any) -> None:
        if outcome.error is not None:
            self.statusBar().showMessage(outcome.error.message, 8000)
        self.refresh_status()

    @Slot(object)
    def _sync_done(self, report: Any) -> None:
        self._sync_finished(
            self.tr("Synchronisé : %1 envoyée(s).").replace("%1", str(report.uploaded))
        )

    @Slot(object)
    def _sync_failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, TillError) else self.tr("Erreur inattendue.")
        if not isinstance(error, TillError):
            log.exception("sync failed", exc_info=error)
        self._sync_finished(message)

    def _sync_finished(self, message: str) -> None:
        self.sync_button.setEnabled(True)
        self.sync_button.setText(self.tr("Synchroniser"))
        self.statusBar().showMessage(message, 8000)
        self.refresh_status()

    @Slot(bool)
    def on_camera_toggled(self, on: bool) -> None:
        if on:
            self.camera.start()
        else:
            self.camera.stop()
            self.camera_label.clear()
        self.scan_field.setFocus()

    @Slot(object)
    def _camera_status(self, status: CameraStatus) -> None:
        if status.state is CameraState.STOPPED:
            return
        self.camera_label.setText(self.tr("Caméra : ") + status.message)
        problem = status.state not in (CameraState.STARTING, CameraState.RUNNING)
        self.camera_label.setStyleSheet("color:#7a4a00;" if problem else "")

    def closeEvent(self, event: Any) -> None:
        self.camera.stop()
        super().closeEvent(event)

    @Slot()
    def reset(self) -> None:
        self.verdict = None
        self.payload = ""
        self.wallet_box.clear()
        self.amount_field.clear()
        self.label_field.clear()
        self.equipment_field.clear()
        self.verdict_label.setText(self.tr("En attente d'un code…"))
        self._paint("idle")
        self._set_charge_enabled(False)
        self.scan_field.setFocus()

    # --- display --------------------------------------------------------------------------

    def refresh_status(self) -> None:
        status = self.till.status()
        partner = status.partner.name if status.partner else self.tr("caisse non activée")
        training = self.till.training_date()
        zone = training.tzinfo if training else None  # a training till lives in its own time
        last = (
            status.last_sync.astimezone(zone).strftime("%d/%m %H:%M")
            if status.last_sync
            else self.tr("jamais")
        )
        banner = (
            self.tr("MODE FORMATION — horloge fixée au %1 · ").replace(
                "%1", training.strftime("%d/%m/%Y %H:%M")
            )
            if training
            else ""
        )
        text = banner + self.tr("%1 · en attente d'envoi : %2 · dernière synchro : %3").replace(
            "%1", partner
        ).replace("%2", str(status.pending)).replace("%3", last)
        for warning in status.warnings:
            text += "\n⚠ " + warning
        self.header.setText(text)
        self.header.setStyleSheet("color:#7a4a00;" if status.warnings else "")

    def _show_refusal(self, message: str) -> None:
        self.verdict_label.setText("✖ " + self.tr("REFUSÉ") + "\n" + message)
        self._paint("refused")
        self._set_charge_enabled(False)
        self.scan_field.setFocus()

    def _after_charge(self) -> None:
        """Say it is paid; offer what is left only if something is (a used voucher or coupon
        must not greet the cashier with a red refusal right after a successful sale)."""
        payload = self.payload
        done = self.result_label.text()
        self.amount_field.clear()
        self.label_field.clear()
        self.equipment_field.clear()
        self.refresh_status()
        try:
            verdict = self.till.check(payload)
        except TillError:
            verdict = None
        if verdict is not None and verdict.accepted:
            id_checked = self.id_checked_box.isChecked()
            self.show_verdict(verdict)
            self.id_checked_box.setChecked(id_checked)  # same person, same ID: no second tick
        else:
            self.verdict = None
            self.wallet_box.clear()
            self._set_charge_enabled(False)
            self.verdict_label.setText("✔ " + self.tr("ENCAISSÉ") + "\n" + done)
            self._paint("accepted")
        self.scan_field.setFocus()

    def _wallet_text(self, wallet: UsableWallet) -> str:
        text = f"{wallet.label} — {format_euros(wallet.balance_cents)}"
        if wallet.voucher or wallet.single_payment:
            text += " " + self.tr("(usage unique, pas de monnaie rendue)")
        return text

    @Slot(bool)
    def _id_checked(self, checked: bool) -> None:
        if checked:
            self.amount_field.setFocus()

    @Slot()
    def _refresh_items(self) -> None:
        self.item_box.clear()
        wallet: UsableWallet | None = self.wallet_box.currentData()
        self._form.setRowVisible(self.label_field, bool(wallet and wallet.needs_label))
        self._form.setRowVisible(
            self.equipment_field, bool(wallet and wallet.needs_equipment_serial)
        )
        if wallet is None:
            return
        for item_id, label in wallet.item_kinds:
            self.item_box.addItem(label, item_id)

    def _set_charge_enabled(self, enabled: bool) -> None:
        for widget in (
            self.wallet_box,
            self.item_box,
            self.id_checked_box,
            self.label_field,
            self.equipment_field,
            self.amount_field,
            self.charge_button,
        ):
            widget.setEnabled(enabled)

    def _paint(self, state: str) -> None:
        self.verdict_label.setStyleSheet(_STYLES[state] + " border-radius:8px; padding:12px;")
