"""Issue 15 item 5: offline is unmistakable on the status strip, in words and colour, and the
Region's data is never « à jour » while the till cannot reach the Region."""

from __future__ import annotations

from datetime import timedelta

from pos_app.services import Till
from pos_app.ui.main_window import MainWindow

OFFLINE_WORDS = "Hors ligne : les ventes sont gardées et partiront dès le retour du réseau"


def test_offline_is_a_banner_in_words_and_the_data_age_is_shown(
    qtbot, cinema_till: Till, region
) -> None:
    _, server = region
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    window.show()
    strip = window.status_strip
    window.online = True
    window.refresh_status()
    assert not strip.offline_banner.isVisible()
    assert "données de la Région : à jour" in strip.summary.text()  # just synced, online

    server.stop()
    window.on_sync()
    qtbot.waitUntil(lambda: window.sync_button.isEnabled(), timeout=20_000)
    assert window.online is False
    assert strip.offline_banner.isVisible()
    assert OFFLINE_WORDS in strip.offline_banner.text()
    assert "#a61b1b" in strip.offline_banner.styleSheet()  # white on red, not a small grey word
    assert "fde2e1" in strip.styleSheet()  # the whole strip turns red
    assert "Hors ligne" in strip.connection.text()
    assert "à jour" not in strip.summary.text()
    assert "en attente d'envoi : 0" in strip.summary.text()  # offline, always said
    assert "données de la Région : il y a moins d'une minute" in strip.summary.text()


def test_offline_data_age_in_minutes_hours_and_days(qtbot, cinema_till: Till) -> None:
    window = MainWindow(cinema_till)
    qtbot.addWidget(window)
    strip = window.status_strip
    strip.show_connection(False)
    assert strip._age(timedelta(seconds=90)) == "il y a 1 min"
    assert strip._age(timedelta(hours=5)) == "il y a 5 h"
    assert strip._age(timedelta(days=4)) == "il y a 4 jours"
    strip.show_connection(True)
    assert strip._age(timedelta(seconds=90)) == "à jour"
    assert not strip.offline_banner.isVisibleTo(window)


def test_a_till_not_activated_is_not_checking_a_connection(qtbot, tmp_path) -> None:
    with Till(tmp_path / "fresh") as fresh:
        window = MainWindow(fresh)
        qtbot.addWidget(window)
        window.refresh_status()
        assert "vérification" not in window.status_strip.connection.text()
        assert "Pas encore reliée à la Région" in window.status_strip.connection.text()
        window.close()
