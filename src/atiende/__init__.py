"""Atiende: a service desk for the support teams of telecom and IT providers."""

__version__ = "0.1.0"
