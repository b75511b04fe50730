"""Composition root: settings, command line, processes, the web app factory. Nothing imports it."""
