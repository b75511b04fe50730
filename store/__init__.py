"""Persistence: models, engine and session factories, small typed queries. Imports nothing of ours."""
