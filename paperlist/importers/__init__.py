"""Readers that turn other people's paper lists into entries to resolve."""
