"""The keyboard-wedge scanner, caught whatever widget has the focus (issue 6, item 3).

An application-wide event filter feeds `scanner.wedge.WedgeDetector` every key press that
reaches the focus widget, swallows the keys of a scanner burst (they never land in the amount
field) and hands a human's keys back to the widget they were typed into, in order, press and
release. Qt names come from `pos_app.ui.qt`; the timing rules live in `scanner/wedge.py`.

- Counted: `KeyPress` events whose target is the focus widget (the filter also sees them on
  the window and, when ignored, on each parent). Shift and the other modifiers alone are let
  through untouched: a scanner presses Shift for every capital.
- Timed by the window system's own stamp (`event.timestamp()`, milliseconds, taken when the key
  was pressed, not when a busy GUI thread got round to it), brought onto the injectable clock
  (`time.monotonic` by default) by the smallest delivery delay seen. QTest sends 0 there: such
  events are timed by the clock when they arrive.
- Held keys wait at most `max_key_gap` (30 ms): a single-shot timer polls the detector. A timer
  that fires late (the GUI thread was busy) looks once more after the keys queued meanwhile
  were delivered, rather than release half a burst into the widget.
- While a burst is under way, a `ShortcutOverride` for a text key is accepted, so no shortcut
  fires on a character of the code.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.ui.qt import QApplication, QEvent, QKeyEvent, QObject, Qt, QTimer, QWidget, Signal
from pos_app.ui.wording import say
from scanner.wedge import Action, Step, WedgeDetector, WedgeTiming

log = logging.getLogger(__name__)

_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_KEY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
)
_LATE = 0.010
"""A timer firing this much after its deadline means the GUI thread was busy."""
_REBASE = 5.0
"""A delivery delay this much longer than the smallest seen means the stamps jumped (X server
time wraps every 49 days), not a stall: start again from it."""
_TERMINATORS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})


@dataclass(eq=False)
class _Held:
    """A key press held back while the timing decides: enough to replay it."""

    target: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    released: bool = False
    """Its release came while it was held (swallowed too: replay sends both)."""


class WedgeFilter(QObject):
    scanned = Signal(object)
    """A `ScanEvent` (source WEDGE)."""
    notice = Signal(str)
    """French advice for the cashier (a scanner set for the wrong keyboard layout)."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        timing: WedgeTiming | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.detector: WedgeDetector[_Held] = WedgeDetector(
            timing, on_corrected=lambda layout: log.info("wedge scan corrected from %s", layout)
        )
        self._swallowed_down: Counter[int] = Counter()
        """Key codes whose press was swallowed and whose release must be swallowed too."""
        self._replaying = False
        self._offset: float | None = None
        """Clock minus the window system's stamp, at its smallest (the delivery delay)."""
        self._due: float | None = None
        self._late_once = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)

    def install(self, app: QApplication | None = None) -> None:
        (app or QApplication.instance()).installEventFilter(self)

    def uninstall(self, app: QApplication | None = None) -> None:
        self._timer.stop()
        (app or QApplication.instance()).removeEventFilter(self)

    # --- Qt ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying:
            return False
        kind = event.type()
        if kind not in _KEY_EVENTS:
            return False
        if not self._is_target(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.ShortcutOverride:
            if self.detector.in_burst and _printable(event):
                event.accept()
                return True
            return False
        if kind == QEvent.Type.KeyRelease:
            return self._on_release(event)
        return self._on_press(watched, event)

    def poll(self) -> None:
        """Ask the detector whether held keys are a human's or a burst ended by a pause (the
        timer calls it; tests call it after moving their clock)."""
        self._apply(self.detector.poll(self.clock()), None)

    # --- inside -----------------------------------------------------------------------------

    def _on_timer(self) -> None:
        late = self._due is not None and self.clock() - self._due > _LATE
        if late and not self._late_once:
            self._late_once = True
            self._timer.start(1)  # let the keys queued during the stall in first
            return
        self._late_once = False
        self.poll()

    def _key_time(self, event: QKeyEvent) -> float:
        now = self.clock()
        stamp = event.timestamp() / 1000
        if not stamp:
            return now
        delay = now - stamp
        if self._offset is None or delay < self._offset or delay - self._offset > _REBASE:
            self._offset = delay  # first stamp, a quicker delivery, or a stamp that jumped
        return min(now, stamp + self._offset)

    @staticmethod
    def _is_target(watched: QObject) -> bool:
        target = QWidget.keyboardGrabber() or QApplication.focusWidget()
        if target is not None:
            return watched is target
        return isinstance(watched, QWidget) and watched.isWindow()

    def _on_press(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        now = self._key_time(event)
        ctrl_or_meta = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
        )
        if key in _TERMINATORS and not ctrl_or_meta:
            step = self.detector.terminator(now)
        elif _printable(event):
            held = _Held(watched, key, event.modifiers(), event.text())
            step = self.detector.key(event.text(), now, held, event.isAutoRepeat())
        else:
            step = self.detector.other_key(now)
        return self._apply(step, key)

    def _on_release(self, event: QKeyEvent) -> bool:
        key = event.key()
        if self._swallowed_down[key] <= 0:
            return False
        self._swallowed_down[key] -= 1
        for held in self.detector.held:
            if held.key == key and not held.released:
                held.released = True
                break
        return True

    def _apply(self, step: Step[_Held], key: int | None) -> bool:
        for held in step.release:
            self._replay(held)
        if step.scan is not None:
            self.scanned.emit(step.scan)
        if step.notice is not None:
            self.notice.emit(say(step.notice))
        self._schedule()
        if key is None:
            return False
        if step.action is Action.HOLD:
            self._swallowed_down[key] += 1
            return True
        return False

    def _replay(self, held: _Held) -> None:
        target = held.target  # the widget it was typed into
        if not held.released:
            self._swallowed_down[held.key] -= 1  # its own release will reach the widget
        self._replaying = True
        try:
            press = QKeyEvent(QEvent.Type.KeyPress, held.key, held.modifiers, held.text)
            QApplication.sendEvent(target, press)
            if held.released:
                release = QKeyEvent(QEvent.Type.KeyRelease, held.key, held.modifiers, held.text)
                QApplication.sendEvent(target, release)
        except RuntimeError:  # the widget was deleted while its key was held
            log.debug("held key dropped: its widget is gone")
        finally:
            self._replaying = False

    def _schedule(self) -> None:
        deadline = self.detector.deadline()
        self._due = deadline
        self._late_once = False
        if deadline is None:
            self._timer.stop()
            return
        self._timer.start(max(0, math.ceil((deadline - self.clock()) * 1000)) + 1)


def _printable(event: QKeyEvent) -> bool:
    text = event.text()
    if not text or not text.isprintable():
        return False
    modifiers = event.modifiers()
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    return not ctrl or alt  # Ctrl+Alt is AltGr on Windows (AZERTY's @, #, { …)
