"""Territorial coverage: accessibility of places and where to open new ones (capability 3).

The solver (`solver.py`, with `matrix.py`, `mclp.py` and `lscp.py`) is pure numpy/scipy.
"""
