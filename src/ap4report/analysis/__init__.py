"""The analysis layer: the data shaped for the figures, the tables and numbers.json.

One module per topic. Functions take the datasets as DataFrames and return shaped data
(grids, matrices, classifications, sums, shares, tidy tables); figures draw them, tables
format them and `ap4report.numbers` quotes them, so that all three read the same numbers.

Modules here import no figure or table module and never matplotlib, and import pandas
inside functions (the Snakefile imports the figure modules, and through them these, to
read their DATASETS). They are language-free: codes and the data's own words in, codes and
numbers out; the words a figure or table shows are chosen there. The exceptions are
named where they occur (the ITPP area names, which numbers.json quotes too; Kiel's donor
names, localized like the countries table).
"""
