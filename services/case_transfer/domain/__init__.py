"""Pure rules of case-transfer (案件移送): stages, 行刑衔接, deadlines, discretion
benchmarks, the sanction ladder, visibility, suspects' identity. Data in, data out."""
