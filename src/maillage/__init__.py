"""Maillage: run a territorial digital cooperation hub."""
