"""Inbound and outbound channels (mail, phone, WhatsApp, portal forms): one folder each."""
