"""Clients for the services papers are fetched from."""
