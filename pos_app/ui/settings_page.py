"""The till's settings: camera (with a live preview and a test), scanner, receipt printer (with
a test print), language, and what
the till is (partner, device, server, token, Region data), read-only.

The choices are saved at once in the till's data folder (`pos_app.counter_settings`). The camera
choice is given to the window's `CameraController` at once and is what it opens at next start
(`pos_app.ui.camera.settings_worker`); the scanner and the language apply at next start.
Listing cameras and scanners and reading the till's status run off the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from pos_app.counter_settings import (
    BAUD_RATES,
    PAPER_WIDTHS,
    CounterSettings,
    load_settings,
    save_settings,
)
from pos_app.logs import log_path
from pos_app.services import Till, TillError, TillStatus
from pos_app.ui.camera import CameraController, WorkerFactory, default_worker
from pos_app.ui.jobs import run_in_background
from pos_app.ui.local_api_section import LocalApiSection
from pos_app.ui.qt import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QImage,
    QLabel,
    QLineEdit,
    QListWidget,
    QPixmap,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from pos_app.ui.receipt_printing import ReceiptPrinting
from pos_app.ui.translations import DEFAULT_LANGUAGE, LANGUAGES
from pos_app.ui.wording import language, noted_in_journal, say
from scanner.camera_types import (
    RESOLUTIONS,
    CameraConfig,
    CameraInfo,
    CameraState,
    CameraStatus,
)
from scanner.events import ScanEvent, ScanSource

log = logging.getLogger(__name__)

ScannerList = Callable[[], list[tuple[str, str, str]]]
"""(kind, device path, French label) of each serial or HID-POS scanner plugged in."""


def os_cameras() -> list[CameraInfo]:
    """`scanner.camera.list_cameras()`, imported on the first call (it loads OpenCV): the page
    calls it off the GUI thread, when it is shown."""
    from scanner.camera import list_cameras

    return list_cameras()


def system_printers() -> list[str]:
    """The names of the system's printers (Qt's print support, loaded on the first call)."""
    from pos_app.ui.qt import print_support

    _, printer_info = print_support()
    return list(printer_info.availablePrinterNames())


def no_scanners() -> list[tuple[str, str, str]]:
    return []


def _find(box: QComboBox, value: object) -> int:
    """`box.findData` for Python values (Qt cannot compare tuples held in a QVariant)."""
    return next((i for i in range(box.count()) if box.itemData(i) == value), -1)


def _breakable(text: str) -> str:
    """A long file path may wrap after its separators (a QLabel wraps at spaces only)."""
    return text.replace("/", "/\u200b").replace("\\", "\\\u200b")


PREVIEW_SIZE = (320, 240)
MAX_CODES_SHOWN = 20

_GOOD = "background:#dff5e1; color:#0b4f1c; border:1px solid #1e7b34; padding:6px;"
_WARN = "background:#fff4ce; color:#5c4400; border:1px solid #c8a400; padding:6px;"
_BAD = "background:#fde2e1; color:#7a1111; border:1px solid #b3261e; padding:6px;"
_NOTE = "color:#444;"


class SettingsPage(QWidget):
    """Settings of one till. The window shows it and wires nothing else: it starts its own
    jobs, and stops its camera test when hidden."""

    settings_changed = Signal(object)
    """The `CounterSettings` just saved, on the GUI thread."""

    def __init__(
        self,
        till: Till,
        camera: CameraController,
        list_scanners: ScannerList = no_scanners,
        *,
        list_cameras: Callable[[], list[CameraInfo]] = os_cameras,
        worker_for: Callable[[CameraConfig], WorkerFactory] = default_worker,
        list_printers: Callable[[], list[str]] | None = None,
        printing: ReceiptPrinting | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.till = till
        self.camera = camera
        self._list_scanners = list_scanners
        self._list_cameras = list_cameras
        self._worker_for = worker_for
        self._list_printers = list_printers or system_printers
        self.printing = printing or ReceiptPrinting(till, self)
        self.printing.finished.connect(self._printed)
        self.settings: CounterSettings = load_settings(till.data_dir)
        """The choices as saved (the page saves each change at once)."""
        self._filling = False
        self._testing = False
        self._started_camera = False
        self._applied: CameraConfig | None = None
        self.setAccessibleName(self.tr("Réglages de la caisse"))

        title = QLabel(self.tr("Réglages de la caisse"))
        title.setObjectName("pageTitle")
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.saved_label.setAccessibleName(self.tr("Enregistrement des réglages"))

        left = QVBoxLayout()
        left.addWidget(self._camera_group())
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self._scanner_group())
        right.addWidget(self._printer_group())
        right.addWidget(self._language_group())
        right.addWidget(self._till_group())
        self.local_api_section = LocalApiSection(
            till, lambda **changes: self._save(replace(self.settings, **changes))
        )
        right.addWidget(self.local_api_section)
        right.addStretch(1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        content = QWidget()
        content.setStyleSheet(  # readable from a step back (style sheets win over setFont)
            "QWidget { font-size: 11pt; }"
            "QGroupBox { font-weight: bold; } QGroupBox * { font-weight: normal; }"
            "QLabel#pageTitle { font-size: 18pt; font-weight: bold; }"
        )
        column = QVBoxLayout(content)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.saved_label)
        column.addLayout(header)
        column.addLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.camera.status_changed.connect(self._camera_status)
        self.camera.scanned.connect(self._camera_scanned)
        self.camera.preview.connect(self._show_preview)

    # --- sections -----------------------------------------------------------------------

    def _camera_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Caméra (webcam)"))
        self.camera_box = QComboBox()
        self.camera_box.setAccessibleName(self.tr("Caméra utilisée"))
        self.camera_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.camera_box.currentIndexChanged.connect(self._camera_chosen)
        self.find_cameras_button = QPushButton(self.tr("Rechercher à nouveau"))
        self.find_cameras_button.setAccessibleName(self.tr("Rechercher les caméras"))
        self.find_cameras_button.clicked.connect(self.refresh_cameras)
        self.resolution_box = QComboBox()
        self.resolution_box.setAccessibleName(self.tr("Résolution de la caméra"))
        for width, height in RESOLUTIONS:
            hint = {
                (640, 480): self.tr("la plus rapide, pour une caisse lente"),
                (1280, 720): self.tr("recommandée"),
                (1920, 1080): self.tr("codes très petits ; plus lente"),
            }.get((width, height), "")
            text = f"{width} × {height}" + (f" ({hint})" if hint else "")
            self.resolution_box.addItem(text, (width, height))
        self.resolution_box.currentIndexChanged.connect(self._resolution_chosen)
        self.cameras_note = QLabel()
        self.cameras_note.setWordWrap(True)
        self.cameras_note.setAccessibleName(self.tr("Caméras trouvées"))

        self.preview_label = QLabel()
        self.preview_label.setAccessibleName(self.tr("Aperçu de la caméra"))
        self.preview_label.setFixedSize(*PREVIEW_SIZE)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setWordWrap(True)
        self.preview_label.setStyleSheet("background:#20242a; color:#e8eaed; padding:8px;")
        self._preview_idle()

        self.test_button = QPushButton(self.tr("Tester la caméra"))
        self.test_button.setAccessibleName(self.tr("Tester la caméra"))
        self.test_button.setMinimumHeight(36)
        self.test_button.clicked.connect(self.toggle_test)
        self.camera_status_label = QLabel()
        self.camera_status_label.setWordWrap(True)
        self.camera_status_label.setAccessibleName(self.tr("État de la caméra"))
        self.camera_status_label.hide()
        codes_title = QLabel(self.tr("Codes lus (caméra pendant le test, douchette à tout "
                                     "moment) :"))  # fmt: skip
        self.codes_list = QListWidget()
        self.codes_list.setAccessibleName(self.tr("Codes lus"))
        self.codes_list.setMinimumHeight(90)
        self.codes_list.setMaximumHeight(160)
        codes_title.setBuddy(self.codes_list)

        chooser = QHBoxLayout()
        chooser.addWidget(self.camera_box, 1)
        chooser.addWidget(self.find_cameras_button)
        form = QFormLayout()
        form.addRow(self.tr("Caméra"), chooser)
        form.addRow(self.tr("Résolution"), self.resolution_box)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.preview_label)
        side = QVBoxLayout()
        side.addWidget(self.test_button)
        side.addWidget(self.camera_status_label)
        side.addStretch(1)
        preview_row.addLayout(side, 1)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(self.cameras_note)
        layout.addLayout(preview_row)
        layout.addWidget(codes_title)
        layout.addWidget(self.codes_list, 1)
        return group

    def _scanner_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Douchette (lecteur de codes)"))
        wedge = QLabel(
            self.tr(
                "Douchette USB qui « tape » le code comme un clavier : rien à régler, elle est "
                "reconnue toute seule."
            )
        )
        wedge.setWordWrap(True)
        self.scanner_box = QComboBox()
        self.scanner_box.setAccessibleName(self.tr("Douchette série ou HID-POS"))
        self.scanner_box.currentIndexChanged.connect(self._scanner_chosen)
        self.find_scanners_button = QPushButton(self.tr("Rechercher à nouveau"))
        self.find_scanners_button.setAccessibleName(self.tr("Rechercher les douchettes"))
        self.find_scanners_button.clicked.connect(self.refresh_scanners)
        note = QLabel(self.tr("Pour essayer une douchette, scannez un code : il s'affiche dans "
                              "« Codes lus ». Une douchette série ou HID-POS choisie ici sert "
                              "dès le prochain démarrage de la caisse."))  # fmt: skip
        note.setWordWrap(True)
        note.setStyleSheet(_NOTE)
        row = QHBoxLayout()
        row.addWidget(self.scanner_box, 1)
        row.addWidget(self.find_scanners_button)
        layout = QVBoxLayout(group)
        layout.addWidget(wedge)
        layout.addLayout(row)
        layout.addWidget(note)
        return group

    def _printer_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Imprimante des reçus"))
        self.printer_kind_box = QComboBox()
        self.printer_kind_box.setAccessibleName(self.tr("Type d'imprimante des reçus"))
        for text, kind in (
            (self.tr("Aucune (reçu affiché, copié ou en PDF)"), ""),
            (self.tr("Imprimante du système"), "system"),
            (self.tr("Imprimante de tickets USB (ESC/POS)"), "usb"),
            (self.tr("Imprimante de tickets réseau (ESC/POS)"), "network"),
            (self.tr("Imprimante de tickets série (ESC/POS)"), "serial"),
        ):
            self.printer_kind_box.addItem(text, kind)
        self.system_printer_box = QComboBox()
        self.system_printer_box.setAccessibleName(self.tr("Imprimante du système"))
        self.printer_usb_field = QLineEdit()
        self.printer_usb_field.setPlaceholderText(self.tr("fabricant:produit, ex. 04b8:0202"))
        self.printer_usb_field.setAccessibleName(self.tr("Identifiant USB de l'imprimante"))
        self.printer_host_field = QLineEdit()
        self.printer_host_field.setPlaceholderText(self.tr("adresse IP, ex. 192.168.1.50:9100"))
        self.printer_host_field.setAccessibleName(self.tr("Adresse de l'imprimante réseau"))
        self.printer_serial_field = QLineEdit()
        self.printer_serial_field.setPlaceholderText(self.tr("port, ex. /dev/ttyUSB0 ou COM3"))
        self.printer_serial_field.setAccessibleName(self.tr("Port série de l'imprimante"))
        self.printer_baud_box = QComboBox()
        self.printer_baud_box.setAccessibleName(self.tr("Vitesse du port série"))
        for baud in BAUD_RATES:
            self.printer_baud_box.addItem(self.tr("%1 bauds").replace("%1", str(baud)), baud)
        self.paper_box = QComboBox()
        self.paper_box.setAccessibleName(self.tr("Largeur du papier"))
        for width, columns in zip(PAPER_WIDTHS, (32, 48), strict=True):
            self.paper_box.addItem(
                self.tr("%1 mm (%2 caractères par ligne)")
                .replace("%1", str(width))
                .replace("%2", str(columns)),
                width,
            )
        self.printer_test_button = QPushButton(self.tr("Imprimer un ticket d'essai"))
        self.printer_test_button.setAccessibleName(self.tr("Imprimer un ticket d'essai"))
        self.printer_test_button.setMinimumHeight(36)
        self.printer_test_button.clicked.connect(self.test_print)
        self.printer_note = QLabel()
        self.printer_note.setWordWrap(True)
        self.printer_note.setAccessibleName(self.tr("Résultat du ticket d'essai"))
        self.printer_note.hide()
        rule = QLabel(self.tr("Les reçus papier ne sont imprimés que si le jeune le demande."))
        rule.setWordWrap(True)
        rule.setStyleSheet(_NOTE)
        self.printer_form = QFormLayout()
        self.printer_form.addRow(self.tr("Imprimante"), self.printer_kind_box)
        self.printer_form.addRow(self.tr("Nom"), self.system_printer_box)
        self.printer_form.addRow(self.tr("USB"), self.printer_usb_field)
        self.printer_form.addRow(self.tr("Réseau"), self.printer_host_field)
        self.printer_form.addRow(self.tr("Port série"), self.printer_serial_field)
        self.printer_form.addRow(self.tr("Vitesse"), self.printer_baud_box)
        self.printer_form.addRow(self.tr("Papier"), self.paper_box)
        layout = QVBoxLayout(group)
        layout.addLayout(self.printer_form)
        layout.addWidget(self.printer_test_button)
        layout.addWidget(self.printer_note)
        layout.addWidget(rule)
        self._fill_printer()
        self.printer_kind_box.currentIndexChanged.connect(self._printer_chosen)
        self.system_printer_box.currentIndexChanged.connect(self._printer_chosen)
        self.printer_baud_box.currentIndexChanged.connect(self._printer_chosen)
        self.paper_box.currentIndexChanged.connect(self._printer_chosen)
        for field in (self.printer_usb_field, self.printer_host_field, self.printer_serial_field):
            field.editingFinished.connect(self._printer_chosen)
        return group

    def _language_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Langue"))
        self.language_box = QComboBox()
        self.language_box.setAccessibleName(self.tr("Langue de la caisse"))
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        # The language the window is in when it is not the default (`--lang en`,
        # ATOUTS_POS_LANG): the box never says Français over an English window. Else the saved
        # choice (which may be waiting for the next start).
        running = language()
        shown = running if running != DEFAULT_LANGUAGE else self.settings.language
        self.language_box.setCurrentIndex(max(0, _find(self.language_box, shown)))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        note = QLabel(self.tr("La langue choisie s'applique au prochain démarrage de la caisse."))
        note.setWordWrap(True)
        note.setStyleSheet(_NOTE)
        layout = QVBoxLayout(group)
        layout.addWidget(self.language_box)
        layout.addWidget(note)
        return group

    def _till_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Cette caisse"))
        self.info: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            (form, "partner", self.tr("Partenaire")),
            (form, "enrolled", self.tr("Activation")),
            (form, "snapshot", self.tr("Données de la Région")),
            (form, "pending", self.tr("En attente d'envoi")),
            # For the support on the phone, not for the cashier: folded away.
            (details, "device", self.tr("Appareil")),
            (details, "server", self.tr("Serveur de la Région")),
            (details, "token", self.tr("Jeton rangé dans")),
            (details, "data", self.tr("Données reçues")),
            (details, "journal", self.tr("Journal")),
        )
        for into, key, text in rows:
            value = QLabel("…")
            value.setWordWrap(True)
            value.setAccessibleName(text)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info[key] = value
            into.addRow(text, value)
        self.details_button = QPushButton(self.tr("Détails techniques ▸"))
        self.details_button.setCheckable(True)
        self.details_button.setAccessibleName(self.tr("Montrer les détails techniques"))
        self.details_button.toggled.connect(self._show_details)
        self.details = QWidget()
        self.details.setLayout(details)
        self.details.hide()
        self.till_warning_label = QLabel()
        self.till_warning_label.setWordWrap(True)
        self.till_warning_label.setStyleSheet(_WARN)
        self.till_warning_label.setAccessibleName(self.tr("Avertissements de la caisse"))
        self.till_warning_label.hide()
        self.refresh_status_button = QPushButton(self.tr("Actualiser"))
        self.refresh_status_button.setAccessibleName(self.tr("Actualiser les informations"))
        self.refresh_status_button.clicked.connect(self.refresh_status)
        row = QHBoxLayout()
        row.addWidget(self.details_button)
        row.addStretch(1)
        row.addWidget(self.refresh_status_button)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        layout.addWidget(self.till_warning_label)
        layout.addLayout(row)
        layout.addWidget(self.details)
        return group

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(
            self.tr("Détails techniques ▾") if shown else self.tr("Détails techniques ▸")
        )

    # --- public -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Look for cameras and scanners again and re-read the till's status (off the GUI
        thread; the page fills in as the answers come)."""
        self.refresh_cameras()
        self.refresh_scanners()
        self.refresh_printers()
        self.refresh_status()

    def refresh_cameras(self) -> None:
        self.find_cameras_button.setEnabled(False)
        self.cameras_note.setStyleSheet(_NOTE)
        self.cameras_note.setText(self.tr("Recherche des caméras…"))
        run_in_background(self._list_cameras, self._cameras_found, self._cameras_failed)

    def refresh_printers(self) -> None:
        """The system's printers, listed off the GUI thread (CUPS may be slow to answer)."""
        run_in_background(self._list_printers, self._printers_found, self._printers_failed)

    def printer_settings(self) -> CounterSettings:
        """The settings with the printer as the page shows it now."""
        return replace(
            self.settings,
            printer_kind=self.printer_kind_box.currentData(),
            printer_name=self.system_printer_box.currentData() or "",
            printer_usb=self.printer_usb_field.text().strip(),
            printer_host=self.printer_host_field.text().strip(),
            printer_serial=self.printer_serial_field.text().strip(),
            printer_baud=self.printer_baud_box.currentData(),
            paper_width=self.paper_box.currentData(),
        )

    def test_print(self) -> None:
        """A test ticket on the printer as set up here (saved first), off the GUI thread."""
        self._printer_chosen()
        self.printer_note.setStyleSheet(_NOTE)
        self.printer_note.setText(self.tr("Impression du ticket d'essai…"))
        self.printer_note.show()
        self.printing.trial(self.settings)

    def refresh_scanners(self) -> None:
        self.find_scanners_button.setEnabled(False)
        run_in_background(self._list_scanners, self._scanners_found, self._scanners_failed)

    def refresh_status(self) -> None:
        self.refresh_status_button.setEnabled(False)
        run_in_background(
            lambda: (self.till.status(), self.till.now()), self._status_read, self._status_failed
        )

    @property
    def testing(self) -> bool:
        """True while the camera test runs (preview on, codes read listed)."""
        return self._testing

    def toggle_test(self) -> None:
        if self._testing:
            self.stop_test()
        else:
            self.start_test()

    def start_test(self) -> None:
        """Preview the chosen camera and list the codes it reads."""
        if self._testing:
            return
        self._testing = True
        self.codes_list.clear()
        self.test_button.setText(self.tr("Arrêter le test"))
        self.preview_label.setText(self.tr("Ouverture de la caméra…"))
        self._apply_camera()
        self.camera.set_preview(True)
        if not self.camera.running:
            self.camera.start()
            self._started_camera = True

    def stop_test(self) -> None:
        """Stop the preview; the camera stops too unless the counter was using it."""
        if not self._testing:
            return
        self._testing = False
        self.camera.set_preview(False)
        if self._started_camera:
            self.camera.stop()
            self._started_camera = False
        self.test_button.setText(self.tr("Tester la caméra"))
        self._preview_idle()

    def on_scan_event(self, event: ScanEvent) -> None:
        """A code from a USB scanner (keyboard wedge, serial, HID-POS) while this page shows:
        listed with the camera's, so the partner can try the scanner here too."""
        self._list_code(event)

    def showEvent(self, event: object) -> None:
        """Each time the page shows: cameras, scanners and the till's status read again."""
        super().showEvent(event)  # type: ignore[arg-type]
        if not event.spontaneous():  # type: ignore[attr-defined]  (not a window restored)
            self.refresh()

    def hideEvent(self, event: object) -> None:
        self.stop_test()
        super().hideEvent(event)  # type: ignore[arg-type]

    # --- cameras ------------------------------------------------------------------------

    def _cameras_found(self, cameras: list[CameraInfo]) -> None:
        self.find_cameras_button.setEnabled(True)
        self._filling = True
        try:
            self.camera_box.clear()
            for info in cameras:
                self.camera_box.addItem(say(info.name), info.index)
            chosen = self.settings.camera_index
            if chosen is not None and _find(self.camera_box, chosen) < 0:
                name = self.settings.camera_name or self.tr("Caméra %1").replace("%1", str(chosen))
                self.camera_box.addItem(self.tr("%1 (débranchée)").replace("%1", name), chosen)
            position = _find(self.camera_box, chosen) if chosen is not None else 0
            self.camera_box.setCurrentIndex(max(0, position))
            size = (self.settings.camera_width, self.settings.camera_height)
            self.resolution_box.setCurrentIndex(max(0, _find(self.resolution_box, size)))
        finally:
            self._filling = False
        has_camera = self.camera_box.count() > 0
        self.camera_box.setEnabled(has_camera)
        self.resolution_box.setEnabled(has_camera)
        self.test_button.setEnabled(has_camera)
        if not cameras:
            self.camera_box.addItem(self.tr("Aucune caméra détectée"), None)
            self.cameras_note.setStyleSheet(_WARN)
            self.cameras_note.setText(
                self.tr(
                    "Aucune caméra détectée. Branchez une webcam puis cliquez « Rechercher à "
                    "nouveau ». En attendant, la douchette et le code tapé à la main marchent."
                )
            )
        elif chosen is not None and not any(info.index == chosen for info in cameras):
            self.cameras_note.setStyleSheet(_WARN)
            self.cameras_note.setText(
                self.tr(
                    "La caméra choisie n'est pas branchée : rebranchez-la, ou choisissez-en "
                    "une autre dans la liste."
                )
            )
        else:
            self.cameras_note.setStyleSheet(_NOTE)
            self.cameras_note.setText(
                self.tr(
                    "%1 caméra(s) trouvée(s). Le choix sert tout de suite et aux "
                    "prochains démarrages."
                ).replace("%1", str(len(cameras)))
            )

    def _cameras_failed(self, exc: Exception) -> None:
        log.error("listing cameras failed", exc_info=exc)
        self._cameras_found([])

    def _chosen_config(self) -> CameraConfig | None:
        index = self.camera_box.currentData()
        if index is None:
            return None
        width, height = self.resolution_box.currentData()
        return CameraConfig(index=index, width=width, height=height)

    def _apply_camera(self) -> None:
        """Give the controller the chosen camera (it restarts only if it was running)."""
        config = self._chosen_config()
        if config is not None and config != self._applied:
            self._applied = config
            self.camera.use(self._worker_for(config))

    def _camera_chosen(self, _: int) -> None:
        if self._filling:
            return
        index = self.camera_box.currentData()
        if index is None:
            return
        name = self.camera_box.currentText()
        self._save(replace(self.settings, camera_index=index, camera_name=name))
        self.cameras_note.setStyleSheet(_NOTE)
        self.cameras_note.setText(self.tr("Caméra choisie : %1.").replace("%1", name))
        self._apply_camera_if_used()

    def _resolution_chosen(self, _: int) -> None:
        if self._filling:
            return
        width, height = self.resolution_box.currentData()
        changes = {"camera_width": width, "camera_height": height}
        if self.settings.camera_index is None and self.camera_box.currentData() is not None:
            changes["camera_index"] = self.camera_box.currentData()
            changes["camera_name"] = self.camera_box.currentText()
        self._save(replace(self.settings, **changes))
        self._apply_camera_if_used()

    def _apply_camera_if_used(self) -> None:
        if self._testing or self.camera.running:
            self._apply_camera()
        else:
            self._applied = None  # given to the controller at the next test

    def _camera_status(self, status: CameraStatus) -> None:
        style = _GOOD if status.state is CameraState.RUNNING else _WARN
        if status.state in (CameraState.STOPPED, CameraState.STARTING):
            style = _NOTE
        self.camera_status_label.setStyleSheet(style)
        self.camera_status_label.setText(say(status.message))
        self.camera_status_label.show()
        if self._testing and status.state not in (CameraState.RUNNING, CameraState.STARTING):
            self.preview_label.clear()
            self.preview_label.setText(say(status.message))

    def _camera_scanned(self, event: ScanEvent) -> None:
        if self._testing:
            self._list_code(event)

    def _list_code(self, event: ScanEvent) -> None:
        source = {
            ScanSource.CAMERA: self.tr("caméra"),
            ScanSource.WEDGE: self.tr("douchette"),
            ScanSource.SERIAL: self.tr("douchette"),
        }.get(event.source, self.tr("saisie"))
        payload = event.payload if len(event.payload) <= 70 else event.payload[:67] + "…"
        self.codes_list.insertItem(0, f"{time.strftime('%H:%M:%S')}  [{source}]  {payload}")
        while self.codes_list.count() > MAX_CODES_SHOWN:
            self.codes_list.takeItem(self.codes_list.count() - 1)

    def _show_preview(self, image: QImage) -> None:
        if not self._testing:
            return
        pixmap = QPixmap.fromImage(image).scaled(
            *PREVIEW_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview_label.setPixmap(pixmap)

    def _preview_idle(self) -> None:
        self.preview_label.clear()
        self.preview_label.setText(
            self.tr("Aperçu : cliquez « Tester la caméra » puis montrez un QR code.")
        )

    # --- scanners -----------------------------------------------------------------------

    def _scanners_found(self, scanners: list[tuple[str, str, str]]) -> None:
        self.find_scanners_button.setEnabled(True)
        self._filling = True
        try:
            self.scanner_box.clear()
            self.scanner_box.addItem(
                self.tr("Aucune autre (douchette clavier seulement)"), ("", "")
            )
            for kind, device, label in scanners:
                self.scanner_box.addItem(say(label), (kind, device))
            chosen = (self.settings.scanner_kind, self.settings.scanner_device)
            if chosen != ("", "") and _find(self.scanner_box, chosen) < 0:
                self.scanner_box.addItem(
                    self.tr("%1 (non branchée)").replace("%1", chosen[1]), chosen
                )
            self.scanner_box.setCurrentIndex(max(0, _find(self.scanner_box, chosen)))
        finally:
            self._filling = False

    def _scanners_failed(self, exc: Exception) -> None:
        log.error("listing scanners failed", exc_info=exc)
        self._scanners_found([])

    def _scanner_chosen(self, _: int) -> None:
        if self._filling:
            return
        kind, device = self.scanner_box.currentData()
        self._save(replace(self.settings, scanner_kind=kind, scanner_device=device))

    # --- receipt printer ----------------------------------------------------------------

    def _fill_printer(self) -> None:
        self._filling = True
        try:
            s = self.settings
            self.printer_kind_box.setCurrentIndex(
                max(0, _find(self.printer_kind_box, s.printer_kind))
            )
            self._printers_found([])
            self.printer_usb_field.setText(s.printer_usb)
            self.printer_host_field.setText(s.printer_host)
            self.printer_serial_field.setText(s.printer_serial)
            self.printer_baud_box.setCurrentIndex(
                max(0, _find(self.printer_baud_box, s.printer_baud))
            )
            self.paper_box.setCurrentIndex(max(0, _find(self.paper_box, s.paper_width)))
        finally:
            self._filling = False
        self._show_printer_fields()

    def _show_printer_fields(self) -> None:
        kind = self.printer_kind_box.currentData()
        shown = {
            self.system_printer_box: kind == "system",
            self.printer_usb_field: kind == "usb",
            self.printer_host_field: kind == "network",
            self.printer_serial_field: kind == "serial",
            self.printer_baud_box: kind == "serial",
            self.paper_box: kind in ("usb", "network", "serial"),
        }
        for widget, visible in shown.items():
            self.printer_form.setRowVisible(widget, visible)
        self.printer_test_button.setEnabled(bool(kind))

    def _printers_found(self, names: list[str]) -> None:
        chosen = self.settings.printer_name
        was = self._filling
        self._filling = True
        try:
            self.system_printer_box.clear()
            self.system_printer_box.addItem(self.tr("Imprimante par défaut du système"), "")
            for name in names:
                self.system_printer_box.addItem(name, name)
            if chosen and chosen not in names:
                self.system_printer_box.addItem(
                    self.tr("%1 (introuvable)").replace("%1", chosen), chosen
                )
            self.system_printer_box.setCurrentIndex(max(0, _find(self.system_printer_box, chosen)))
        finally:
            self._filling = was

    def _printers_failed(self, exc: Exception) -> None:
        log.error("listing system printers failed", exc_info=exc)
        self._printers_found([])

    def _printer_chosen(self, *_: object) -> None:
        if self._filling:
            return
        self._show_printer_fields()
        chosen = self.printer_settings()
        if chosen != self.settings:
            self._save(chosen)

    def _printed(self, message: str, ok: bool) -> None:
        if not self.isVisible():
            return
        self.printer_note.setStyleSheet(_GOOD if ok else _BAD)
        self.printer_note.setText(message)
        self.printer_note.show()

    # --- language -----------------------------------------------------------------------

    def _language_chosen(self, _: int) -> None:
        language = self.language_box.currentData()
        if self._save(replace(self.settings, language=language)):
            self.saved_label.setText(
                self.tr("✔ Enregistré : la langue change au prochain démarrage de la caisse.")
            )

    # --- this till ----------------------------------------------------------------------

    def _status_read(self, answer: tuple[TillStatus, datetime]) -> None:
        self.refresh_status_button.setEnabled(True)
        status, now = answer
        partner = status.partner
        self.info["partner"].setText(
            self.tr("%1 — identifiant %2").replace("%1", partner.name).replace("%2", partner.id)
            if partner
            else self.tr("— (caisse non activée)")
        )
        self.info["device"].setText(status.device_id or "—")
        self.info["enrolled"].setText(
            self.tr("✔ Activée") if status.enrolled else self.tr("✖ Non activée")
        )
        self.info["server"].setText(status.server_url or "—")
        token_location = say(status.token_location)
        self.info["token"].setText(_breakable(token_location) or "—")
        self.info["token"].setToolTip(token_location)
        if status.snapshot_version is None:
            snapshot = data = self.tr("pas encore reçues (synchronisez la caisse)")
        else:
            snapshot = (
                self._age(now, status.snapshot_generated_at)
                if status.snapshot_generated_at is not None
                else self.tr("reçues")
            )
            data = (
                self.tr("version %1 — %2 porte-monnaie")
                .replace("%1", str(status.snapshot_version))
                .replace("%2", str(status.wallet_count))
            )
        self.info["snapshot"].setText(snapshot)
        self.info["data"].setText(data)
        journal = log_path()
        self.info["journal"].setText(_breakable(str(journal)) if journal else "—")
        self.info["pending"].setText(
            self.tr("%1 transaction(s)").replace("%1", str(status.pending))
        )
        self.till_warning_label.setText("\n".join(say(warning) for warning in status.warnings))
        self.till_warning_label.setVisible(bool(status.warnings))

    def _status_failed(self, exc: Exception) -> None:
        self.refresh_status_button.setEnabled(True)
        if isinstance(exc, TillError):
            message = say(exc.message)
        else:
            log.error("reading the till's status failed", exc_info=exc)
            message = self.tr("Informations illisibles (%1).").replace("%1", noted_in_journal())
        self.till_warning_label.setText(message)
        self.till_warning_label.show()

    def _age(self, now: datetime, then: datetime) -> str:
        minutes = max(0, int((now - then).total_seconds() // 60))
        if minutes < 1:
            return self.tr("produites à l'instant")
        if minutes < 60:
            return self.tr("produites il y a %1 min").replace("%1", str(minutes))
        hours = minutes // 60
        if hours < 48:
            return self.tr("produites il y a %1 h").replace("%1", str(hours))
        return self.tr("produites il y a %1 jours").replace("%1", str(hours // 24))

    # --- saving -------------------------------------------------------------------------

    def _save(self, settings: CounterSettings) -> bool:
        try:
            save_settings(self.till.data_dir, settings)
        except OSError as exc:
            log.error("saving counter settings failed: %s", exc)
            self.saved_label.setStyleSheet(_BAD)
            self.saved_label.setText(
                self.tr(
                    "✖ Réglages non enregistrés (dossier de la caisse inaccessible) : "
                    "ils seront perdus au prochain démarrage."
                )
            )
            self.settings = settings  # still used until the till closes
            return False
        self.settings = settings
        self.saved_label.setStyleSheet(_GOOD)
        self.saved_label.setText(self.tr("✔ Réglages enregistrés."))
        self.settings_changed.emit(settings)
        return True
