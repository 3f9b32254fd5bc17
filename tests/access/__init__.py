"""The access table: every page and API endpoint × every role × the status expected.

`tests/test_access_table.py` runs it. Each capability keeps its rows in a module of this
package (`ROWS`) and the objects those rows point at in `objects(world)`; `table.py` lists
the modules. A page or endpoint served without a row fails the table.
"""
