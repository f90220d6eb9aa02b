"""The counter window: a status strip, the scan field, the verdict, the charge; other pages
(operator, history, settings) one key away.

It only calls the application services (`Till`) and shows their answers: no rule lives here.
Every code source (typed, USB scanner, camera, pasted image) ends in `on_scan_event`, and a new
scan always wins: it brings the counter page forward and replaces whatever was on it. No modal
dialog ever stands between the cashier and the next scan. Sync runs off the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pos_app.back_office.closes import DailyCloses
from pos_app.domain.model import Transaction, TxnKind, Verdict
from pos_app.services import Till, TillError
from pos_app.ui.camera import CameraController
from pos_app.ui.charge_panel import ChargePanel
from pos_app.ui.clipboard import clipboard_scans
from pos_app.ui.first_paint import AfterFirstPaint
from pos_app.ui.jobs import run_in_background
from pos_app.ui.local_api_controller import LocalApiController
from pos_app.ui.money_notice import MoneyNotice
from pos_app.ui.qt import (
    QApplication,
    QComboBox,
    QFont,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QObject,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from pos_app.ui.receipt_printing import ReceiptPrinting
from pos_app.ui.scanner_sources import ScannerSourcesController
from pos_app.ui.sounds import VerdictSounds
from pos_app.ui.status_strip import StatusStrip
from pos_app.ui.tones import DONE, ERROR
from pos_app.ui.verdict_panel import VerdictPanel
from pos_app.ui.wedge_filter import WedgeFilter
from pos_app.ui.wording import moment, money, noted_in_journal, say
from scanner.camera_types import CameraState, CameraStatus
from scanner.events import ScanEvent, ScanSource
from scanner.image_errors import ScanImageError

if TYPE_CHECKING:
    from pos_app.ui.enrollment_page import EnrollmentPage
    from pos_app.ui.history_page import HistoryPage
    from pos_app.ui.operator_page import OperatorPage
    from pos_app.ui.settings_page import SettingsPage

log = logging.getLogger(__name__)

CHARGE_MODE = ""
"""The mode box's value for charging; any other value is a bon plan's id (check-in mode)."""


class SyncBridge(QObject):
    """Brings the background sync loop's outcomes and progress to the GUI thread (queued
    signals received by slots: PySide6 needs both for signals emitted from a Python thread)."""

    outcome = Signal(object)
    progress = Signal(str, int, int)


class MainWindow(QMainWindow):
    def __init__(
        self,
        till: Till,
        codes_dir: str | None = None,
        after_sale: Callable[[], None] = lambda: None,
        sync_bridge: SyncBridge | None = None,
        camera: CameraController | None = None,
        sounds: VerdictSounds | None = None,
        scanners: ScannerSourcesController | None = None,
    ) -> None:
        super().__init__()
        self.till = till
        self.camera = camera or CameraController(parent=self)
        """Started only when the cashier asks: the till works the same without a camera."""
        self.camera.scanned.connect(self.on_scan_event)
        self.camera.status_changed.connect(self._camera_status)
        self.scanners = scanners or ScannerSourcesController(parent=self)
        """Serial and HID-POS scanners (keyboard-wedge ones come through `attach_wedge`)."""
        self.scanners.scanned.connect(self.on_scan_event)
        self.scanners.status_changed.connect(self._scanner_status)
        self.sounds = sounds or VerdictSounds(self)
        self._after_sale = after_sale
        """Tells the background sync a sale is waiting to be sent."""
        self._bridge = sync_bridge or SyncBridge(self)
        self._bridge.outcome.connect(self._background_synced)
        self._bridge.progress.connect(self._sync_progress)
        self.local_api = LocalApiController(till, self)
        """The partner's own till software's API (off unless the settings turn it on)."""
        self.local_api.changed.connect(self._outside_change)
        self.verdict: Verdict | None = None
        self.payload = ""
        self.online: bool | None = None
        self.operator: str | None = "" if not till.operators() else None
        """"" when the till has no operators (anonymous counter); None until one signs in."""
        self.last_sale: Transaction | None = None
        self.printing = ReceiptPrinting(till, self)
        """Receipts on paper or PDF, on request only (never printed by itself after a sale)."""
        self.printing.finished.connect(self._printed)
        self._pages: dict[str, QWidget] = {}
        self._closes = DailyCloses(till)
        self.money_notice = MoneyNotice(till, self)
        """Periods to look at: a badge on F8's button, a deadline a week away in the strip."""
        self.money_notice.changed.connect(self._money_notice_changed)
        self.setWindowTitle(self.tr("Atouts POS — caisse"))
        self.resize(1280, 760)

        self.status_strip = StatusStrip()
        self.status_strip.operator_button.clicked.connect(lambda: self.show_page("operator"))
        self.status_strip.conflicts_button.clicked.connect(lambda: self.show_page("history"))
        self.header = self.status_strip.summary

        self.stack = QStackedWidget()
        self.counter_page = self._build_counter_page(codes_dir)
        self.stack.addWidget(self.counter_page)
        self._pages["counter"] = self.counter_page

        self.nav = QHBoxLayout()
        self._nav_buttons: dict[str, QPushButton] = {}
        self._add_nav("counter", self.tr("Caisse (F1)"), "F1")
        self._builders: dict[str, Callable[[], QWidget]] = {}
        """Pages other than the counter are built the first time they are shown: the counter
        is on screen sooner (bench/bench_window.py), and most days only it is used."""
        self.add_page("operator", self.tr("Caissier (F2)"), "F2", self._build_operator_page)
        self.add_page("history", self.tr("Historique (F3)"), "F3", self._build_history_page)
        self.add_page("settings", self.tr("Réglages (F4)"), "F4", self._build_settings_page)
        self.add_page("close", self.tr("Clôture (F7)"), "F7", self._build_close_page)
        self.add_page("money", self.tr("Remboursements (F8)"), "F8", self._build_money_page)
        self._builders["enrollment"] = self._build_enrollment_page

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.status_strip)
        self.nav_bar = QWidget()
        nav_row = QHBoxLayout(self.nav_bar)
        nav_row.setContentsMargins(8, 0, 8, 0)
        nav_row.addLayout(self.nav)
        nav_row.addStretch(1)
        nav_row.addWidget(self.paste_button)
        nav_row.addWidget(self.camera_button)
        nav_row.addWidget(self.sync_button)
        layout.addWidget(self.nav_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.reset)
        QShortcut(QKeySequence("Ctrl+Shift+V"), self, activated=self.on_paste)
        QShortcut(QKeySequence("F5"), self, activated=self.camera_button.toggle)
        QShortcut(QKeySequence("F6"), self, activated=self.on_sync)
        QShortcut(QKeySequence("Ctrl+R"), self, activated=self.show_receipt)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_receipt)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.charge_again)
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start(30_000)  # the ages shown ("il y a 5 min") keep moving
        self.refresh_status()
        self.refresh_modes()
        self.reset()
        AfterFirstPaint(self, self.money_notice.check)  # the counter first, then the money
        if not till.status(token_location=False).enrolled:
            self.show_page("enrollment")  # first start: the partner's code, nothing else
        elif self.operator is None:
            self.show_page("operator")  # operators exist: who is at the till?

    # --- layout ---------------------------------------------------------------------------

    def _build_counter_page(self, codes_dir: str | None) -> QWidget:
        page = QWidget()
        self.mode_box = QComboBox()
        self.mode_box.setAccessibleName(self.tr("Mode de la caisse"))
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.mode_box.setMinimumWidth(220)
        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(self.tr("Scannez ou tapez le code, puis Entrée"))
        self.scan_field.setAccessibleName(self.tr("Code du jeune"))
        scan_font = QFont()
        scan_font.setPointSize(16)
        self.scan_field.setFont(scan_font)
        self.scan_field.setMinimumHeight(44)
        self.scan_field.returnPressed.connect(self.on_scan)

        self.verdict_panel = VerdictPanel()
        self.verdict_panel.setMinimumWidth(500)
        self.result_label = QLabel()
        self.result_label.setAccessibleName(self.tr("Résultat de l'encaissement"))
        self.result_label.setWordWrap(True)
        result_font = QFont()
        result_font.setPointSize(15)
        result_font.setBold(True)
        self.result_label.setFont(result_font)
        self.receipt_button = QPushButton(self.tr("Voir le reçu (Ctrl+R)"))
        self.receipt_button.setAccessibleName(self.tr("Voir le reçu de la dernière vente"))
        self.receipt_button.clicked.connect(self.show_receipt)
        self.receipt_button.hide()
        self.print_button = QPushButton(self.tr("Imprimer le reçu (Ctrl+P)"))
        self.print_button.setAccessibleName(
            self.tr("Imprimer le reçu de la dernière vente, si le jeune le demande")
        )
        self.print_button.clicked.connect(self.print_receipt)
        self.print_button.hide()
        self.again_button = QPushButton(self.tr("Autre achat pour ce jeune (Ctrl+N)"))
        self.again_button.setAccessibleName(self.tr("Encaisser un autre achat pour le même jeune"))
        self.again_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.again_button.clicked.connect(self.charge_again)
        self.again_button.hide()
        self._again_verdict: Verdict | None = None
        self._again_identity = False
        self.print_note = QLabel()
        self.print_note.setWordWrap(True)
        self.print_note.setAccessibleName(self.tr("Impression du reçu"))
        self.print_note.hide()
        self.receipt_view = QPlainTextEdit()
        self.receipt_view.setReadOnly(True)
        self.receipt_view.setAccessibleName(self.tr("Reçu"))
        mono = QFont("Monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.receipt_view.setFont(mono)
        self.receipt_view.setMinimumWidth(360)
        self.receipt_view.hide()

        self.charge_panel = ChargePanel(self.till, lambda: self.operator or "")
        self.charge_panel.charged.connect(self._charged)
        self.charge_panel.refused.connect(self._charge_refused)
        self.charge_panel.cancel_button.clicked.connect(self.reset)
        self.check_in_button = QPushButton(
            self.tr("Pièce d'identité vérifiée : valider la présence (Entrée)")
        )
        self.check_in_button.setAccessibleName(self.tr("Valider la présence au bon plan"))
        self.check_in_button.setMinimumHeight(52)
        self.check_in_button.clicked.connect(self.confirm_check_in)
        self.check_in_button.hide()
        self.bon_plan_list = QLabel()
        self.bon_plan_list.setAccessibleName(self.tr("Inscrits au bon plan"))
        self.bon_plan_list.setWordWrap(True)
        list_font = QFont()
        list_font.setPointSize(13)
        self.bon_plan_list.setFont(list_font)
        self.bon_plan_list.hide()

        self.sync_button = QPushButton(self.tr("Synchroniser (F6)"))
        self.sync_button.setAccessibleName(self.tr("Synchroniser avec la Région"))
        self.sync_button.clicked.connect(self.on_sync)
        self.camera_button = QPushButton(self.tr("Caméra (F5)"))
        self.camera_button.setCheckable(True)
        self.camera_button.setAccessibleName(self.tr("Lire les QR codes avec la caméra"))
        self.camera_button.toggled.connect(self.on_camera_toggled)
        self.paste_button = QPushButton(self.tr("Coller une image (Ctrl+Maj+V)"))
        self.paste_button.setAccessibleName(self.tr("Lire le QR code d'une capture d'écran copiée"))
        self.paste_button.clicked.connect(self.on_paste)
        for button in (self.sync_button, self.camera_button, self.paste_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.camera_label = QLabel()
        self.camera_label.setAccessibleName(self.tr("État de la caméra"))
        self.camera_label.setWordWrap(True)

        # The mode on a row of its own, named: the scan field keeps the column's width (its
        # placeholder whole at 1366×768) and a bon plan's title is not cut.
        self.mode_row = QWidget()
        mode_layout = QHBoxLayout(self.mode_row)
        mode_layout.setContentsMargins(0, 0, 0, 0)
        self.mode_label = QLabel(self.tr("&Mode de la caisse :"))
        self.mode_label.setBuddy(self.mode_box)
        mode_layout.addWidget(self.mode_label)
        mode_layout.addWidget(self.mode_box, 1)
        left = QVBoxLayout()
        left.addWidget(self.mode_row)
        left.addWidget(self.scan_field)
        left.addWidget(self.verdict_panel, 1)
        left.addWidget(self.camera_label)
        if codes_dir:
            hint = QLabel(self.tr("Démo : QR codes dans %1").replace("%1", codes_dir))
            hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            hint.setWordWrap(True)
            left.addWidget(hint)
        right = QVBoxLayout()
        right.addWidget(self.charge_panel)
        right.addWidget(self.check_in_button)
        right.addWidget(self.bon_plan_list)
        right.addWidget(self.result_label)  # the whole width: one line at 1366×768
        result_row = QHBoxLayout()
        result_row.addWidget(self.receipt_button)
        result_row.addWidget(self.print_button)
        result_row.addWidget(self.again_button)
        result_row.addStretch(1)
        right.addLayout(result_row)
        right.addWidget(self.print_note)
        right.addWidget(self.receipt_view, 1)
        right.addStretch(0)
        self.right_column = QWidget()
        self.right_column.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout(page)
        row.setContentsMargins(8, 4, 8, 8)
        row.addLayout(left, 5)
        row.addWidget(self.right_column, 6)
        return page

    def _fit_columns(self) -> None:
        """The verdict takes the whole width when there is nothing to do beside it."""
        shown = any(
            widget.isVisibleTo(self.right_column)
            for widget in (
                self.charge_panel,
                self.check_in_button,
                self.bon_plan_list,
                self.receipt_view,
            )
        ) or bool(self.result_label.text())
        self.right_column.setVisible(shown)

    def _add_nav(self, key: str, title: str, shortcut: str) -> None:
        button = QPushButton(title)
        button.setCheckable(True)
        button.setAutoExclusive(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(lambda _=False: self.show_page(key))
        self.nav.addWidget(button)
        self._nav_buttons[key] = button
        QShortcut(QKeySequence(shortcut), self, activated=lambda: self.show_page(key))

    def add_page(self, key: str, title: str, shortcut: str, build: Callable[[], QWidget]) -> None:
        """Another screen (operators, history, settings), one key away from the counter."""
        self._builders[key] = build
        self._add_nav(key, title, shortcut)

    def page(self, key: str) -> QWidget | None:
        """The page, built now if it never was."""
        if key not in self._pages and key in self._builders:
            built = self._builders[key]()
            self._pages[key] = built
            self.stack.addWidget(built)
        return self._pages.get(key)

    @property
    def operator_page(self) -> OperatorPage:
        return self.page("operator")  # type: ignore[return-value]

    @property
    def history_page(self) -> HistoryPage:
        return self.page("history")  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        return self.page("settings")  # type: ignore[return-value]

    @property
    def enrollment_page(self) -> EnrollmentPage:
        return self.page("enrollment")  # type: ignore[return-value]

    def _build_operator_page(self) -> QWidget:
        from pos_app.ui.operator_page import OperatorPage

        page = OperatorPage(self.till)
        page.signed_in.connect(self.set_operator)
        return page

    def _build_history_page(self) -> QWidget:
        from pos_app.ui.history_page import HistoryPage

        page = HistoryPage(self.till, lambda: self.operator or "", printing=self.printing)
        page.voided.connect(self._voided)
        page.conflicts_changed.connect(self.status_strip.show_conflicts)
        return page

    def _build_settings_page(self) -> QWidget:
        from pos_app.ui.scanner_sources import available_scanners
        from pos_app.ui.settings_page import SettingsPage

        page = SettingsPage(self.till, self.camera, available_scanners, printing=self.printing)
        page.local_api_section.attach(self.local_api)
        return page

    def _build_close_page(self) -> QWidget:
        from pathlib import Path

        from pos_app.ui.close_page import ClosePage

        documents = Path.home() / "Documents"
        page = ClosePage(
            self.till, documents if documents.is_dir() else Path.home(), printing=self.printing
        )
        page.closed.connect(self.refresh_status)
        return page

    def _build_money_page(self) -> QWidget:
        from pos_app.ui.money_page import MoneyPage

        page = MoneyPage(self.till)
        page.loaded.connect(self.money_notice.show)  # one reading for the page and the notice
        return page

    @Slot(int, str)
    def _money_notice_changed(self, count: int, text: str) -> None:
        button = self._nav_buttons["money"]
        title = self.tr("Remboursements (F8)")
        button.setText(f"⚠ {title} · {count}" if count else title)
        button.setToolTip(
            self.tr(
                "%1 période(s) à vérifier : écart de paiement ou délai de contestation."
            ).replace("%1", str(count))
            if count
            else ""
        )
        button.setStyleSheet(
            "QPushButton { background:#fff4d6; color:#5c3b00; border:2px solid #b7791f;"
            " border-radius:4px; padding:3px 8px; font-weight:bold; }"
            " QPushButton:checked { background:#f3dca0; }"
            if count
            else ""
        )
        self.status_strip.show_money_notice(text)

    def _money_changed(self, report: Any = None) -> None:
        """After a sync: a new statement from the Region (or one refused) is read again."""
        error = getattr(report, "statement_error", "") if report is not None else ""
        page = self._pages.get("money")
        if page is not None:
            page.show_statement_error(say(error) if error else "")  # type: ignore[attr-defined]
        if report is not None and not report.statements and not error:
            return  # nothing of the Region's money changed this round
        if page is not None and page.isVisible():
            page.refresh()  # type: ignore[attr-defined]  # the notice follows its reading
        else:
            self.money_notice.check()

    def _build_enrollment_page(self) -> QWidget:
        from pos_app.ui.enrollment_page import EnrollmentPage

        page = EnrollmentPage(self.till)
        page.enrolled.connect(self._enrolled)
        return page

    def show_page(self, key: str) -> None:
        page = self.page(key)
        if page is None:
            return
        already_shown = page.isVisible()
        self.stack.setCurrentWidget(page)
        self.nav_bar.setVisible(key != "enrollment")  # before activation, nothing else works
        if key in self._nav_buttons:
            self._nav_buttons[key].setChecked(True)
        if key == "counter":
            self.scan_field.setFocus()
            return
        # A page refreshes itself (and places the focus) when it is shown; asked for again
        # while on screen, it starts over the same way.
        if already_shown and hasattr(page, "refresh"):
            page.refresh()
        focused = QApplication.focusWidget()
        if focused is None or not page.isAncestorOf(focused):
            page.setFocus()

    def current_page(self) -> str:
        widget = self.stack.currentWidget()
        return next(key for key, page in self._pages.items() if page is widget)

    # --- scans ----------------------------------------------------------------------------

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
            self.show_page("counter")
            self._show_refusal(say(exc.message))
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
        """Every code source ends here (typed, scanner, camera, image): a new scan always wins,
        except on the two pages that read codes themselves: activation (an enrollment link)
        and the settings page while the partner tries a scanner or the camera."""
        page = self.current_page()
        if page in ("enrollment", "settings"):
            self._pages[page].on_scan_event(event)  # type: ignore[attr-defined]
            return
        self.show_page("counter")
        self._clear_sale()
        mode = self.mode_box.currentData()
        self.payload = event.payload
        if mode:
            self._check_in(mode, id_checked=False)
            return
        try:
            verdict = self.till.check(event.payload)
        except TillError as exc:
            self._show_refusal(say(exc.message))
            return
        self.show_verdict(verdict)

    def show_verdict(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.verdict_panel.show_verdict(verdict)
        self.sounds.play(verdict.tone)
        if not verdict.accepted:
            self.charge_panel.clear()
            self._fit_columns()
            self.scan_field.setFocus()
            return
        self.right_column.show()  # before the panel takes the focus
        self.charge_panel.start(self.payload, verdict)
        if self.operator is None:
            self.charge_panel.setEnabled(False)
            self._say(self.tr("Caissier : identifiez-vous (F2) avant d'encaisser."), problem=True)

    # --- charging -------------------------------------------------------------------------

    @Slot(object)
    def _charged(self, transaction: Transaction) -> None:
        self.last_sale = transaction
        split = self.charge_panel.split_text(transaction)
        self._say("✔ " + self.tr("Encaissé — %1").replace("%1", split), problem=False)
        self.receipt_button.show()
        self.print_button.show()
        self.print_note.hide()
        self._after_sale()
        self.refresh_status()
        self._show_sale_done(transaction)

    @Slot(str)
    def _charge_refused(self, message: str) -> None:
        self._say("✖ " + message, problem=True)
        self.sounds.play("refused")

    def _show_sale_done(self, transaction: Transaction) -> None:
        """The sale is done: the big panel says so with what is left to collect, and the form
        goes away. Another purchase by the same young person is a deliberate choice (a button,
        Ctrl+N), offered only when the code can still pay; Enter in the empty scan field does
        nothing, so a second charge never starts by mistake."""
        self._again_identity = self.charge_panel.id_checked_box.isChecked()
        name = self.verdict_panel.person.text()
        self.verdict = None
        self.charge_panel.clear()
        self.verdict_panel.show_sale(
            name,
            self._sale_summary(transaction),
            self._due_text(transaction),
            to_collect=transaction.complement_cents > 0,
        )
        try:
            again = self.till.check(self.payload)
        except TillError:
            again = None
        self._again_verdict = again if again is not None and again.accepted else None
        self.again_button.setVisible(self._again_verdict is not None)
        self._fit_columns()
        self.sounds.play("accepted")
        self.scan_field.setFocus()

    def _sale_summary(self, transaction: Transaction) -> str:
        text = (
            self.tr("Prix : %1 · payé par l'avantage : %2")
            .replace("%1", money(transaction.price_cents))
            .replace("%2", money(transaction.amount_cents))
        )
        if transaction.forfeited_cents:
            text += "\n" + self.tr("(non utilisé, perdu : %1)").replace(
                "%1", money(transaction.forfeited_cents)
            )
        return text

    def _due_text(self, transaction: Transaction) -> str:
        if transaction.complement_cents > 0:
            return self.tr("Reste à payer : %1").replace("%1", money(transaction.complement_cents))
        return self.tr("Rien à encaisser en plus")

    @Slot()
    def charge_again(self) -> None:
        """Another purchase by the same young person, asked for: the code checked again."""
        verdict = self._again_verdict
        if verdict is None or not self.again_button.isVisible():
            return
        self.again_button.hide()
        self._again_verdict = None
        self.show_verdict(verdict)
        self.charge_panel.keep_identity(self._again_identity)  # same person, same ID

    @Slot()
    def show_receipt(self) -> None:
        if self.last_sale is None:
            return
        try:
            lines = self.till.receipt(self.last_sale.id)
        except TillError as exc:
            self._say("✖ " + say(exc.message), problem=True)
            return
        self.receipt_view.setPlainText("\n".join(lines))
        self.receipt_view.show()
        self._fit_columns()

    @Slot()
    def print_receipt(self) -> None:
        """The last sale's receipt, on the printer of the settings, off the GUI thread: the
        next code can be scanned while it prints."""
        if self.last_sale is None or not self.print_button.isVisible():
            return
        self.print_note.setText(self.tr("Impression du reçu…"))
        self.print_note.setStyleSheet("color:#444;")
        self.print_note.show()
        self.printing.print_receipt(self.last_sale.id, self.operator or "")

    @Slot(str, bool)
    def _printed(self, message: str, ok: bool) -> None:
        if self.current_page() != "counter":
            return  # the history page says it itself
        if self.print_button.isVisible():
            self.print_note.setText(message)
            self.print_note.setStyleSheet(DONE if ok else ERROR)
            self.print_note.show()
        else:  # the sale was cleared meanwhile (a new scan): say it where it does not mislead
            self.statusBar().showMessage(message, 15_000)

    # --- bons plans -----------------------------------------------------------------------

    def refresh_modes(self) -> None:
        """Charging, or checking in the winners of one of the partner's bons plans."""
        current = self.mode_box.currentData()
        self.mode_box.blockSignals(True)
        self.mode_box.clear()
        self.mode_box.addItem(self.tr("Encaissement"), CHARGE_MODE)
        try:
            plans = self.till.bons_plans()
        except TillError:
            plans = []
        for plan, came in plans:
            self.mode_box.addItem(
                self.tr("Bon plan : %1 (%2/%3 venus)")
                .replace("%1", plan.title)
                .replace("%2", str(len(came)))
                .replace("%3", str(len(plan.entries))),
                plan.id,
            )
        index = self.mode_box.findData(current)
        self.mode_box.setCurrentIndex(max(index, 0))
        self.mode_box.blockSignals(False)
        self.mode_row.setVisible(len(plans) > 0)
        self._show_bon_plan_list(plans)
        self._fit_columns()

    def _show_bon_plan_list(self, plans: list[Any]) -> None:
        """Who the organiser still waits for: registrants' short labels, those who came ticked."""
        mode = self.mode_box.currentData()
        chosen = next(((plan, came) for plan, came in plans if plan.id == mode), None)
        self.bon_plan_list.setVisible(chosen is not None)
        if chosen is None:
            return
        plan, came = chosen
        lines = [
            ("✔ " if key in came else "○ ") + label
            for key, label in sorted(plan.entries.items(), key=lambda item: item[1])
        ]
        self.bon_plan_list.setText(
            self.tr("%1 — venus : %2 sur %3")
            .replace("%1", plan.title)
            .replace("%2", str(len(came)))
            .replace("%3", str(len(plan.entries)))
            + "\n"
            + "\n".join(lines)
        )

    @Slot(int)
    def _mode_changed(self, _index: int) -> None:
        self.refresh_modes()
        self.reset()

    def _check_in(self, bon_plan_id: str, *, id_checked: bool) -> None:
        self.charge_panel.clear()
        try:
            verdict = self.till.check_in(bon_plan_id, self.payload, id_checked=id_checked)
        except TillError as exc:
            self._show_refusal(say(exc.message))
            return
        self.verdict = verdict
        if verdict.accepted:
            self.verdict_panel.show_done(self.tr("PRÉSENCE ENREGISTRÉE"), say(verdict.message))
            self.sounds.play("accepted")
            self.check_in_button.hide()
            self.refresh_modes()
            self._fit_columns()
            self.scan_field.setFocus()
        elif verdict.reason == "id_check_required":
            self.verdict_panel.show_attention(self.tr("À VÉRIFIER"), say(verdict.message))
            self.sounds.play("attention")
            self.check_in_button.show()
            self.right_column.show()
            self.check_in_button.setFocus()
        else:
            self._show_refusal(say(verdict.message))

    @Slot()
    def confirm_check_in(self) -> None:
        mode = self.mode_box.currentData()
        if mode and self.payload:
            self._check_in(mode, id_checked=True)

    # --- operators ------------------------------------------------------------------------

    @Slot(str)
    def set_operator(self, name: str) -> None:
        self.operator = name
        self.status_strip.show_operator(name)
        self.show_page("counter")
        if self.verdict is not None and self.verdict.accepted:
            self.charge_panel.setEnabled(True)
            self.result_label.clear()

    @Slot(str, object)
    def _outside_change(self, kind: str, _txn_ids: object) -> None:
        """A sale, void or close made by the partner's own till software (the local API):
        shown at once, and sent to the Region soon, as the counter's own."""
        history = self._pages.get("history")
        if history is not None:
            history.refresh()  # type: ignore[attr-defined]
        if kind in ("charge", "void"):
            self._after_sale()
        self.refresh_status()
        if self.verdict is None:
            self.verdict_panel.show_idle(self._last_operation())

    @Slot(object)
    def _voided(self, _transaction: Transaction) -> None:
        self.refresh_status()
        if self.verdict is None:
            self.verdict_panel.show_idle(self._last_operation())

    @Slot(object)
    def _enrolled(self, _device: Any) -> None:
        """Activated (and, network allowing, synced): straight to work."""
        self.operator = "" if not self.till.operators() else None
        self.refresh_status()
        self.refresh_modes()
        self.reset()
        self.show_page("operator" if self.operator is None else "counter")

    # --- sync -----------------------------------------------------------------------------

    @Slot()
    def on_sync(self) -> None:
        if not self.sync_button.isEnabled():
            return
        self.sync_button.setEnabled(False)
        self.sync_button.setText(self.tr("Synchronisation…"))
        run_in_background(
            lambda: self.till.sync(progress=self._bridge.progress.emit),
            self._sync_done,
            self._sync_failed,
        )

    @Slot(object)
    def _background_synced(self, outcome: Any) -> None:
        self.status_strip.show_progress("", 0, 0)
        self.online = outcome.error is None or outcome.error.code != "offline"
        if outcome.error is not None:
            self.statusBar().showMessage(say(outcome.error.message), 8000)
        self.refresh_status()
        self.refresh_modes()
        if outcome.report is not None:
            self._money_changed(outcome.report)

    @Slot(str, int, int)
    def _sync_progress(self, stage: str, done: int, total: int) -> None:
        self.status_strip.show_progress(stage, done, total)

    @Slot(object)
    def _sync_done(self, report: Any) -> None:
        self.online = True
        self._sync_finished(
            self.tr("Synchronisé : %1 envoyée(s).").replace("%1", str(report.uploaded))
        )
        self.refresh_modes()
        self._money_changed(report)

    @Slot(object)
    def _sync_failed(self, error: Exception) -> None:
        message = (
            say(error.message)
            if isinstance(error, TillError)
            else self.tr("Erreur inattendue (%1).").replace("%1", noted_in_journal())
        )
        if isinstance(error, TillError):
            self.online = error.code != "offline"
        else:
            log.exception("sync failed", exc_info=error)
        self._sync_finished(message)

    def _sync_finished(self, message: str) -> None:
        self.sync_button.setEnabled(True)
        self.sync_button.setText(self.tr("Synchroniser (F6)"))
        self.status_strip.show_progress("", 0, 0)
        self.statusBar().showMessage(message, 8000)
        self.refresh_status()

    # --- camera ---------------------------------------------------------------------------

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
        self.camera_label.setText(self.tr("Caméra : ") + say(status.message))
        problem = status.state not in (CameraState.STARTING, CameraState.RUNNING)
        self.camera_label.setStyleSheet("color:#7a4a00;" if problem else "")

    @Slot(object)
    def _scanner_status(self, status: Any) -> None:
        self.statusBar().showMessage(self.tr("Lecteur : ") + say(status.message), 10_000)

    def closeEvent(self, event: Any) -> None:
        self._status_timer.stop()  # the till may be closed right after the window
        self.camera.stop()
        self.scanners.stop()
        self.local_api.stop()  # before the till closes: no sale may reach a closed till
        super().closeEvent(event)

    # --- display --------------------------------------------------------------------------

    @Slot()
    def reset(self) -> None:
        """Esc: forget the code on screen and wait for the next one."""
        self.verdict = None
        self.payload = ""
        self.charge_panel.clear()
        self.check_in_button.hide()
        self._clear_sale()
        self._fit_columns()
        self.verdict_panel.show_idle(self._last_operation())
        if self.current_page() != "enrollment":  # Esc does not skip the activation
            self.show_page("counter")

    def refresh_status(self) -> None:
        status = self.till.status(token_location=False)  # not shown here: no keyring probe
        self.status_strip.show_connection(self.online)
        self.status_strip.show_status(status, self.till.now(), self.till.training_date())
        self.status_strip.show_operator(self.operator)
        try:  # a day left unclosed says so here, never in a dialog (issue 14 item 4)
            notice = self._closes.unclosed_notice()
        except TillError:
            notice = None
        self.status_strip.show_close_notice(say(notice) if notice else "")
        if self.money_notice.new_day():  # a day nearer each deadline
            self.money_notice.check()
        try:
            self.status_strip.show_conflicts(len(self.till.conflicts()))
        except TillError:
            self.status_strip.show_conflicts(0)

    def _last_operation(self) -> str:
        """What was recorded last: after a crash or a restart the cashier sees whether the
        sale in progress went through before charging again."""
        try:
            entries = self.till.history(1)
        except TillError:
            return ""
        if not entries:
            return ""
        transaction = entries[0].transaction
        when = moment(transaction.created_at.astimezone(self.till.now().tzinfo), with_year=False)
        if transaction.kind is TxnKind.DEBIT and not transaction.complement_cents:
            what = (
                self.tr("vente de %1 (payée par l'avantage : %2)")
                .replace("%1", money(transaction.price_cents))
                .replace("%2", money(transaction.amount_cents))
            )
        elif transaction.kind is TxnKind.DEBIT:
            what = (
                self.tr("vente de %1 (avantage : %2, reste payé par le jeune : %3)")
                .replace("%1", money(transaction.price_cents))
                .replace("%2", money(transaction.amount_cents))
                .replace("%3", money(transaction.complement_cents))
            )
        else:
            what = self.tr("annulation (%1 rendus à l'avantage)").replace(
                "%1", money(transaction.amount_cents)
            )
        return (
            self.tr("Dernière opération enregistrée : %1 le %2 (réf. %3).")
            .replace("%1", what)
            .replace("%2", when)
            .replace("%3", transaction.id[:8])
        )

    def _clear_sale(self) -> None:
        self.result_label.clear()
        self.again_button.hide()
        self._again_verdict = None
        self.receipt_button.setVisible(False)
        self.print_button.setVisible(False)
        self.print_note.hide()
        self.receipt_view.hide()

    def _show_refusal(self, message: str) -> None:
        self.verdict = None
        self.verdict_panel.show_refusal(message)
        self.sounds.play("refused")
        self.charge_panel.clear()
        self._fit_columns()
        self.scan_field.setFocus()

    def _say(self, text: str, *, problem: bool) -> None:
        self.result_label.setText(text)
        style = ERROR if problem else DONE
        if self.result_label.styleSheet() != style:  # re-polishing costs: only on a change
            self.result_label.setStyleSheet(style)
        self._fit_columns()
