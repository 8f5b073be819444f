"""Quoted history and signatures trimmed from the displayed reply (the full text is kept)."""

import pytest

from atiende.channels.mail.parse.quotes import visible_text

REPLY = "El equipo ya funciona, gracias."


@pytest.mark.parametrize(
    "history",
    [
        "El lun, 3 mar 2025 a las 10:00, Soporte <desk@example.com> escribió:\n> ¿Sigue fallando?",
        "On Mon, Mar 3, 2025 at 10:00 AM Support <desk@example.com> wrote:\n> Still failing?",
        "Em seg., 3 de mar. de 2025 às 10:00, Suporte <desk@example.com> escreveu:\n> Ainda?",
        "Le lun. 3 mars 2025 à 10:00, Support <desk@example.com> a écrit :\n> Toujours ?",
        "Am 03.03.2025 um 10:00 schrieb Support <desk@example.com>:\n> Immer noch?",
        "-----Original Message-----\nFrom: Support\nSent: Monday\n\nStill failing?",
        "----- Mensaje original -----\nDe: Soporte\n\n¿Sigue fallando?",
        "De: Soporte <desk@example.com>\nEnviado: lunes, 3 de marzo de 2025 10:00\n"
        "Para: Cliente\nAsunto: RE: Impresora\n\n¿Sigue fallando?",
        "________________________________\nFrom: Support <desk@example.com>\n"
        "Sent: Monday, March 3, 2025 10:00 AM\nTo: Customer\nSubject: Printer\n\nStill?",
        "> ¿Sigue fallando?\n> Saludos",
    ],
)
def test_it_cuts_quoted_history_in_spanish_english_and_other_languages(history):
    assert visible_text(f"{REPLY}\n\n{history}\n") == REPLY


def test_it_handles_a_reply_header_wrapped_over_several_lines():
    text = f"{REPLY}\n\nOn Mon, Mar 3, 2025 at 10:00 AM Support <\ndesk@example.com> wrote:\n\n> Hi"
    assert visible_text(text) == REPLY


@pytest.mark.parametrize(
    "footer",
    [
        "--\nAna Pérez\nMesa de ayuda",
        "-- \nAna",
        "Enviado desde mi iPhone",
        "Sent from my iPhone",
        "Get Outlook for Android",
        "Saludos cordiales,\nAna Pérez\nCoordinadora",
    ],
)
def test_it_trims_signatures_and_mobile_footers(footer):
    assert visible_text(f"{REPLY}\n\n{footer}") == REPLY


def test_it_keeps_new_text_written_below_or_between_quotes():
    text = "Hola,\nEl lun, Soporte <desk@example.com> escribió:\n> ¿Qué modelo?\n\nEl HP 400.\n"
    assert visible_text(text) == text.strip()


def test_it_drops_a_leading_quote_when_the_answer_is_below_it():
    text = "On 04/02/2012 06:26 PM, Megan wrote:\n> Hi\n\nHello"
    assert visible_text(text) == "Hello"


def test_it_does_not_cut_ordinary_sentences_that_look_like_markers():
    text = (
        "On the other hand the printer works.\n"
        "The report was sent from my iPhone app to all users.\n"
        "-- see the attached log --\n"
        "Regards to the team for the quick fix, with regards to the invoice: pending."
    )
    assert visible_text(text) == text


def test_it_keeps_forwarded_messages_visible():
    text = (
        "Please look at this.\n\n---------- Forwarded message ---------\n"
        "From: Customer <c@example.com>\nDate: Mon, 3 Mar 2025\nSubject: Outage\n"
        "To: me@example.com\n\nThe link is down."
    )
    assert visible_text(text) == text


def test_it_returns_the_whole_text_when_everything_would_be_trimmed():
    assert visible_text("> only a quote\n> nothing else") == "> only a quote\n> nothing else"
    assert visible_text("") == ""


def test_it_stays_fast_on_a_huge_quote():
    text = "ok\n\n" + "> quoted line of history\n" * 50_000
    assert visible_text(text) == "ok"
