#!/bin/sh
# tests/cli/stats.sh - every number `lineage stats` prints, recounted
# independently in Python on the real fixtures for several samplings
# (tests/stats/check_stats.py: all tables, every row and column, the order,
# percentages as printed, the placeholder-date note).
. tests/lib.sh
"$PYTHON" tests/stats/check_stats.py "$LINEAGE" || failures=$((failures + 1))
finish
