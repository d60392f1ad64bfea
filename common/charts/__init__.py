"""
Server-made SVG charts, shared by pages and PDFs.

Each chart is a pure function from numbers and labels to an SVG string (every label escaped), and
every chart prints its values or comes with a data table: colour is never the only carrier of
meaning. Modules: `palette` (colours), and one module per chart family.
"""
