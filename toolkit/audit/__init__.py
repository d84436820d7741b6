"""The billing rules over a whole visit log (pandas/numpy): reading, units, checks, report."""
