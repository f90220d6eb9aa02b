"""The one module that imports Qt: every widget module takes its Qt names from here."""

from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDate,
    QEvent,
    QIODevice,
    QLibraryInfo,
    QLocale,
    QObject,
    QPointF,
    QRectF,
    QRegularExpression,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QClipboard,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QRegularExpressionValidator,
    QResizeEvent,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractButton",
    "QAbstractItemView",
    "QApplication",
    "QBrush",
    "QBuffer",
    "QButtonGroup",
    "QByteArray",
    "QCheckBox",
    "QClipboard",
    "QColor",
    "QComboBox",
    "QCoreApplication",
    "QDate",
    "QDateEdit",
    "QEvent",
    "QFont",
    "QFontDatabase",
    "QFontMetrics",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGroupBox",
    "QHBoxLayout",
    "QHeaderView",
    "QIODevice",
    "QImage",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLibraryInfo",
    "QLineEdit",
    "QListWidget",
    "QListWidgetItem",
    "QLocale",
    "QMainWindow",
    "QMessageBox",
    "QObject",
    "QPainter",
    "QPen",
    "QPixmap",
    "QPlainTextEdit",
    "QPointF",
    "QProgressBar",
    "QPushButton",
    "QRadioButton",
    "QRectF",
    "QRegularExpression",
    "QRegularExpressionValidator",
    "QResizeEvent",
    "QRunnable",
    "QScrollArea",
    "QShortcut",
    "QSize",
    "QSizePolicy",
    "QSpinBox",
    "QStackedWidget",
    "QStatusBar",
    "QTableWidget",
    "QTableWidgetItem",
    "QTextDocument",
    "QThreadPool",
    "QTimer",
    "QToolButton",
    "QTranslator",
    "QUrl",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "Signal",
    "Slot",
    "audio_output_available",
    "print_dialog_class",
    "print_support",
    "sound_effect_class",
]


def sound_effect_class() -> Any:
    """QtMultimedia's QSoundEffect, imported on first use: it comes from PySide6-Addons and
    loads the audio stack (≈ 35 ms), which must not delay the window's first paint. None when
    it cannot be loaded (no Addons, no libpulse): the counter then works without sound."""
    try:
        from PySide6.QtMultimedia import QSoundEffect
    except ImportError:
        return None
    return QSoundEffect


def audio_output_available() -> bool:
    """Whether the machine has a sound output at all (a till without speakers stays silent
    instead of logging a playback error per verdict)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    return not QMediaDevices.defaultAudioOutput().isNull()


def print_support() -> tuple[Any, Any]:
    """QtPrintSupport's (QPrinter, QPrinterInfo), imported on first use (a receipt printed):
    ≈ 5 ms the window's start does not need."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    return QPrinter, QPrinterInfo


def print_dialog_class() -> Any:
    """QtPrintSupport's QPrintDialog, imported on first use (the cashier asked for it)."""
    from PySide6.QtPrintSupport import QPrintDialog

    return QPrintDialog
