"""The settings page's "API locale" section: turn the local API on or off, its port, and the
secret the partner copies into their own till software (shown, copied, regenerated).

Reading or replacing the secret may wait for the OS keyring: it runs off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from pos_app.counter_settings import load_settings, save_settings
from pos_app.services import Till
from pos_app.services.local_api import ApiSecret
from pos_app.ui.jobs import run_in_background
from pos_app.ui.local_api_controller import LocalApiController
from pos_app.ui.qt import (
    QApplication,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    Slot,
)
from pos_app.ui.wording import say

log = logging.getLogger(__name__)


class LocalApiSection(QGroupBox):
    def __init__(
        self,
        till: Till,
        save: Callable[..., bool] | None = None,
        controller: LocalApiController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`save(**changes)`: how the settings page saves a change of its settings (so that
        its other choices, kept in memory, never overwrite these)."""
        super().__init__(parent)
        self._save = save or self._save_alone
        self.setTitle(self.tr("API locale (logiciel de caisse du partenaire)"))
        self.till = till
        self.controller: LocalApiController | None = None
        settings = load_settings(till.data_dir)
        layout = QVBoxLayout(self)
        self.enabled_box = QCheckBox(self.tr("Activer l'API locale sur cet ordinateur"))
        self.enabled_box.setChecked(settings.api_enabled)
        self.enabled_box.toggled.connect(self._apply)
        port_row = QHBoxLayout()
        port_row.addWidget(QLabel(self.tr("Port :")))
        self.port_box = QSpinBox()
        self.port_box.setRange(1024, 65535)
        self.port_box.setValue(settings.api_port)
        self.port_box.editingFinished.connect(self._apply)
        port_row.addWidget(self.port_box)
        port_row.addStretch(1)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        secret_row = QHBoxLayout()
        self.secret_field = QLineEdit()
        self.secret_field.setReadOnly(True)
        self.secret_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_field.setPlaceholderText(self.tr("secret masqué"))
        self.show_button = QPushButton(self.tr("Afficher"))
        self.show_button.setCheckable(True)
        self.show_button.toggled.connect(self._show_secret)
        self.copy_button = QPushButton(self.tr("Copier"))
        self.copy_button.clicked.connect(self.copy_secret)
        self.new_button = QPushButton(self.tr("Nouveau secret"))
        self.new_button.clicked.connect(self.regenerate)
        secret_row.addWidget(QLabel(self.tr("Secret :")))
        secret_row.addWidget(self.secret_field, 1)
        for button in (self.show_button, self.copy_button, self.new_button):
            secret_row.addWidget(button)
        self.enabled_box.setAccessibleName(self.tr("Activer l'API locale"))
        self.port_box.setAccessibleName(self.tr("Port de l'API locale"))
        self.secret_field.setAccessibleName(self.tr("Secret de l'API locale"))
        self.show_button.setAccessibleName(self.tr("Afficher le secret de l'API locale"))
        self.copy_button.setAccessibleName(self.tr("Copier le secret de l'API locale"))
        self.new_button.setAccessibleName(self.tr("Remplacer le secret de l'API locale"))
        note = QLabel(
            self.tr(
                "Le logiciel de caisse du partenaire envoie ce secret dans l'en-tête "
                "« Authorization: Bearer … ». Un nouveau secret remplace l'ancien aussitôt. "
                "L'API n'écoute que sur cet ordinateur (127.0.0.1) : voir docs/local-api.md."
            )
        )
        note.setWordWrap(True)
        self.secret_note = QLabel()
        layout.addWidget(self.enabled_box)
        layout.addLayout(port_row)
        layout.addWidget(self.state_label)
        layout.addLayout(secret_row)
        layout.addWidget(self.secret_note)
        layout.addWidget(note)
        self.attach(controller)

    def attach(self, controller: LocalApiController | None) -> None:
        """The window's running API, to start and stop at once (alone: at next start)."""
        self.controller = controller
        if controller is not None:
            controller.state_changed.connect(self.show_state)
        self.show_state()

    @Slot()
    def show_state(self) -> None:
        controller = self.controller
        if controller is None:
            text = self.tr("Appliqué au prochain démarrage de la caisse.")
        elif controller.running:
            text = self.tr("En service : %1").replace("%1", controller.url)
            if controller.warning:
                text += "\n⚠ " + say(controller.warning)
        elif controller.error:
            text = "✖ " + say(controller.error)
        else:
            text = self.tr("Arrêtée.")
        self.state_label.setText(text)

    @Slot()
    def _apply(self) -> None:
        enabled, port = self.enabled_box.isChecked(), self.port_box.value()
        settings = load_settings(self.till.data_dir)
        running = self.controller.running if self.controller is not None else enabled
        if (enabled, port) == (settings.api_enabled, settings.api_port) and running == enabled:
            return
        if not self._save(api_enabled=enabled, api_port=port):
            return
        if self.controller is None:
            self.show_state()
        else:
            self.controller.apply()

    def _save_alone(self, **changes: object) -> bool:
        try:
            save_settings(self.till.data_dir, replace(load_settings(self.till.data_dir), **changes))
        except OSError as exc:
            log.error("saving the local API settings failed: %s", exc)
            return False
        return True

    def _with_secret(self, work, then) -> None:  # type: ignore[no-untyped-def]
        for button in (self.copy_button, self.new_button):
            button.setEnabled(False)
        run_in_background(work, then, self._secret_failed)

    @Slot(bool)
    def _show_secret(self, shown: bool) -> None:
        self.secret_field.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        if shown and not self.secret_field.text():
            self._with_secret(ApiSecret(self.till).current, self._secret_read)

    @Slot()
    def copy_secret(self) -> None:
        self._with_secret(ApiSecret(self.till).current, self._copy)

    @Slot()
    def regenerate(self) -> None:
        self._with_secret(ApiSecret(self.till).regenerate, self._regenerated)

    @Slot(object)
    def _secret_read(self, secret: str) -> None:
        self._secret_done(secret)

    @Slot(object)
    def _copy(self, secret: str) -> None:
        self._secret_done(secret)
        QApplication.clipboard().setText(secret)
        self.secret_note.setText(self.tr("Secret copié dans le presse-papiers."))

    @Slot(object)
    def _regenerated(self, secret: str) -> None:
        self._secret_done(secret)
        self.secret_note.setText(
            self.tr(
                "Nouveau secret : l'ancien ne marche plus. Copiez-le dans le logiciel de caisse."
            )
        )

    def _secret_done(self, secret: str) -> None:
        self.secret_field.setText(secret)
        for button in (self.copy_button, self.new_button):
            button.setEnabled(True)

    @Slot(object)
    def _secret_failed(self, error: Exception) -> None:
        for button in (self.copy_button, self.new_button):
            button.setEnabled(True)
        self.secret_note.setText("✖ " + say(getattr(error, "message", str(error))))
