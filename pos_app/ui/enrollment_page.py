"""First start of a till that is not activated yet: the partner gives the Region's server
address, the partner id and the one-time activation code, typed or in one scan of the
activation QR code shown in the partner space (webcam or USB scanner).

The page only calls `Till.enroll` (then a first `Till.sync`, so the till is ready to check
codes) off the GUI thread and shows its answer: every refusal is the service's French message,
shown under the fields, never in a dialog. Keyboard-only: Tab goes server → partner → code →
button, Enter in any field activates.
"""

from __future__ import annotations

import logging

from pos_app.enrollment_links import SCHEME, EnrollmentLinkError, parse_enrollment_uri
from pos_app.services import Till, TillError
from pos_app.ui.jobs import run_in_background
from pos_app.ui.qt import (
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from pos_app.ui.wording import noted_in_journal, say
from scanner.events import ScanEvent

log = logging.getLogger(__name__)

_ERROR_STYLE = "background:#fde2e1; color:#7a1111; border:2px solid #b3261e; padding:8px;"
_NOTICE_STYLE = "background:#fff4ce; color:#5c4400; border:2px solid #c8a400; padding:8px;"

_CODE_ERRORS = ("bad_enrollment_code", "enrollment_code_used", "enrollment_code_expired")
_SERVER_ERRORS = ("offline", "server_url_invalid", "server_invalid")


def _enroll_and_sync(till: Till, server: str, partner: str, code: str) -> object:
    """Runs off the GUI thread. A failed first sync does not undo the activation: the window's
    background sync tries again."""
    device = till.enroll(server, partner, code)
    try:
        till.sync()
    except TillError as exc:
        log.warning("first sync after enrollment failed: %s", exc.code)
    except Exception:  # activated all the same: never report a done activation as failed
        log.exception("first sync after enrollment failed")
    return device


class EnrollmentPage(QWidget):
    """Activate an un-enrolled till. Emits `enrolled(Device)` once the Region accepted it."""

    enrolled = Signal(object)
    """The `pos_app.store.till_store.Device` the till is now, on the GUI thread."""

    def __init__(self, till: Till, reason: str = "", parent: QWidget | None = None) -> None:
        """`reason`: why activation is asked again (e.g. the message of a `device_revoked`
        TillError), shown above the fields; empty for a first start."""
        super().__init__(parent)
        self.till = till
        self._busy = False
        self.setAccessibleName(self.tr("Activation de la caisse"))

        title = QLabel(self.tr("Activer cette caisse"))
        title_font = QFont()
        title_font.setPointSize(20)
        title_font.setBold(True)
        title.setFont(title_font)

        intro = QLabel(
            self.tr(
                "Scannez le QR code d'activation affiché dans votre espace partenaire de la "
                "Région (webcam ou douchette) : la caisse s'active seule. Sinon, recopiez les "
                "trois informations ci-dessous puis appuyez sur Entrée."
            )
        )
        intro.setWordWrap(True)

        if reason:
            reason += "\n" + self.tr(
                "Saisissez un nouveau code d'activation, à demander dans votre espace "
                "partenaire de la Région."
            )
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet(_NOTICE_STYLE)
        reason_font = QFont()
        reason_font.setPointSize(12)
        self.reason_label.setFont(reason_font)  # a style sheet stops the card's font here
        self.reason_label.setAccessibleName(self.tr("Pourquoi activer à nouveau"))
        self.reason_label.setVisible(bool(reason))

        field_font = QFont()
        field_font.setPointSize(14)
        self.server_field = QLineEdit()
        self.server_field.setPlaceholderText(self.tr("https://… (adresse donnée par la Région)"))
        self.server_field.setAccessibleName(self.tr("Adresse du serveur de la Région"))
        self.partner_field = QLineEdit()
        self.partner_field.setPlaceholderText(self.tr("ex. P-CINE-LUX"))
        self.partner_field.setAccessibleName(self.tr("Identifiant partenaire"))
        self.code_field = QLineEdit()
        self.code_field.setPlaceholderText(self.tr("code à usage unique de l'espace partenaire"))
        self.code_field.setAccessibleName(self.tr("Code d'activation"))
        for field in self.fields:
            field.setFont(field_font)
            field.setMinimumWidth(420)
            field.returnPressed.connect(self.submit)
            field.textEdited.connect(self._clear_error)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for text, field in (
            (self.tr("&Adresse du serveur"), self.server_field),
            (self.tr("&Identifiant partenaire"), self.partner_field),
            (self.tr("&Code d'activation"), self.code_field),
        ):
            label = QLabel(text)
            label.setBuddy(field)  # Alt+A, Alt+I, Alt+C reach the fields
            form.addRow(label, field)

        self.submit_button = QPushButton(self.tr("Activer la caisse (Entrée)"))
        self.submit_button.setAccessibleName(self.tr("Activer la caisse"))
        self.submit_button.setDefault(True)
        self.submit_button.setMinimumHeight(40)
        self.submit_button.clicked.connect(self.submit)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, no percentage: the Region answers in one go
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(12)
        self.progress.setAccessibleName(self.tr("Activation en cours"))
        self.progress.hide()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("État de l'activation"))
        self.status_label.hide()

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        error_font = QFont()
        error_font.setPointSize(13)
        error_font.setBold(True)
        self.error_label.setFont(error_font)
        self.error_label.setAccessibleName(self.tr("Erreur d'activation"))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addStretch(1)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(900)
        card_font = QFont()
        card_font.setPointSize(12)
        card.setFont(card_font)  # the fields and the title keep their own, larger
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(intro)
        inner.addWidget(self.reason_label)
        inner.addLayout(form)
        inner.addLayout(buttons)
        inner.addWidget(self.progress)
        inner.addWidget(self.status_label)
        inner.addWidget(self.error_label)

        outer = QVBoxLayout(self)
        outer.addSpacing(48)  # anchored at the top: a message appearing moves nothing above it
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        QWidget.setTabOrder(self.server_field, self.partner_field)
        QWidget.setTabOrder(self.partner_field, self.code_field)
        QWidget.setTabOrder(self.code_field, self.submit_button)
        self.setFocusProxy(self.server_field)
        if reason:  # activated before: the address and the partner are known
            run_in_background(self.till.status, self._prefill, lambda exc: None)

    def _prefill(self, status: object) -> None:
        server = getattr(status, "server_url", "")
        partner = getattr(getattr(status, "partner", None), "id", "")
        if self._busy or not server or any(f.text() for f in self.fields):
            return
        self.server_field.setText(server)
        self.partner_field.setText(partner)
        self.code_field.setFocus()

    # --- public -------------------------------------------------------------------------

    @property
    def fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        return (self.server_field, self.partner_field, self.code_field)

    @property
    def busy(self) -> bool:
        """True while the Region is being asked (fields and button are disabled)."""
        return self._busy

    def on_scan_event(self, event: ScanEvent) -> None:
        """A code read by the webcam or a USB scanner: an activation QR code fills the three
        fields and activates at once; anything else is explained, nothing is changed."""
        self.fill_from_link(event.payload)

    def fill_from_link(self, text: str) -> bool:
        """Fill the fields from an activation link and activate; False (error shown) if `text`
        is not one."""
        if self._busy:
            return False
        try:
            link = parse_enrollment_uri(text)
        except EnrollmentLinkError as exc:
            self._show_error(say(exc.args[0]))
            return False
        self.server_field.setText(link.server)
        self.partner_field.setText(link.partner)
        self.code_field.setText(link.code)
        self.submit()
        return True

    def submit(self) -> None:
        """Activate with what the fields hold (Enter in a field, or the button)."""
        if self._busy:
            return
        for field in self.fields:
            # A USB scanner types the activation QR code into whichever field has the focus.
            if field.text().strip().lower().startswith(SCHEME + ":"):
                text = field.text()
                field.clear()
                self.fill_from_link(text)
                return
        server, partner, code = (field.text().strip() for field in self.fields)
        self._set_busy(True)
        self._clear_error()
        run_in_background(
            lambda: _enroll_and_sync(self.till, server, partner, code),
            self._enrolled,
            self._failed,
        )

    # --- outcome ------------------------------------------------------------------------

    def _enrolled(self, device: object) -> None:
        self._set_busy(False)
        name = getattr(getattr(device, "partner", None), "name", "")
        self.status_label.setText(self.tr("✔ Caisse activée pour %1.").replace("%1", name))
        self.status_label.show()
        self.code_field.clear()  # used once: it is worth nothing now
        self.enrolled.emit(device)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, TillError):
            message = say(exc.message)
            code = exc.code
        else:
            log.error("enrollment failed", exc_info=exc)
            message = self.tr(
                "L'activation n'a pas abouti (%1). Réessayez ; si cela persiste, contactez "
                "l'assistance."
            ).replace("%1", noted_in_journal())
            code = ""
        self._show_error(message)
        self._focus_for(code)

    def _focus_for(self, code: str) -> None:
        if code == "enrollment_incomplete":
            target = next((f for f in self.fields if not f.text().strip()), self.server_field)
        elif code in _CODE_ERRORS:
            target = self.code_field
        elif code in _SERVER_ERRORS:
            target = self.server_field
        else:
            target = self.code_field
        target.setFocus()
        target.selectAll()

    # --- display ------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for field in self.fields:
            field.setReadOnly(busy)
        self.submit_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.status_label.setText(
            self.tr("Activation en cours : connexion au serveur de la Région…") if busy else ""
        )
        self.status_label.setVisible(busy)

    def _show_error(self, message: str) -> None:
        self.error_label.setText("✖ " + message)
        self.error_label.show()

    def _clear_error(self, *_: object) -> None:
        self.error_label.clear()
        self.error_label.hide()
